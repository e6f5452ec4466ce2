"""The words and rules the report and the window use for severities, progress, verdicts and the decision.

They are content, read from the `vocabulary:` block of `flows/terms.yaml`, so
reordering severities, adding one, recolouring a risk bar or changing which
findings make a review "Needs counsel" is a YAML edit. Rules name severities by
rank (`at_least: high`: that severity and every more serious one), so a
severity added above another is matched wherever the other is. Code refers
only to the keys below, never to an id of a severity, verdict, decision or tag
(`wizard.content_ids` makes `check` refuse one written in code or templates).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from wizard.yamllines import LineDict, LineList

PROGRESS_KEYS = ("not_started", "in_progress", "done", "open_questions")
MATCH_KEYS = ("kind", "at_least", "tag", "flow")
RAISED_KEYS = ("unknown", "disagree")  # the tags the app gives the questions it raises itself (see `Vocabulary.raised`)
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Severity:
    """One risk severity: its id in flow files, the word shown, and its colour in the report's risk bar."""

    id: str
    label: str
    colour: str


@dataclass(frozen=True)
class Match:
    """A pattern over one finding: each field given must match (a set means any of its values).

    `severities` is every severity at least as serious as the rule's `at_least`.
    """

    kinds: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    flows: frozenset[str] = frozenset()

    def matches(self, kind: str, severity: str | None, tags: Iterable[str], flow: str) -> bool:
        return (
            (not self.kinds or kind in self.kinds)
            and (not self.severities or severity in self.severities)
            and (not self.tags or bool(self.tags & set(tags)))
            and (not self.flows or flow in self.flows)
        )


@dataclass(frozen=True)
class Status:
    """A verdict or an overall decision, with the rule that selects it.

    Statuses are tried in order; the first whose `when` matches at least one
    finding wins, and the matching findings are the ones that decide it. The
    last status has no rule (`when` empty) and applies when no other does.
    """

    id: str
    label: str
    explain: str = ""
    when: tuple[Match, ...] = ()

    @property
    def is_default(self) -> bool:
        return not self.when


@dataclass(frozen=True)
class Vocabulary:
    severities: tuple[Severity, ...]  # most serious first
    progress: Mapping[str, str]  # PROGRESS_KEYS -> label
    verdicts: tuple[Status, ...]  # per part, in rule order
    decisions: tuple[Status, ...]  # overall, in rule order
    tags: Mapping[str, str]  # tag id -> what it means
    # RAISED_KEYS -> tag id: `unknown` for a part not finished (its findings cannot be assessed yet),
    # `disagree` for answers in two parts that cannot both hold; a key left out raises no tag.
    raised: Mapping[str, str] = field(default_factory=dict)
    # The severities the report calls serious (protections do not offset them): `serious: {at_least: id}`,
    # by default the most serious one.
    serious: frozenset[str] = frozenset()

    def raised_tags(self, key: str) -> frozenset[str]:
        """The tag the app gives a question it raises itself (RAISED_KEYS), as a tag set."""
        return frozenset({self.raised[key]}) if key in self.raised else frozenset()

    def severity(self, severity_id: str) -> Severity:
        for s in self.severities:
            if s.id == severity_id:
                return s
        raise KeyError(severity_id)

    def rank(self, severity_id: str | None) -> int:
        """Position in the severity order (0 = most serious); unknown or none sorts last."""
        ids = [s.id for s in self.severities]
        return ids.index(severity_id) if severity_id in ids else len(ids)

    def verdict(self, verdict_id: str) -> Status:
        return _by_id(self.verdicts, verdict_id)

    def decision(self, decision_id: str) -> Status:
        return _by_id(self.decisions, decision_id)


def _by_id(statuses: tuple[Status, ...], status_id: str) -> Status:
    for s in statuses:
        if s.id == status_id:
            return s
    raise KeyError(status_id)


class Reader(Protocol):
    """The part of the flow reader this module uses (see `wizard.flows`)."""

    def err(self, line: int, message: str) -> None: ...

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None: ...

    def keys(self, data: LineDict, required: Iterable[str], optional: Iterable[str], what: str) -> None: ...

    def text(self, data: LineDict, key: str, what: str, default: str | None = None) -> str: ...


