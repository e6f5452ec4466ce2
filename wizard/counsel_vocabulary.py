"""Counsel's vocabulary (decisions, risk dispositions, wording), read from `templates/counsel.yaml` (no Qt).

The ids are content, stored in sessions and scenarios; Python only knows the
shape of the file and the wording keys it fills in.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wizard.bidi import isolate
from wizard.paths import templates_dir
from wizard.yamlsource import LineDict, LineList, YamlSyntaxError, load_file

FILE_NAME = "counsel.yaml"
CONDITION_RULES = ("none", "optional", "required")
# Each wording key and the fields it may fill in.
WORDING = {
    "decided": {"decision", "reviewer", "date"},
    "decided_stale": {"decision", "reviewer", "date"},
    "preliminary": {"status"},
    "stale": set(),
    "history_decided": set(),
    "history_revised": set(),
    "history_confirmed": set(),
    "changed_answer": set(),
    "added_answer": set(),
    "removed_answer": set(),
    "unverified": {"line", "why"},
    "unverified_source": {"problem"},
    "unverified_no_history": set(),
    "unverified_history": set(),
    "unverified_no_log": set(),
    "changed_note": set(),
    "added_note": set(),
    "removed_note": set(),
    "condition_title": {"number"},
    "calendar_due": {"title"},
    "calendar_review": {"project"},
    "calendar_owner": {"owner"},
}


class VocabularyError(ValueError):
    """A broken counsel vocabulary file; the message is `file:line: what`."""


@dataclass(frozen=True)
class DecisionTerm:
    id: str
    label: str
    conditions: str  # none | optional | required
    approves: bool = False  # the use may go ahead: the window asks counsel to confirm over open questions


@dataclass(frozen=True)
class DispositionTerm:
    id: str
    label: str
    needs_comment: bool
    action: bool


@dataclass(frozen=True)
class Vocabulary:
    decisions: Mapping[str, DecisionTerm]
    dispositions: Mapping[str, DispositionTerm]
    actionable: frozenset[str]
    review_after_months: int
    wording: Mapping[str, str]

    def say(self, key: str, **fields: object) -> str:
        """The wording with its fields filled in; each text field isolated, so a name cannot reorder the sentence."""
        return self.wording[key].format(**{k: isolate(v) if isinstance(v, str) else v for k, v in fields.items()})

    def decision_label(self, decision_id: str) -> str:
        term = self.decisions.get(decision_id)
        return term.label if term else decision_id

    def disposition_label(self, disposition_id: str) -> str:
        term = self.dispositions.get(disposition_id)
        return term.label if term else disposition_id


def vocabulary(directory: Path | None = None) -> Vocabulary:
    """The vocabulary shipped with the app (or the one in `directory`), read once."""
    return _load((directory or templates_dir()) / FILE_NAME)


def load_mapping(path: Path, holds: str) -> LineDict:
    """A wording file of templates/ as a line-aware mapping; any problem is a `VocabularyError` at `file:line`."""
    try:
        data = load_file(path)
    except YamlSyntaxError as exc:
        raise VocabularyError(str(exc)) from None
    if not isinstance(data, LineDict):
        raise VocabularyError(f"{path}:1: expected a mapping with {holds}")
    return data


def check_wording(path: Path, wording: LineDict, key: str, fields: set[str]) -> None:
    """The wording `key` of a templates/ file is there and fills in only `fields`; else a `VocabularyError`."""

    def fail(message: str) -> VocabularyError:
        return VocabularyError(f"{path}:{wording.line_of(key)}: {message}")

    text = wording.get(key)
    if not isinstance(text, str):
        raise fail(f"wording '{key}' is missing")
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise fail(f"wording '{key}': {exc}") from None
    if used - fields:
        allowed = ", ".join(sorted(fields)) or "none"
        raise fail(f"wording '{key}' uses {{{sorted(used - fields)[0]}}} (fields: {allowed})")


@lru_cache(maxsize=4)
def _load(path: Path) -> Vocabulary:
    return _VocabularyFile(path, load_mapping(path, "decisions, dispositions and wording")).read()


class _VocabularyFile:
    """Reads a loaded vocabulary file section by section; every problem names its line."""

    def __init__(self, path: Path, data: LineDict) -> None:
        self.path = path
        self.data = data

    def read(self) -> Vocabulary:
        decisions = self.decisions()
        dispositions = self.dispositions()
        actionable = self.actionable()
        months = self.review_after_months()
        wording = self.wording()
        return Vocabulary(decisions, dispositions, frozenset(actionable), months, {k: str(v) for k, v in wording.items()})

    # The sections.

    def decisions(self) -> dict[str, DecisionTerm]:
        decisions: dict[str, DecisionTerm] = {}
        raw = self.section("decisions")
        for key in raw:
            item = self.entry(raw, key)
            rule = item.get("conditions", "optional")
            if rule not in CONDITION_RULES:
                raise self.fail(item, "conditions", f"conditions must be one of {', '.join(CONDITION_RULES)}")
            decisions[key] = DecisionTerm(key, item["label"].strip(), rule, self.flag(item, "approves"))
        return decisions

    def dispositions(self) -> dict[str, DispositionTerm]:
        dispositions: dict[str, DispositionTerm] = {}
        raw = self.section("dispositions")
        for key in raw:
            item = self.entry(raw, key)
            dispositions[key] = DispositionTerm(
                key, item["label"].strip(), self.flag(item, "needs_comment"), self.flag(item, "action")
            )
        return dispositions

    def actionable(self) -> list[str]:
        actionable = self.data.get("actionable", [])
        if not isinstance(actionable, list) or not all(isinstance(k, str) for k in actionable):
            raise self.fail(self.data, "actionable", "'actionable' must be a list of finding kinds")
        return actionable

    def review_after_months(self) -> int:
        months = self.data.get("review_after_months")
        if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 120:
            raise self.fail(self.data, "review_after_months", "'review_after_months' must be a whole number from 1 to 120")
        return months

    def wording(self) -> LineDict:
        wording = self.section("wording")
        for key, fields in WORDING.items():
            self.check_wording(wording, key, fields)
        return wording

    def check_wording(self, wording: LineDict, key: str, fields: set[str]) -> None:
        check_wording(self.path, wording, key, fields)

    # Shared checks.

    def fail(self, where: LineDict | LineList, key: str | int, message: str) -> VocabularyError:
        return VocabularyError(f"{self.path}:{where.line_of(key)}: {message}")  # type: ignore[arg-type]

    def section(self, key: str) -> LineDict:
        value = self.data.get(key)
        if not isinstance(value, LineDict) or not value:
            raise self.fail(self.data, key, f"'{key}' must be a non-empty mapping")
        return value

    def entry(self, where: LineDict, key: str) -> LineDict:
        value = where[key]
        if not isinstance(value, LineDict) or not isinstance(value.get("label"), str) or not value["label"].strip():
            raise self.fail(where, key, f"'{key}' needs a label")
        return value

    def flag(self, where: LineDict, key: str) -> bool:
        value = where.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(where, key, f"'{key}' must be true or false")
        return value
