"""The counsel sections of a session file (`counsel`, `actions`, `review_by`): validation and output (no Qt).

`wizard.session` delegates to these, so a file without the sections is read
and written exactly as before, and every problem in one is a single line
naming its place (`counsel.answers.training.x.resolved: expected true or false`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from wizard.counsel import (
    CONDITION_PREFIX,
    COUNSEL_VERSION,
    FINDING_ID,
    HISTORY_EVENTS,
    MAX_CHANGED,
    MAX_CONDITIONS,
    MAX_FINDINGS,
    MAX_HISTORY,
    MAX_NAME,
    MAX_TEXT,
    NOTE_SUFFIX,
    Action,
    Condition,
    Counsel,
    CounselAnswer,
    CounselError,
    Disposition,
    HistoryEntry,
    as_date,
    condition_number,
    line_problem,
    show,
)
from wizard.counsel_vocabulary import Vocabulary, vocabulary
from wizard.session import MAX_ENTRIES, MAX_ID, MAX_STAMP_CHARS, clip, text_problem

if TYPE_CHECKING:
    from wizard.session import Session

_DIGEST = re.compile(r"^[0-9a-f]{16,64}$")
Fail = Callable[[str, str], Exception]


def to_json(session: Session) -> dict[str, Any]:
    """The session's counsel sections; {} when it has none, so older-style files stay byte-identical."""
    out: dict[str, Any] = {}
    c = session.counsel
    if c is not None:
        out["counsel"] = {
            "version": COUNSEL_VERSION,
            "reviewer": c.reviewer,
            "role": c.role,
            "date": c.date,
            "decision": c.decision,
            "conditions": [{"id": k.id, "text": k.text} for k in c.conditions],
            "answers": {k: _answer_json(a) for k, a in c.answers.items()},
            "risks": {k: {"disposition": d.disposition, "comment": d.comment} for k, d in c.risks.items()},
            "basis": {
                "at": c.basis_at,
                "answers": dict(c.basis),
                **({} if c.basis_notes is None else {"notes": dict(c.basis_notes)}),
            },
            "history": [history_json(h) for h in c.history],
        }
    if session.actions:
        out["actions"] = {k: {"owner": a.owner, "due": a.due} for k, a in session.actions.items()}
    if session.review_by:
        out["review_by"] = session.review_by
    return out


def _answer_json(a: CounselAnswer) -> dict[str, Any]:
    return {"text": a.text, "resolved": a.resolved, **({"basis": a.basis} if a.basis else {})}


def history_json(h: HistoryEntry) -> dict[str, Any]:
    """One decision event as the session file (and the export) writes it."""
    return {
        "at": h.at,
        "event": h.event,
        "decision": h.decision,
        "reviewer": h.reviewer,
        "role": h.role,
        "date": h.date,
        "conditions": list(h.conditions),
        "changed": list(h.changed),
    }


def from_json(data: Mapping[str, Any], fail: Fail) -> dict[str, Any]:
    """The counsel sections of a session file as Session fields; `fail(where, message)` makes the error."""
    return _Reader(fail).sections(data)