def parse_vocabulary(r: Reader, raw: Any, line: int, kinds: Iterable[str]) -> Vocabulary | None:
    """Schema-check the `vocabulary:` block; report problems through the reader."""
    root = r.mapping(raw, line, "'vocabulary'")
    if root is None:
        return None
    r.keys(root, ("severities", "progress", "verdicts", "decisions"), ("tags", "raised", "serious"), "'vocabulary'")
    severities = _severities(r, root)
    progress = _labels(r, root, "progress", PROGRESS_KEYS)
    tags = _labels(r, root, "tags", None) if "tags" in root else {}
    known = {"kind": set(kinds), "tag": set(tags)}
    ranked = tuple(s.id for s in severities)
    verdicts = _statuses(r, root, "verdicts", known, ranked)
    decisions = _statuses(r, root, "decisions", known, ranked)
    _all_reached(r, root, severities, (*verdicts, *decisions))
    raised = _raised(r, root, set(tags)) if "raised" in root else {}
    serious = frozenset(ranked[:1])
    if "serious" in root:
        raw = root["serious"]
        if isinstance(raw, LineDict) and set(raw) == {"at_least"}:
            serious = _at_least(r, raw, ranked)
        else:
            r.err(root.line_of("serious"), "'serious' takes {at_least: <severity>}")
    return Vocabulary(severities, progress, verdicts, decisions, tags, raised, serious)


def _all_reached(r: Reader, root: LineDict, severities: tuple[Severity, ...], statuses: tuple[Status, ...]) -> None:
    """Refuse a severity no verdict or decision rule matches: a risk of it alone would get the default."""
    raw = root.get("severities")
    for i, s in enumerate(severities):
        if not any(
            (not m.kinds or "risk" in m.kinds) and (not m.severities or s.id in m.severities) and not m.tags and not m.flows
            for status in statuses
            for m in status.when
        ):
            line = raw.line_of(i) if isinstance(raw, LineList) else root.line_of("severities")
            r.err(line, f"severity '{s.id}' is reached by no rule: a risk of it alone would get the default verdict")


def _raised(r: Reader, root: LineDict, tags: set[str]) -> dict[str, str]:
    raw = root.get("raised")
    if not isinstance(raw, LineDict):
        r.err(root.line_of("raised"), f"'raised' must map {', '.join(RAISED_KEYS)} to tag ids")
        return {}
    r.keys(raw, (), RAISED_KEYS, "'raised'")
    result: dict[str, str] = {}
    for key in raw:
        value = raw[key]
        if not isinstance(value, str) or value not in tags:
            r.err(raw.line_of(key), f"'{key}' in 'raised' must be one of the vocabulary's tags ({', '.join(sorted(tags))})")
            continue
        result[str(key)] = value
    return result


def _severities(r: Reader, root: LineDict) -> tuple[Severity, ...]:
    raw = root.get("severities")
    if not isinstance(raw, LineList) or not raw:
        r.err(root.line_of("severities"), "'severities' must be a list, most serious first")
        return ()
    result: list[Severity] = []
    for i, item in enumerate(raw):
        s = r.mapping(item, raw.line_of(i), f"severity {i + 1}")
        if s is None:
            continue
        what = f"severity '{s.get('id', i + 1)}'"
        r.keys(s, ("id", "label", "colour"), (), what)
        sid = s.get("id")
        if not isinstance(sid, str) or not _ID.match(sid):
            r.err(s.line_of("id"), f"'id' of {what} must be an id like 'high'")
            continue
        if any(x.id == sid for x in result):
            r.err(s.line_of("id"), f"duplicate severity '{sid}'")
        colour = s.get("colour")
        if not isinstance(colour, str) or not COLOUR.match(colour):
            r.err(s.line_of("colour"), f"'colour' of {what} must be a colour like '#b3261e'")
            colour = ""
        result.append(Severity(sid, r.text(s, "label", what), str(colour)))
    return tuple(result)


def _labels(r: Reader, root: LineDict, key: str, required: tuple[str, ...] | None) -> dict[str, str]:
    raw = root.get(key)
    if not isinstance(raw, LineDict):
        r.err(root.line_of(key), f"'{key}' must map ids to labels")
        return {}
    if required is not None:
        r.keys(raw, required, (), f"'{key}'")
    labels: dict[str, str] = {}
    for k in raw:
        if not _ID.match(str(k)):
            r.err(raw.line_of(k), f"'{k}' in '{key}' must be an id like 'needs_approval'")
        labels[str(k)] = r.text(raw, k, f"'{key}'")
    return labels


