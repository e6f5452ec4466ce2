"""Everything the app shows about a review, as one pure function of (flows, session) (no Qt).

`derive()` never changes the session and is the only route to what a review
shows: the review page, the sidebar, the finish page, the report, `summary`,
the exports and the CLI all read its result, so the same session always shows
and renders the same. The result is counsel-aware: findings are built with
the questions counsel resolved taken out of the open ones (so every count,
verdict and decision agrees), and `Derived.counsel` carries counsel's answers,
dispositions, action items, decision and whether it was given on earlier
answers (`wizard.counsel_view`). Each step says whether its question was
reworded since it was answered (`wizard.fingerprint`), and `Derived.as_of` is
the session's latest recorded change, so the cover's time comes from the
session alone. Answers the current flows no longer accept are *seen* as set
aside here; `wizard.migrate` moves them aside in the session once, when a
review is opened for editing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from wizard import moments
from wizard.answers import AnswerError, is_unsure, normalize
from wizard.conditions import AnswerValue
from wizard.fingerprint import question_fingerprint
from wizard.flows import END, Flow, FlowSet, Question
from wizard.graph import steps_to_end
from wizard.router import router_for
from wizard.session import Session

if TYPE_CHECKING:
    from wizard.counsel_view import CounselView
    from wizard.findings import Findings

# Progress of a part through the interview (labels are the vocabulary's); never a legal verdict.
NOT_STARTED, IN_PROGRESS, DONE, OPEN_QUESTIONS = "not_started", "in_progress", "done", "open_questions"


@dataclass(frozen=True)
class Step:
    """One answered question on a path, as the review page and the appendix list it."""

    flow: Flow
    question: Question
    value: AnswerValue
    note: str
    at: str
    reworded: bool = False  # the question's text, kind or choices changed since it was answered
    ask: bool = False  # the team marked the note "ask counsel"; other notes are context


class SetAside(NamedTuple):
    """An earlier answer the current flows no longer accept, kept for the record."""

    flow: str
    question: str
    value: str
    reason: str


@dataclass(frozen=True)
class Part:
    """One flow's state: its accepted answers, the path they take and where it stops."""

    flow: Flow
    answers: Mapping[str, AnswerValue]
    path: tuple[str, ...]
    frontier: str
    steps: tuple[Step, ...]
    ahead: int  # the most questions that may still be asked
    progress: str

    @property
    def done(self) -> bool:
        return self.frontier == END


@dataclass(frozen=True)
class Derived:
    flowset: FlowSet
    parts: Mapping[str, Part]
    set_aside: tuple[SetAside, ...]
    findings: Findings  # counsel-aware: resolved questions no longer count as open or reach the rules
    counsel: CounselView  # counsel's answers, dispositions, actions, decision and cover line
    as_of: str  # the time of the last recorded change (ISO, UTC): "Answers as of" on the cover, the PDF's dates

    def part(self, flow_id: str) -> Part:
        return self.parts[flow_id]

    @property
    def complete(self) -> bool:
        return all(p.done for p in self.parts.values())

    @property
    def answered(self) -> int:
        return sum(len(p.path) for p in self.parts.values())

    @property
    def total(self) -> int:
        """Answered plus the most questions that may still be asked."""
        return self.answered + sum(p.ahead for p in self.parts.values())

    @property
    def reworded(self) -> tuple[Step, ...]:
        """The answers whose question's text, kind or choices changed since they were given."""
        return tuple(s for p in self.parts.values() for s in p.steps if s.reworded)

    @property
    def open_count(self) -> int:
        """Open questions counsel has not resolved, the project's own included: the one count every page shows."""
        return self.findings.open_count

    def first_open(self) -> str | None:
        """The first flow, in interview order, that still has a question to ask."""
        return next((f.id for f in self.flowset.flows if not self.parts[f.id].done), None)


_REMAINING: dict[int, tuple[Flow, dict[str, int]]] = {}


