"""A whole review across all flows: the one object the UI and the CLI drive.

It owns the session, keeps one FlowRun per flow over the session's answer
dicts, writes the audit log, and saves after every change when given a path,
so an answer is on disk before the next question is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from wizard.answers import AnswerError, is_unsure, normalize
from wizard.conditions import AnswerValue
from wizard.engine import FlowRun
from wizard.flows import PROFILE, Flow, FlowSet, Outcome, Question
from wizard.fsio import save
from wizard.graph import steps_to_end
from wizard.session import Session

NOT_STARTED, IN_PROGRESS, DONE, OPEN_QUESTIONS = "not started", "in progress", "done", "has open questions"


@dataclass(frozen=True)
class Step:
    """One answered question on a path, as the review page and appendix list it."""

    flow: Flow
    question: Question
    value: AnswerValue
    note: str
    at: str


class SetAside(NamedTuple):
    """An earlier answer the current flows no longer accept, kept for the record."""

    flow: str
    question: str
    value: str
    reason: str


class Review:
    def __init__(self, flowset: FlowSet, session: Session | None = None, path: Path | None = None,
                 on_saved: Callable[[Path], None] | None = None) -> None:
        self.flowset = flowset
        self.session = session or Session(flows_digest=flowset.digest)
        self.path = path
        self.on_saved = on_saved
        self._set_aside_stale()
        self.runs = {f.id: FlowRun(f, self.session.answers_of(f.id)) for f in flowset.flows}
        self._remaining = {f.id: steps_to_end(f) for f in flowset.flows}
        self.flow_id = next((f.id for f in flowset.flows if not self.runs[f.id].done), flowset.flows[-1].id)

    def _set_aside_stale(self) -> None:
        """Move answers the current flows no longer accept out of the way, flagged, never dropped.

        A session answered against other flows keeps every old answer under
        `stale` (shown in the report) while the changed questions are asked again.
        """
        session = self.session
        for flow_id, answers in list(session.all_answers().items()):
            flow = self.flowset.flow(flow_id) if self.flowset.has(flow_id) else None
            for qid, value in list(answers.items()):
                if flow is None:
                    reason = f"the part '{flow_id}' no longer exists"
                elif qid not in flow.questions:
                    reason = "the question no longer exists"
                else:
                    try:
                        answers[qid] = normalize(flow.questions[qid], value)
                        continue
                    except AnswerError as exc:
                        reason = f"the answer is no longer accepted ({exc})"
                del answers[qid]
                plain = list(value) if isinstance(value, tuple) else value
                session.stale.setdefault(flow_id, {})[qid] = {"value": plain, "reason": reason}
                session.record("flag", flow_id, qid, value)
            if flow is None:
                del session.answers[flow_id]
        if session.flows_digest != self.flowset.digest:
            if session.flows_digest:
                session.record("flows", "", "", self.flowset.digest)
            session.flows_digest = self.flowset.digest

    def would_drop(self, value: object) -> list[Step]:
        """The answered steps that answering the current question with `value` would discard."""
        question = self.question
        if question is None:
            return []
        gone = set(self.run.would_drop(question.id, value))
        return [step for step in self._all_steps(self.flow_id) if step.question.id in gone]

    def stale_answers(self) -> list[SetAside]:
        """Every answer set aside, its old value shown as text."""
        return [
            SetAside(f, q, _as_text(e.get("value")), str(e.get("reason", "")))
            for f, qs in self.session.stale.items()
            for q, e in qs.items()
        ]

    # -- where we are ---------------------------------------------------
    @property
    def run(self) -> FlowRun:
        return self.runs[self.flow_id]

    @property
    def flow(self) -> Flow:
        return self.run.flow

    @property
    def question(self) -> Question | None:
        return self.run.current

    @property
    def complete(self) -> bool:
        return all(run.done for run in self.runs.values())

    def status(self, flow_id: str) -> str:
        run = self.runs[flow_id]
        if not run.answers and not run.done:
            return NOT_STARTED
        if not run.done:
            return IN_PROGRESS
        flow = run.flow
        unsure = any(is_unsure(flow.questions[q], v) for q, v in run.answers.items() if q in flow.questions)
        notes = any(self.session.note(flow_id, q) for q in run.answers)
        return OPEN_QUESTIONS if unsure or notes else DONE

    def progress(self) -> tuple[int, int]:
        """Questions answered on the current paths, and that plus the most that may still be asked."""
        answered = ahead = 0
        for run in self.runs.values():
            path, frontier = run.route()
            answered += len(path)
            ahead += self._remaining[run.flow.id][frontier]
        return answered, answered + ahead

    # -- moving ---------------------------------------------------------
    def select(self, flow_id: str, question_id: str | None = None) -> None:
        """Jump to a flow (its first open question) or to a question on its path."""
        self.flow_id = flow_id
        if question_id is not None:
            self.run.goto(question_id)
        elif self.run.done and self.run.history:
            self.run.back()

    def back(self) -> bool:
        if self.run.back():
            return True
        order = [f.id for f in self.flowset.flows]
        i = order.index(self.flow_id)
        if i == 0:
            return False
        self.flow_id = order[i - 1]
        if self.run.done:
            self.run.back()
        return True

    def advance_flow(self) -> None:
        """After a flow ends, move to the next unfinished flow in order."""
        order = [f.id for f in self.flowset.flows]
        start = order.index(self.flow_id)
        for fid in order[start:] + order[:start]:
            if not self.runs[fid].done:
                self.flow_id = fid
                return

    # -- changing -------------------------------------------------------
    def answer(self, value: object, note: str | None = None, skip_answered: bool = False) -> list[str]:
        """Answer the current question; log, autosave, move on. Returns dropped question ids.

        `skip_answered` (an Edit from the review page) moves on to the first
        unanswered question of the path instead of the next one.
        """
        question = self.question
        if question is None:
            raise RuntimeError("no question is open")
        flow_id = self.flow_id
        dropped = self.run.answer(value)
        if skip_answered:
            self.run.resume()
        self.session.record("answer", flow_id, question.id, self.run.answers[question.id])
        for qid in dropped:
            self.session.record("drop", flow_id, qid)
            self.session.notes.get(flow_id, {}).pop(qid, None)
        if note is not None:
            self._set_note(flow_id, question.id, note)
        if self.run.done:
            self.advance_flow()
        self.session.finished = self.complete
        self.autosave()
        return dropped

    def set_note(self, flow_id: str, question_id: str, text: str) -> None:
        self._set_note(flow_id, question_id, text)
        self.autosave()

    def _set_note(self, flow_id: str, question_id: str, text: str) -> None:
        text = text.strip()
        if text == self.session.note(flow_id, question_id):
            return
        notes = self.session.notes.setdefault(flow_id, {})
        if text:
            notes[question_id] = text
        else:
            notes.pop(question_id, None)
        self.session.record("note", flow_id, question_id, text)

    def autosave(self) -> None:
        if self.path is not None:
            save(self.session, self.path)
            if self.on_saved:
                self.on_saved(self.path)

    # -- results --------------------------------------------------------
    def outcomes(self, flow_id: str) -> list[Outcome]:
        return self.runs[flow_id].outcomes(self.session.profile)

    def steps(self, flow_id: str) -> list[Step]:
        """Answered questions of a flow in path order, with note and time."""
        path, _ = self.runs[flow_id].route()
        return [self._step(flow_id, q) for q in path]

    def _all_steps(self, flow_id: str) -> list[Step]:
        """Every answer a flow holds, on the path or not (the ones an edit is about to drop)."""
        run = self.runs[flow_id]
        return [self._step(flow_id, q) for q in run.flow.questions if q in run.answers]

    def _step(self, flow_id: str, question_id: str) -> Step:
        run = self.runs[flow_id]
        return Step(run.flow, run.flow.questions[question_id], run.answers[question_id],
                    self.session.note(flow_id, question_id), self.session.answered_at(flow_id, question_id))

    def profile_text(self, question_id: str) -> str:
        value = self.session.profile.get(question_id)
        return value if isinstance(value, str) else ""

    @property
    def profile_flow(self) -> Flow:
        return self.flowset.flow(PROFILE)


def _as_text(value: object) -> str:
    return "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
