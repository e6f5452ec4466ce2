"""A new review from an earlier one: its answers copied, linked back to it, and what changed since (no Qt).

A review is not done once: the planned use changes and counsel's approval runs
out. "New review from this one" starts a review with its own identity that
carries the earlier one's answers and notes, and a `previous` section in the
session (versioned; files without it read and write exactly as before): the
earlier review's id, the digest of its file, its date, counsel's decision and
its answers as they were, so the new report can say "Changes since" without
the earlier file at hand. The comparison is `wizard.diff.compare`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from wizard.conditions import AnswerValue
from wizard.session import MAX_ENTRIES, MAX_NOTE_CHARS, PROFILE, Session, now

if TYPE_CHECKING:
    from wizard.diff import ReviewDiff
    from wizard.flows import FlowSet

PREVIOUS_VERSION = 1
CONTINUED = "continued"  # the audit log's event for the link


@dataclass(frozen=True)
class Previous:
    """The review this one continues, as it was when it was continued."""

    id: str
    digest: str  # sha256 of the earlier session file's text
    date: str  # YYYY-MM-DD: counsel's decision date, else the day the earlier review was created
    decision: str  # counsel's decision id, or "" when counsel had not decided
    project: str
    flows_digest: str  # the flows its answers were given against
    answers: Mapping[str, Mapping[str, AnswerValue]]  # {flow: {question: answer}}, the profile's under "profile"
    notes: Mapping[str, Mapping[str, str]]  # the team's notes, which raise open questions as answers do


def session_digest(session: Session) -> str:
    """The digest the exports and the report print for a session: of its file's text."""
    return hashlib.sha256(session.dumps().encode()).hexdigest()


def continue_review(flowset: FlowSet, earlier: Session) -> Session:
    """A new review (new id, not finished, no counsel's entries) with the earlier one's answers and notes."""
    counsel = earlier.counsel
    decision = counsel.decision if counsel else ""
    title = flowset.profile_role("title")
    project = earlier.profile.get(title) if title else None
    previous = Previous(
        id=earlier.id,
        digest=session_digest(earlier),
        date=(counsel.date if counsel and counsel.date else "") or earlier.created[:10],
        decision=decision,
        project=project if isinstance(project, str) else "",
        flows_digest=earlier.flows_digest,
        answers={f: dict(a) for f, a in earlier.all_answers().items() if a},
        notes={f: dict(n) for f, n in earlier.notes.items() if n},
    )
    session = Session(
        flows_digest=earlier.flows_digest,
        profile=dict(earlier.profile),
        answers={f: dict(a) for f, a in earlier.answers.items() if a},
        notes={f: dict(n) for f, n in earlier.notes.items() if n},
        previous=previous,
    )
    answered = {(f, q) for f, a in session.all_answers().items() for q in a}
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in earlier.log:  # when each answer was given stays on record
        key = (entry.get("flow"), entry.get("question"))
        if entry.get("event") == "answer" and key in answered:
            last[key] = entry  # type: ignore[index]
    session.log = sorted((dict(e) for e in last.values()), key=lambda e: str(e.get("at", "")))
    session.record(CONTINUED, "", "", {"id": earlier.id, "digest": previous.digest}, at=now())
    return session


def previous_session(previous: Previous) -> Session:
    """The earlier review as far as the link records it: its answers and counsel's decision."""
    from wizard.counsel import Counsel

    answers = {f: dict(a) for f, a in previous.answers.items()}
    return Session(
        flows_digest=previous.flows_digest,
        profile=answers.pop(PROFILE, {}),
        answers=answers,
        notes={f: dict(n) for f, n in previous.notes.items()},
        created=previous.date,
        id=previous.id,
        counsel=Counsel(decision=previous.decision, date=previous.date) if previous.decision else None,
    )


def changes_since(flowset: FlowSet, session: Session) -> ReviewDiff | None:
    """What changed since the review this one continues; None for a review that continues none."""
    from wizard.diff import compare

    previous = session.previous
    if previous is None:
        return None
    diff = compare(flowset, previous_session(previous), session)
    return replace(diff, old=replace(diff.old, digest=previous.digest, project=previous.project or diff.old.project))


# -- the session section ------------------------------------------------------------
def to_json(previous: Previous) -> dict[str, Any]:
    return {
        "version": PREVIOUS_VERSION,
        "id": previous.id,
        "digest": previous.digest,
        "date": previous.date,
        "decision": previous.decision,
        "project": previous.project,
        "flows_digest": previous.flows_digest,
        "answers": {f: {q: list(v) if isinstance(v, tuple) else v for q, v in a.items()} for f, a in previous.answers.items()},
        "notes": {f: dict(n) for f, n in previous.notes.items()},
    }


def from_json(data: Mapping[str, Any], check: Any) -> Previous | None:
    """The `previous` section checked by the session's own rules (`check` is its checker); None without one."""
    if "previous" not in data:
        return None
    raw = data["previous"]
    fail: Callable[[str, str], Exception] = check.fail
    if not isinstance(raw, dict):
        raise fail("previous", "expected an object")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("previous.version", "missing or not a whole number from 1")
    if version > PREVIOUS_VERSION:
        raise fail("previous.version", f"written by a newer version of the app (format {version}; this app reads 1)")
    digest = check.text(raw.get("digest", ""), "previous.digest", 64)
    if digest and not all(c in "0123456789abcdef" for c in digest):
        raise fail("previous.digest", "expected a hexadecimal digest")
    flows = check.mapping(raw.get("answers", {}), "previous.answers", "flow id to answers", 100)
    answers = {f: check.answers(a, f"previous.answers.{f}") for f, a in flows.items()}
    check.count(sum(len(a) for a in answers.values()), "previous.answers")
    notes = {}
    for f, texts in check.mapping(raw.get("notes", {}), "previous.notes", "flow id to notes", 100).items():
        texts = check.mapping(texts, f"previous.notes.{f}", "question id to text", MAX_ENTRIES)
        notes[f] = {q: check.text(t, f"previous.notes.{f}.{q}", MAX_NOTE_CHARS) for q, t in texts.items()}
    check.count(sum(len(n) for n in notes.values()), "previous.notes")
    decision = check.text(raw.get("decision", ""), "previous.decision", 200)
    if decision:
        from wizard.counsel_vocabulary import vocabulary

        if decision not in vocabulary().decisions:
            raise fail("previous.decision", f"unknown decision '{decision[:40]}'")
    review_id = raw.get("id", "")
    if not isinstance(review_id, str) or not re.fullmatch(r"[0-9a-f]{0,32}", review_id):
        raise fail("previous.id", "expected up to 32 lowercase hexadecimal digits")
    day = check.text(raw.get("date", ""), "previous.date", 64)
    if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise fail("previous.date", "expected a date as YYYY-MM-DD")
    return Previous(
        id=review_id,
        digest=digest,
        date=day,
        decision=decision,
        project=check.text(raw.get("project", ""), "previous.project", 10_000),
        flows_digest=check.text(raw.get("flows_digest", ""), "previous.flows_digest", 128),
        answers=answers,
        notes=notes,
    )
