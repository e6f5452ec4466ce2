"""YAML loading that remembers line numbers, so every error can say `file:line`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from wizard.fsio import FileError, read_bounded
from wizard.session import text_problem
from wizard.yamllines import LineDict, LineList  # also imported from here by the other readers


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, so `label: No` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.MarkedYAMLError(problem=f"duplicate key '{key}'", problem_mark=key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same rules on libyaml's parser (in PyYAML's binary wheels): about ten
    times faster, and flows are parsed at every start. Errors are re-parsed with
    `_Loader`, so messages stay PyYAML's own wording."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.yaml_constructors = {**yaml.SafeLoader.yaml_constructors, **_Loader.yaml_constructors}


class YamlSyntaxError(ValueError):
    """Unparseable YAML, already phrased as `file:line: message`."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


MAX_YAML_BYTES = 2 * 1024 * 1024  # flows and scenarios are a few kB; a bigger file is a mistake
MAX_DEPTH = 40  # nested mappings and lists; flows use about ten
MAX_DIGITS = 100  # a whole number in a flow or scenario; Python refuses to read more than 4,300
_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_TIMESTAMP = next(r for rs in _Loader.yaml_implicit_resolvers.values() for tag, r in rs if tag == _TIMESTAMP_TAG)
_TIMESTAMPS = yaml.constructor.SafeConstructor()  # only its timestamp rule is used, on one scalar at a time


def _check_events(text: str, path: Path | str, loader: type) -> None:
    """Refuse what would cost far more to load than the file's size: aliases, deep nesting, huge numbers.

    An alias repeats a node without copying it, so a 2 kB file can expand to
    gigabytes once printed or used as a key; deep nesting exhausts the stack.
    Text that could never be saved (control characters, lone surrogates from
    escapes) is refused here too, so it never reaches a session.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlSyntaxError(path, line, f"aliases (*{event.anchor}) are not supported; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(path, line, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            _check_scalar(event, path, line)


def _check_scalar(event: yaml.ScalarEvent, path: Path | str, line: int) -> None:
    value = event.value
    problem = text_problem(value, MAX_YAML_BYTES)
    if problem:
        raise YamlSyntaxError(path, line, f"the text {problem}")
    if not event.style and len(value) > MAX_DIGITS and _DECIMAL.fullmatch(value):
        raise YamlSyntaxError(path, line, f"a number with more than {MAX_DIGITS} digits")
    dated = event.tag == _TIMESTAMP_TAG or (not event.style and event.implicit[0] and _TIMESTAMP.match(value))
    if dated and not _real_moment(value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        raise YamlSyntaxError(path, line, f"{shown} is not a real date or time")


def _real_moment(value: str) -> bool:
    """Whether a plain scalar YAML reads as a date or time names a real one (2026-02-30 and year 0 do not)."""
    if not _TIMESTAMP.match(value):
        return False
    try:
        _TIMESTAMPS.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP_TAG, value))
    except (ValueError, OverflowError):
        return False
    return True


def load_text(text: str, path: Path | str) -> Any:
    """Parse YAML text; raise YamlSyntaxError naming the file and line."""
    try:
        _check_events(text, path, _FastLoader)
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - SafeLoader rules
    except yaml.YAMLError:
        pass
    try:
        _check_events(text, path, _Loader)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        raise YamlSyntaxError(path, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(path, 1, f"invalid YAML: {exc}") from None


def load_file(path: Path) -> Any:
    """Read and parse a YAML file; undecodable, unreadable or oversized files are line-1 errors."""
    try:
        raw = read_bounded(path, MAX_YAML_BYTES, "too large for a flow or scenario file")
    except FileError as exc:
        raise YamlSyntaxError(path, 1, exc.reason) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlSyntaxError(path, 1, "not UTF-8 text") from None
    return load_text(text, path)
