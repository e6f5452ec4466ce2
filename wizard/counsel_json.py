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
    Action,
    Condition,
    Counsel,
    CounselAnswer,
    CounselError,
    Disposition,
    HistoryEntry,
    as_date,
    condition_number,
    show,
)
from wizard.counsel_vocabulary import Vocabulary, vocabulary

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
            "answers": {k: {"text": a.text, "resolved": a.resolved} for k, a in c.answers.items()},
            "risks": {k: {"disposition": d.disposition, "comment": d.comment} for k, d in c.risks.items()},
            "basis": {"at": c.basis_at, "answers": dict(c.basis)},
            "history": [{
                "at": h.at, "event": h.event, "decision": h.decision, "reviewer": h.reviewer, "role": h.role,
                "date": h.date, "conditions": list(h.conditions), "changed": list(h.changed),
            } for h in c.history],
        }
    if session.actions:
        out["actions"] = {k: {"owner": a.owner, "due": a.due} for k, a in session.actions.items()}
    if session.review_by:
        out["review_by"] = session.review_by
    return out


def from_json(data: Mapping[str, Any], fail: Fail) -> dict[str, Any]:
    """The counsel sections of a session file as Session fields; `fail(where, message)` makes the error."""
    vocab: list[Vocabulary] = []  # read the vocabulary only for files that carry a decision

    def vocabulary_once() -> Vocabulary:
        if not vocab:
            vocab.append(vocabulary())
        return vocab[0]

    def obj(value: Any, where: str, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise fail(where, f"expected {what}")
        return value

    def text(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise fail(where, "expected text")
        return value

    def day(value: Any, where: str) -> str:
        if value == "":
            return ""
        try:
            return as_date(value, where)
        except CounselError:
            raise fail(where, "expected a date as YYYY-MM-DD") from None

    def finding_ids(mapping: dict[str, Any], where: str) -> None:
        for key in mapping:
            if not FINDING_ID.match(key):
                raise fail(f"{where}.{key}", "not a finding id (flow.outcome, flow.question#unsure, counsel#N)")

    def known(value: Any, where: str, choices: Mapping[str, Any]) -> str:
        value = text(value, where)
        if value and value not in choices:
            raise fail(where, f"unknown value {show(value)} (one of: {', '.join(choices)})")
        return value

    out: dict[str, Any] = {}
    if "counsel" in data:
        raw = obj(data["counsel"], "counsel", "an object")
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise fail("counsel.version", "missing or not a whole number from 1")
        if version > COUNSEL_VERSION:
            raise fail("counsel.version", f"written by a newer version of the app (counsel format {version}; "
                                          f"this app reads {COUNSEL_VERSION})")
        decisions = vocabulary_once().decisions
        conditions = []
        raw_conditions = raw.get("conditions", [])
        if not isinstance(raw_conditions, list):
            raise fail("counsel.conditions", "expected a list of {id, text}")
        for i, item in enumerate(raw_conditions):
            where = f"counsel.conditions[{i}]"
            item = obj(item, where, "{id, text}")
            cid = text(item.get("id"), f"{where}.id")
            if not condition_number(cid) or any(c.id == cid for c in conditions):
                raise fail(f"{where}.id", f"expected a new id {CONDITION_PREFIX}N")
            conditions.append(Condition(cid, text(item.get("text"), f"{where}.text")))
        answers = obj(raw.get("answers", {}), "counsel.answers", "an object of finding id to {text, resolved}")
        finding_ids(answers, "counsel.answers")
        risks = obj(raw.get("risks", {}), "counsel.risks", "an object of finding id to {disposition, comment}")
        finding_ids(risks, "counsel.risks")
        basis = obj(raw.get("basis", {}), "counsel.basis", "an object {at, answers}")
        digests = obj(basis.get("answers", {}), "counsel.basis.answers", "an object of answer to digest")
        for key, value in digests.items():
            if not isinstance(value, str) or not _DIGEST.match(value):
                raise fail(f"counsel.basis.answers.{key}", "expected a hexadecimal digest")
        history = raw.get("history", [])
        if not isinstance(history, list):
            raise fail("counsel.history", "expected a list of decision events")
        entries = []
        for i, item in enumerate(history):
            where = f"counsel.history[{i}]"
            item = obj(item, where, "a decision event")
            event = text(item.get("event"), f"{where}.event")
            if event not in HISTORY_EVENTS:
                raise fail(f"{where}.event", f"expected one of {', '.join(HISTORY_EVENTS)}")
            lists = {}
            for key in ("conditions", "changed"):
                value = item.get(key, [])
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise fail(f"{where}.{key}", "expected a list of text")
                lists[key] = tuple(value)
            entries.append(HistoryEntry(
                at=text(item.get("at", ""), f"{where}.at"), event=event,
                decision=known(item.get("decision", ""), f"{where}.decision", decisions),
                reviewer=text(item.get("reviewer", ""), f"{where}.reviewer"),
                role=text(item.get("role", ""), f"{where}.role"),
                date=day(item.get("date", ""), f"{where}.date"), **lists,
            ))
        out["counsel"] = Counsel(
            reviewer=text(raw.get("reviewer", ""), "counsel.reviewer"),
            role=text(raw.get("role", ""), "counsel.role"),
            date=day(raw.get("date", ""), "counsel.date"),
            decision=known(raw.get("decision", ""), "counsel.decision", decisions),
            conditions=conditions,
            answers={k: _answer(v, f"counsel.answers.{k}", obj, text, fail) for k, v in answers.items()},
            risks={k: Disposition(
                known(obj(v, f"counsel.risks.{k}", "{disposition, comment}").get("disposition", ""),
                      f"counsel.risks.{k}.disposition", vocabulary_once().dispositions),
                text(v.get("comment", ""), f"counsel.risks.{k}.comment"),
            ) for k, v in risks.items()},
            basis=dict(digests),
            basis_at=text(basis.get("at", ""), "counsel.basis.at"),
            history=entries,
        )
    if "actions" in data:
        actions = obj(data["actions"], "actions", "an object of finding id to {owner, due}")
        finding_ids(actions, "actions")
        out["actions"] = {k: Action(
            text(obj(v, f"actions.{k}", "{owner, due}").get("owner", ""), f"actions.{k}.owner"),
            day(v.get("due", ""), f"actions.{k}.due"),
        ) for k, v in actions.items()}
    if "review_by" in data:
        out["review_by"] = day(data["review_by"], "review_by")
    return out


def _answer(value: Any, where: str, obj: Callable[..., dict[str, Any]], text: Callable[[Any, str], str],
            fail: Fail) -> CounselAnswer:
    value = obj(value, where, "{text, resolved}")
    resolved = value.get("resolved", False)
    if not isinstance(resolved, bool):
        raise fail(f"{where}.resolved", "expected true or false")
    return CounselAnswer(text(value.get("text", ""), f"{where}.text"), resolved)