class _Reader:
    """Reads the counsel sections in file order, so the first problem found is the one reported."""

    def __init__(self, fail: Fail) -> None:
        self.fail = fail
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        """Read only for files that carry a `counsel` section."""
        if self._vocabulary is None:
            self._vocabulary = vocabulary()
        return self._vocabulary

    def sections(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "counsel" in data:
            out["counsel"] = self.counsel(data["counsel"])
        if "actions" in data:
            out["actions"] = self.actions(data["actions"])
        if "review_by" in data:
            out["review_by"] = self.day(data["review_by"], "review_by")
        return out

    # The sections.

    def counsel(self, value: Any) -> Counsel:
        raw = self.obj(value, "counsel", "an object")
        self.version(raw.get("version"))
        decisions = self.vocabulary.decisions
        conditions = self.conditions(raw.get("conditions", []))
        answers = self.obj(raw.get("answers", {}), "counsel.answers", "an object of finding id to {text, resolved}")
        self.finding_ids(answers, "counsel.answers")
        risks = self.obj(raw.get("risks", {}), "counsel.risks", "an object of finding id to {disposition, comment}")
        self.finding_ids(risks, "counsel.risks")
        basis = self.obj(raw.get("basis", {}), "counsel.basis", "an object {at, answers, notes}")
        digests = self.digests(basis.get("answers", {}), "counsel.basis.answers")
        notes = self.digests(basis["notes"], "counsel.basis.notes", NOTE_SUFFIX) if "notes" in basis else None
        history = self.history(raw.get("history", []), decisions)
        return Counsel(
            reviewer=self.text(raw.get("reviewer", ""), "counsel.reviewer", MAX_NAME, one_line=True),
            role=self.text(raw.get("role", ""), "counsel.role", MAX_NAME, one_line=True),
            date=self.day(raw.get("date", ""), "counsel.date"),
            decision=self.known(raw.get("decision", ""), "counsel.decision", decisions),
            conditions=conditions,
            answers={k: self.answer(v, f"counsel.answers.{k}") for k, v in answers.items()},
            risks={k: self.disposition(v, f"counsel.risks.{k}") for k, v in risks.items()},
            basis=digests,
            basis_at=self.text(basis.get("at", ""), "counsel.basis.at", MAX_STAMP_CHARS, one_line=True),
            basis_notes=notes,
            history=history,
        )

    def actions(self, value: Any) -> dict[str, Action]:
        actions = self.obj(value, "actions", "an object of finding id to {owner, due}")
        self.finding_ids(actions, "actions")
        return {k: self.action(v, f"actions.{k}") for k, v in actions.items()}

    # The parts of the `counsel` section.

    def version(self, version: Any) -> None:
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("counsel.version", "missing or not a whole number from 1")
        if version > COUNSEL_VERSION:
            raise self.fail(
                "counsel.version",
                f"written by a newer version of the app (counsel format {version}; this app reads {COUNSEL_VERSION})",
            )

    def conditions(self, value: Any) -> list[Condition]:
        if not isinstance(value, list):
            raise self.fail("counsel.conditions", "expected a list of {id, text}")
        self.count(value, "counsel.conditions", MAX_CONDITIONS)
        conditions: list[Condition] = []
        ids: set[str] = set()
        for i, item in enumerate(value):
            where = f"counsel.conditions[{i}]"
            item = self.obj(item, where, "{id, text}")
            cid = self.text(item.get("id"), f"{where}.id", MAX_ID)
            if not condition_number(cid) or cid in ids:
                raise self.fail(f"{where}.id", f"expected a new id {CONDITION_PREFIX}N")
            ids.add(cid)
            conditions.append(Condition(cid, self.text(item.get("text"), f"{where}.text")))
        return conditions

    def digests(self, value: Any, where: str, suffix: str = "") -> dict[str, str]:
        """Digests keyed `flow.question` (and `suffix`): at most one per answer or note a session holds."""
        digests = self.obj(value, where, "an object of answer to digest")
        self.count(digests, where, MAX_ENTRIES)
        for key, digest in digests.items():
            flow_id, dot, qid = key.removesuffix(suffix).partition(".")
            if not dot or not flow_id or not qid or len(key) > 2 * MAX_ID + len(suffix) + 1 or not key.endswith(suffix):
                raise self.fail(f"{where}.{clip(key)}", "not an answer (flow.question)" + (f" with {suffix}" if suffix else ""))
            self.text(key, f"{where}.{clip(key)}", 3 * MAX_ID, one_line=True)
            if not isinstance(digest, str) or not _DIGEST.match(digest):
                raise self.fail(f"{where}.{clip(key)}", "expected a hexadecimal digest")
        return dict(digests)

    def history(self, value: Any, decisions: Mapping[str, Any]) -> list[HistoryEntry]:
        if not isinstance(value, list):
            raise self.fail("counsel.history", "expected a list of decision events")
        self.count(value, "counsel.history", MAX_HISTORY)
        return [self.history_entry(item, f"counsel.history[{i}]", decisions) for i, item in enumerate(value)]

    def history_entry(self, value: Any, where: str, decisions: Mapping[str, Any]) -> HistoryEntry:
        item = self.obj(value, where, "a decision event")
        event = self.text(item.get("event"), f"{where}.event", MAX_ID)
        if event not in HISTORY_EVENTS:
            raise self.fail(f"{where}.event", f"expected one of {', '.join(HISTORY_EVENTS)}")
        return HistoryEntry(
            at=self.text(item.get("at", ""), f"{where}.at", MAX_STAMP_CHARS, one_line=True),
            event=event,
            decision=self.known(item.get("decision", ""), f"{where}.decision", decisions),
            reviewer=self.text(item.get("reviewer", ""), f"{where}.reviewer", MAX_NAME, one_line=True),
            role=self.text(item.get("role", ""), f"{where}.role", MAX_NAME, one_line=True),
            date=self.day(item.get("date", ""), f"{where}.date"),
            conditions=self.text_list(item.get("conditions", []), f"{where}.conditions", MAX_CONDITIONS, MAX_TEXT),
            changed=self.text_list(item.get("changed", []), f"{where}.changed", MAX_CHANGED, 3 * MAX_ID),
        )

    def answer(self, value: Any, where: str) -> CounselAnswer:
        value = self.obj(value, where, "{text, resolved}")
        resolved = value.get("resolved", False)
        if not isinstance(resolved, bool):
            raise self.fail(f"{where}.resolved", "expected true or false")
        basis = value.get("basis", "")
        if basis != "" and (not isinstance(basis, str) or not _DIGEST.match(basis)):
            raise self.fail(f"{where}.basis", "expected a hexadecimal digest")
        return CounselAnswer(self.text(value.get("text", ""), f"{where}.text"), resolved, basis)

    def disposition(self, value: Any, where: str) -> Disposition:
        entry = self.obj(value, where, "{disposition, comment}")
        return Disposition(
            self.known(entry.get("disposition", ""), f"{where}.disposition", self.vocabulary.dispositions),
            self.text(entry.get("comment", ""), f"{where}.comment"),
        )

    def action(self, value: Any, where: str) -> Action:
        entry = self.obj(value, where, "{owner, due}")
        return Action(
            self.text(entry.get("owner", ""), f"{where}.owner", MAX_NAME, one_line=True),
            self.day(entry.get("due", ""), f"{where}.due"),
        )

    # Single values.

    def obj(self, value: Any, where: str, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected {what}")
        return value

    def count(self, value: list | dict, where: str, limit: int) -> None:
        """Refuse a list or object longer than a review can hold, before reading its items."""
        if len(value) > limit:
            raise self.fail(where, f"more than {limit:,} entries (the most a session holds)")

    def text(self, value: Any, where: str, limit: int = MAX_TEXT, one_line: bool = False) -> str:
        """Text a session can store and print: within `limit`, no control character or lone surrogate."""
        if not isinstance(value, str):
            raise self.fail(where, "expected text")
        problem = text_problem(value, limit) or (line_problem(value) if one_line else "")
        if problem:
            raise self.fail(where, problem)
        return value

    def text_list(self, value: Any, where: str, count: int, limit: int) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(where, "expected a list of text")
        self.count(value, where, count)
        return tuple(self.text(v, f"{where}[{i}]", limit) for i, v in enumerate(value))

    def day(self, value: Any, where: str) -> str:
        if value == "":
            return ""
        try:
            return as_date(value, where)
        except CounselError:
            raise self.fail(where, "expected a date as YYYY-MM-DD") from None

    def finding_ids(self, mapping: dict[str, Any], where: str) -> None:
        self.count(mapping, where, MAX_FINDINGS)
        for key in mapping:
            if len(key) > 3 * MAX_ID or not FINDING_ID.match(key):
                raise self.fail(f"{where}.{clip(key)}", "not a finding id (flow.outcome, flow.question#unsure, counsel#N)")

    def known(self, value: Any, where: str, choices: Mapping[str, Any]) -> str:
        value = self.text(value, where, MAX_ID)
        if value and value not in choices:
            raise self.fail(where, f"unknown value {show(value)} (one of: {', '.join(choices)})")
        return value
