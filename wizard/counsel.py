"""Counsel's answer to a review, and owners and dates for its actions, as stored in the session (no Qt).

Three session sections, all keyed by finding id (`flow.outcome`; questions
raised by answers `flow.question#unsure` and `flow.question#note`; counsel's
own conditions `counsel#N`):

- `counsel` (versioned): reviewer, role, date, decision, conditions, answers to
  open questions, risk dispositions, digests of the answers the decision rests
  on, and the decision history;
- `actions`: an owner and a due date per finding id;
- `review_by`: when to review again (by default some months after the decision).

The commands here change a session and write its audit log, so counsel's
entries are recorded like procurement's answers; `wizard.review.Review` wraps
them so they autosave. Decision and disposition ids come from
`templates/counsel.yaml` (`wizard.counsel_vocabulary`); the sections are read
and written by `wizard.counsel_json`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from typing import TYPE_CHECKING, Any

from wizard.counsel_vocabulary import Vocabulary, vocabulary
from wizard.session import MAX_ANSWER_CHARS, MAX_CHOICES, MAX_ENTRIES, MAX_LOG, clip, text_problem

if TYPE_CHECKING:
    from wizard.session import Session

COUNSEL_VERSION = 1
COUNSEL, ACTIONS = "counsel", "actions"  # what a review command's Change names as touched
CONDITION_PREFIX = "counsel#"
NOTE_SUFFIX = "#note"
FINDING_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*(?:#(?:unsure|note))?|#[1-9][0-9]{0,5})$")
HISTORY_EVENTS = ("decided", "revised", "confirmed")
# Limits; every counsel entry is also an audit-log entry, so none is larger than the log stores
# (README "Limits"). The window's fields hold no more than these.
MAX_TEXT = MAX_ANSWER_CHARS  # counsel's answer, a comment, one condition: as long as a text answer
MAX_NAME = 200  # the reviewer, the role, an action's owner: one line each
MAX_CONDITIONS = MAX_CHOICES  # conditions of one decision: what one list in the audit log holds
MAX_FINDINGS = 2_000  # entries under counsel.answers, counsel.risks and actions, each
MAX_HISTORY = 500  # decision events (each one is logged with its conditions)
MAX_CHANGED = 4 * MAX_ENTRIES  # answers and notes named as changed by one event
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class CounselError(ValueError):
    """A counsel entry or action the review does not accept; the message is one line."""


@dataclass(frozen=True)
class Condition:
    id: str  # counsel#N, stable while the text stays, so an owner and date stay with it
    text: str


@dataclass(frozen=True)
class CounselAnswer:
    text: str
    resolved: bool
    basis: str = ""  # for a note's question: the digest of the note counsel answered ('' for other questions)


@dataclass(frozen=True)
class Disposition:
    disposition: str
    comment: str


@dataclass(frozen=True)
class HistoryEntry:
    """One decision event: given, revised, or confirmed after answers changed (`changed` lists them)."""

    at: str
    event: str
    decision: str
    reviewer: str
    role: str
    date: str
    conditions: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


@dataclass
class Counsel:
    reviewer: str = ""
    role: str = ""
    date: str = ""
    decision: str = ""
    conditions: list[Condition] = field(default_factory=list)
    answers: dict[str, CounselAnswer] = field(default_factory=dict)
    risks: dict[str, Disposition] = field(default_factory=dict)
    # Digest of every answer (key `flow.question`) when the decision was last given or confirmed.
    basis: dict[str, str] = field(default_factory=dict)
    basis_at: str = ""
    # The same for every note (key `flow.question#note`); None in files from before notes were part of it.
    basis_notes: dict[str, str] | None = None
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def reviewer_line(self) -> str:
        return ", ".join(p for p in (self.reviewer, self.role) if p)


@dataclass(frozen=True)
class Action:
    owner: str = ""
    due: str = ""


# -- values ----------------------------------------------------------------
def as_date(value: object, what: str) -> str:
    """An ISO calendar date (YYYY-MM-DD, or a date from YAML) as text; CounselError naming `what` otherwise."""
    if isinstance(value, Date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return Date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise CounselError(f"{what}: expected a date as YYYY-MM-DD, got {show(value)}")


def add_months(day: str, months: int) -> str:
    """The same day `months` later (the month's last day where it is shorter; at most 9999-12-31)."""
    start = Date.fromisoformat(day)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year > Date.max.year:
        return Date.max.isoformat()
    if year < Date.min.year:
        return Date.min.isoformat()
    last = 31
    while True:
        try:
            return start.replace(year=year, month=month, day=min(start.day, last)).isoformat()
        except ValueError:  # a shorter month: 30, 29 or 28 days
            last -= 1


def text_of(value: object, what: str, required: bool = False, limit: int = MAX_TEXT, one_line: bool = False) -> str:
    """Counsel's text, trimmed; CounselError if it is too long or holds what a session cannot store."""
    if not isinstance(value, str):
        raise CounselError(f"{what}: expected text, got {show(value)}")
    text = value.strip()
    if required and not text:
        raise CounselError(f"{what}: must not be empty")
    problem = text_problem(text, limit) or (line_problem(text) if one_line else "")
    if problem:
        raise CounselError(f"{what}: {problem}")
    return text


def line_problem(text: str) -> str:
    """Why a name cannot be one line ('' if it can)."""
    return "contains a line break (it must fit on one line)" if "\n" in text or "\r" in text else ""


def show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _digest(value: object) -> str:
    plain = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
    return hashlib.sha256(plain.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def answer_digests(session: Session) -> dict[str, str]:
    """A short digest of every answer in the session, keyed `flow.question`."""
    return {
        f"{flow_id}.{qid}": _digest(value) for flow_id, answers in session.all_answers().items() for qid, value in answers.items()
    }


def note_digests(session: Session) -> dict[str, str]:
    """A short digest of every note in the session, keyed `flow.question#note` (the note's question for counsel)."""
    return {
        f"{flow_id}.{qid}{NOTE_SUFFIX}": _digest(text) for flow_id, notes in session.notes.items() for qid, text in notes.items()
    }


def note_digest(session: Session, finding_id: str) -> str:
    """The digest of the note a `flow.question#note` question asks about ('' for other ids or no note)."""
    if not finding_id.endswith(NOTE_SUFFIX):
        return ""
    flow_id, _, qid = finding_id[: -len(NOTE_SUFFIX)].partition(".")
    note = session.note(flow_id, qid)
    return _digest(note) if note else ""


def answer_current(session: Session, finding_id: str, answer: CounselAnswer) -> bool:
    """False when counsel answered a note that has been rewritten since (older files: always True)."""
    return not answer.basis or answer.basis == note_digest(session, finding_id)


def changed_answers(session: Session) -> tuple[str, ...]:
    """Answers (`flow.question`) and notes (`flow.question#note`) given, changed or withdrawn since counsel's decision.

    () without a decision. Notes count only for decisions given since they
    were part of the basis (older files record answers alone).
    """
    counsel = session.counsel
    if counsel is None or not counsel.decision:
        return ()
    now, basis = answer_digests(session), dict(counsel.basis)
    if counsel.basis_notes is not None:
        now.update(note_digests(session))
        basis.update(counsel.basis_notes)
    return tuple(k for k in sorted(set(now) | set(basis)) if now.get(k) != basis.get(k))


def decision_doubt(session: Session) -> str:
    """Why counsel's decision cannot be taken as given through the app's commands: a wording key, or ''.

    Every decision the commands record has a last history event that says
    the same, made at the moment the basis was taken, and an audit-log entry
    of that moment saying the same again. A decision typed into the file, or
    edited there afterwards, lacks one of them. The file it was read from may
    also not vouch for it (`Session.source_problem`: a report PDF whose pages
    were made from another session).
    """
    if session.source_problem:
        return "unverified_source"
    counsel = session.counsel
    if counsel is None or not counsel.decision:
        return ""
    if not counsel.history:
        return "unverified_no_history"
    last = counsel.history[-1]
    now = (counsel.decision, counsel.reviewer, counsel.role, counsel.date, tuple(c.text for c in counsel.conditions))
    if (last.decision, last.reviewer, last.role, last.date, last.conditions) != now or counsel.basis_at != last.at:
        return "unverified_history"
    said = {"event": last.event, "decision": last.decision, "reviewer": last.reviewer, "role": last.role, "date": last.date}
    for entry in reversed(session.log):
        value = entry.get("value")
        if (
            entry.get("event") == "counsel_decision"
            and entry.get("at") == last.at
            and isinstance(value, dict)
            and all(value.get(k) == v for k, v in said.items())
            and tuple(value.get("conditions", ())) == last.conditions
        ):
            return ""
    return "unverified_no_log"


def effective_review_by(session: Session, vocab: Vocabulary | None = None) -> str:
    """The date to review again: the one set, else months after counsel's decision date, else ''."""
    if session.review_by:
        return session.review_by
    counsel = session.counsel
    if counsel is None or not counsel.decision or not counsel.date:
        return ""
    return add_months(counsel.date, (vocab or vocabulary()).review_after_months)


# -- commands (each returns whether the session changed) ---------------------
def _room(session: Session, entries: int, what: str) -> None:
    """Refuse a new entry, before anything changes, that the session could not store."""
    if entries >= MAX_FINDINGS:
        raise CounselError(f"{what}: a review holds at most {MAX_FINDINGS:,}")
    if len(session.log) >= MAX_LOG:
        raise CounselError(f"the audit log is full ({MAX_LOG:,} entries); counsel's entry cannot be recorded")


def _log(session: Session, event: str, target: str, value: Any) -> str:
    """Record one counsel or action entry in the audit log; returns its time."""
    part = target.split(".", 1)[0].split("#", 1)[0] if target else ""
    session.record(event, part, target, value)
    return str(session.log[-1]["at"])


def _counsel(session: Session) -> Counsel:
    if session.counsel is None:
        session.counsel = Counsel()
    return session.counsel


def _store(session: Session, table: str, finding_id: str, entry: Any, event: str, logged: dict) -> bool:
    """Put counsel's entry for a finding in `answers` or `risks` (None removes it) and log it; False if unchanged."""
    current = getattr(session.counsel, table).get(finding_id) if session.counsel else None
    if entry == current:
        return False
    entries = getattr(_counsel(session), table)
    _room(session, len(entries) if finding_id not in entries else 0, f"counsel's entries ({table})")
    if entry is None:
        entries.pop(finding_id, None)
    else:
        entries[finding_id] = entry
    _log(session, event, finding_id, logged)
    return True


def set_answer(session: Session, finding_id: str, text: object, resolved: object) -> bool:
    """Counsel's written answer to an open question and whether it resolves it ('' and False: none)."""
    text = text_of(text, f"answer to {clip(finding_id)}")
    if not isinstance(resolved, bool):
        raise CounselError(f"answer to {clip(finding_id)}: 'resolved' must be true or false")
    entry = CounselAnswer(text, resolved, note_digest(session, finding_id)) if text or resolved else None
    return _store(session, "answers", finding_id, entry, "counsel_answer", {"text": text, "resolved": resolved})


def set_disposition(
    session: Session, finding_id: str, disposition: object, comment: object = "", vocab: Vocabulary | None = None
) -> bool:
    """Counsel's view of a risk: a disposition id from the vocabulary with a comment ('' clears it)."""
    vocab = vocab or vocabulary()
    disposition = text_of(disposition, f"disposition of {clip(finding_id)}")
    comment = text_of(comment, f"comment on {clip(finding_id)}")
    if disposition and disposition not in vocab.dispositions:
        raise CounselError(
            f"{clip(finding_id)}: unknown disposition {show(disposition)} (one of: {', '.join(vocab.dispositions)})"
        )
    if disposition and vocab.dispositions[disposition].needs_comment and not comment:
        raise CounselError(f"{clip(finding_id)}: '{disposition}' needs a comment stating the condition")
    entry = Disposition(disposition, comment) if disposition else None
    logged = {"disposition": disposition, "comment": comment}
    return _store(session, "risks", finding_id, entry, "counsel_risk", logged)


def decide(
    session: Session,
    decision: object,
    reviewer: object,
    role: object,
    date: object,
    conditions: Iterable[object] = (),
    vocab: Vocabulary | None = None,
) -> bool:
    """Give or revise counsel's decision; it then rests on the answers as they are now.

    Giving the same decision again over changed answers confirms it. A
    condition keeps its id (and so its owner and due date) while its text stays.
    """
    vocab = vocab or vocabulary()
    decision = text_of(decision, "decision")
    if decision not in vocab.decisions:
        raise CounselError(f"decision: unknown decision {show(decision)} (one of: {', '.join(vocab.decisions)})")
    reviewer = text_of(reviewer, "reviewer", required=True, limit=MAX_NAME, one_line=True)
    role = text_of(role, "role", limit=MAX_NAME, one_line=True)
    day = as_date(date, "date")
    texts = _conditions(conditions)
    rule = vocab.decisions[decision].conditions
    if rule == "required" and not texts:
        raise CounselError(f"conditions: '{decision}' needs at least one condition")
    if rule == "none" and texts:
        raise CounselError(f"conditions: '{decision}' takes no conditions; choose a decision with conditions")
    counsel = _counsel(session)
    kept = {c.text: c for c in counsel.conditions}
    number = max([condition_number(c.id) for c in counsel.conditions] + [condition_number(k) for k in session.actions], default=0)
    new_conditions = []
    for text in texts:
        if text not in kept:
            number += 1
            kept[text] = Condition(f"{CONDITION_PREFIX}{number}", text)
        new_conditions.append(kept[text])
    same = (counsel.decision, counsel.reviewer, counsel.role, counsel.date, counsel.conditions) == (
        decision,
        reviewer,
        role,
        day,
        new_conditions,
    )
    changed = changed_answers(session)
    if same and not changed:
        return False
    _room_for_event(session)
    event = "decided" if not counsel.decision else ("confirmed" if same else "revised")
    counsel.decision, counsel.reviewer, counsel.role, counsel.date = decision, reviewer, role, day
    counsel.conditions = new_conditions
    _rebase(session, event, changed)
    return True


def _conditions(conditions: Iterable[object]) -> list[str]:
    """The conditions' texts, trimmed, blank and repeated ones left out; at most MAX_CONDITIONS."""
    texts: dict[str, None] = {}  # ordered, and a repeat is found at once however many there are
    for i, raw in enumerate(conditions, 1):
        text = text_of(raw, f"condition {i}")
        if text:
            texts[text] = None
        if len(texts) > MAX_CONDITIONS:
            raise CounselError(f"conditions: at most {MAX_CONDITIONS} (one per line)")
    return list(texts)


def _room_for_event(session: Session) -> None:
    counsel = session.counsel
    if counsel is not None and len(counsel.history) >= MAX_HISTORY:
        raise CounselError(f"decision: the review's decision history is full ({MAX_HISTORY} events)")
    _room(session, 0, "decision")


def confirm(session: Session, date: object | None = None) -> bool:
    """Counsel confirms the decision on the answers as they are now (optionally on a new date)."""
    counsel = session.counsel
    if counsel is None or not counsel.decision:
        raise CounselError("decision: there is no decision to confirm")
    day = counsel.date if date is None else as_date(date, "date")
    changed = changed_answers(session)
    if not changed and day == counsel.date:
        return False
    _room_for_event(session)
    counsel.date = day
    _rebase(session, "confirmed", changed)
    return True


def _rebase(session: Session, event: str, changed: tuple[str, ...]) -> None:
    counsel = session.counsel
    assert counsel is not None
    conditions = tuple(c.text for c in counsel.conditions)
    at = _log(
        session,
        "counsel_decision",
        "",
        {
            "event": event,
            "decision": counsel.decision,
            "reviewer": counsel.reviewer,
            "role": counsel.role,
            "date": counsel.date,
            "conditions": list(conditions),
            **({"changed": list(changed)} if changed else {}),
        },
    )
    counsel.basis, counsel.basis_at, counsel.basis_notes = answer_digests(session), at, note_digests(session)
    counsel.history.append(
        HistoryEntry(
            at,
            event,
            counsel.decision,
            counsel.reviewer,
            counsel.role,
            counsel.date,
            conditions,
            changed if event != "decided" else (),
        )
    )


def condition_number(finding_id: str) -> int:
    tail = finding_id[len(CONDITION_PREFIX) :] if finding_id.startswith(CONDITION_PREFIX) else ""
    return int(tail) if tail.isdigit() else 0


def set_action(session: Session, finding_id: str, owner: object, due: object) -> bool:
    """Who does an action item and by when (both empty: none)."""
    owner = text_of(owner, f"owner of {clip(finding_id)}", limit=MAX_NAME, one_line=True)
    day = "" if due in ("", None) else as_date(due, f"due date of {clip(finding_id)}")
    entry = Action(owner, day) if owner or day else None
    if entry == session.actions.get(finding_id):
        return False
    _room(session, len(session.actions) if finding_id not in session.actions else 0, "actions")
    if entry is None:
        session.actions.pop(finding_id, None)
    else:
        session.actions[finding_id] = entry
    _log(session, "action", finding_id, {"owner": owner, "due": day})
    return True


def set_review_by(session: Session, due: object) -> bool:
    """The date to review again ('' returns to the default after the decision)."""
    day = "" if due in ("", None) else as_date(due, "review by")
    if day == session.review_by:
        return False
    _room(session, 0, "review by")
    session.review_by = day
    _log(session, "review_by", "", day)
    return True