def _statuses(r: Reader, root: LineDict, key: str, known: dict[str, set[str]], ranked: tuple[str, ...]) -> tuple[Status, ...]:
    raw = root.get(key)
    if not isinstance(raw, LineList) or not raw:
        r.err(root.line_of(key), f"'{key}' must be a list of statuses, each with the rule that selects it")
        return ()
    result: list[Status] = []
    for i, item in enumerate(raw):
        s = r.mapping(item, raw.line_of(i), f"{key} {i + 1}")
        if s is None:
            continue
        what = f"'{s.get('id', i + 1)}' of '{key}'"
        r.keys(s, ("id", "label"), ("explain", "when"), what)
        sid = s.get("id")
        if not isinstance(sid, str) or not _ID.match(sid):
            r.err(s.line_of("id"), f"'id' of {what} must be an id like 'can_proceed'")
            sid = ""
        elif any(x.id == sid for x in result):
            r.err(s.line_of("id"), f"duplicate id '{sid}' in '{key}'")
        last = i == len(raw) - 1
        if last and "when" in s:
            r.err(s.line_of("when"), f"the last of '{key}' is the default and takes no 'when'")
        if not last and "when" not in s:
            r.err(s.line, f"only the last of '{key}' may lack 'when'")
        when = _rule(r, s["when"], s.line_of("when"), known, ranked) if "when" in s else ()
        result.append(Status(sid, r.text(s, "label", what), r.text(s, "explain", what, ""), when))
    return tuple(result)


def _rule(r: Reader, raw: Any, line: int, known: dict[str, set[str]], ranked: tuple[str, ...]) -> tuple[Match, ...]:
    """`when` is one pattern, or `{any: [pattern, ...]}`."""
    if isinstance(raw, LineDict) and set(raw) == {"any"}:
        items = raw["any"]
        if not isinstance(items, LineList) or not items:
            r.err(raw.line_of("any"), "'any' takes a non-empty list of patterns")
            return ()
        return tuple(m for i, item in enumerate(items) if (m := _match(r, item, items.line_of(i), known, ranked)))
    m = _match(r, raw, line, known, ranked)
    return (m,) if m else ()


def _at_least(r: Reader, raw: LineDict, ranked: tuple[str, ...]) -> frozenset[str]:
    """`at_least: high`: that severity and every more serious one (severities are listed most serious first)."""
    value = raw["at_least"]
    if not isinstance(value, str) or value not in ranked:
        r.err(raw.line_of("at_least"), f"unknown severity '{value}' in 'at_least' (known: {', '.join(ranked)})")
        return frozenset()
    return frozenset(ranked[: ranked.index(value) + 1])


def _match(r: Reader, raw: Any, line: int, known: dict[str, set[str]], ranked: tuple[str, ...]) -> Match | None:
    form = "a pattern is {kind|tag|flow: id or [ids], at_least: severity} or {any: [patterns]}"
    if not isinstance(raw, LineDict) or not raw:
        r.err(line, form)
        return None
    fields: dict[str, frozenset[str]] = {}
    for key, value in raw.items():
        if key == "severity":
            r.err(raw.line_of(key), "name severities by rank: 'at_least: <severity>' matches it and every more serious one")
            continue
        if key == "at_least":
            fields["severity"] = _at_least(r, raw, ranked)
            continue
        if key not in MATCH_KEYS:
            r.err(raw.line_of(key), f"unknown key '{key}' in a pattern ({form})")
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            r.err(raw.line_of(key), f"'{key}' takes an id or a list of ids")
            continue
        for v in values:
            if key in known and v not in known[key]:
                r.err(raw.line_of(key), f"unknown {key} '{v}' (known: {', '.join(sorted(known[key]))})")
        fields[key] = frozenset(values)
    return Match(
        fields.get("kind", frozenset()),
        fields.get("severity", frozenset()),
        fields.get("tag", frozenset()),
        fields.get("flow", frozenset()),
    )