def _remaining(flow: Flow) -> dict[str, int]:
    entry = _REMAINING.get(id(flow))
    if entry is None or entry[0] is not flow:
        entry = _REMAINING[id(flow)] = (flow, steps_to_end(flow))
    return entry[1]


def accepted(flowset: FlowSet, session: Session) -> tuple[dict[str, dict[str, AnswerValue]], list[SetAside]]:
    """Each flow's answers in canonical form, and the answers the current flows no longer accept."""
    kept: dict[str, dict[str, AnswerValue]] = {f.id: {} for f in flowset.flows}
    aside = [
        SetAside(f, q, _as_text(e.get("value")), str(e.get("reason", "")))
        for f, qs in session.stale.items()
        for q, e in qs.items()
    ]
    for flow_id, answers in session.all_answers().items():
        flow = flowset.flow(flow_id) if flowset.has(flow_id) else None
        for qid, value in answers.items():
            if flow is None:
                reason = f"the part '{flow_id}' no longer exists"
            elif qid not in flow.questions:
                reason = "the question no longer exists"
            else:
                try:
                    kept[flow_id][qid] = normalize(flow.questions[qid], value)
                    continue
                except AnswerError as exc:
                    reason = f"the answer is no longer accepted ({exc})"
            aside.append(SetAside(flow_id, qid, _as_text(value), reason))
    return kept, aside


def _fingerprint(question: Question) -> str:
    entry = _PRINTS.get(id(question))
    if entry is None or entry[0] is not question:
        entry = _PRINTS[id(question)] = (question, question_fingerprint(question))
    return entry[1]


_PRINTS: dict[int, tuple[Question, str]] = {}


def reworded(session: Session, flow_id: str, question: Question) -> bool:
    """The answer recorded the fingerprint of a question worded otherwise (an answer without one never is)."""
    recorded = session.asked.get(flow_id, {}).get(question.id)
    return bool(recorded) and recorded != _fingerprint(question)


def part_of(flow: Flow, answers: Mapping[str, AnswerValue], session: Session) -> Part:
    path, frontier = router_for(flow).path(answers)
    steps = tuple(
        Step(
            flow,
            flow.questions[q],
            answers[q],
            session.note(flow.id, q),
            session.answered_at(flow.id, q),
            reworded(session, flow.id, flow.questions[q]),
            session.asks_counsel(flow.id, q),
        )
        for q in path
    )
    if not path and frontier != END:
        progress = NOT_STARTED
    elif frontier != END:
        progress = IN_PROGRESS
    elif any(is_unsure(s.question, s.value) or (s.note and s.ask) for s in steps):
        progress = OPEN_QUESTIONS
    else:
        progress = DONE
    return Part(flow, {q: answers[q] for q in path}, path, frontier, steps, _remaining(flow)[frontier], progress)


def last_change(session: Session) -> datetime:
    """When the session last changed: its latest logged change, or its creation (UTC); the same session, the same time.

    The latest, not the last written, so no answer the report lists is later
    than the time its cover gives.
    """
    found = [moments.parse(value) for value in [e.get("at") for e in session.log] + [session.created]]
    return max((moments.utc(m) for m in found if m is not None), default=datetime(1970, 1, 1, tzinfo=UTC))


def derive(flowset: FlowSet, session: Session) -> Derived:
    """Paths, frontiers, progress, findings, verdicts and counsel's answer of a session; the session is not changed."""
    from wizard.counsel_view import build_counsel, resolved_ids
    from wizard.findings import build

    kept, aside = accepted(flowset, session)
    parts = {f.id: part_of(f, kept[f.id], session) for f in flowset.flows}
    findings = build(flowset, parts, resolved_ids(session))
    for term in findings.terms:  # a part whose open questions counsel has all resolved is done
        part = parts[term.flow.id]
        if part.progress == OPEN_QUESTIONS and term.open_questions and not term.open_count:
            parts[term.flow.id] = replace(part, progress=DONE)
    counsel = build_counsel(flowset, findings, session)
    return Derived(flowset, parts, tuple(aside), findings, counsel, last_change(session).isoformat())


def _as_text(value: object) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
