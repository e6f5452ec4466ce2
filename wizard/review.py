"""A review being answered: a cursor over the flows plus the commands that change the session (no Qt).

Every change goes through a command (`answer`, `set_note`) that updates the
session, autosaves it in one place (`_commit`), and returns a `Change` saying
what changed, so the window redraws from that (Anki's operations). What the
review *shows* is `derive(flowset, session)`; the cursor only remembers where
the user stands in each part and the Back history. The `transitions` machine
of each flow (`wizard.router`) decides every next question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wizard import counsel
from wizard.answers import check_note, normalize
from wizard.counsel_view import check_target
from wizard.derive import Derived, Step, derive
from wizard.fingerprint import question_fingerprint
from wizard.flows import END, Flow, FlowSet, Question
from wizard.fsio import write_private
from wizard.migrate import migrate
from wizard.router import router_for
from wizard.session import Session

if TYPE_CHECKING:
    from wizard.autosave import Writer


@dataclass(frozen=True)
class Change:
    """What one command did, so each screen redraws only what it touched (Anki's OpChanges).

    `parts` names the flows answered or noted, and `counsel.COUNSEL` /
    `counsel.ACTIONS` for counsel's entries and action items; `actions` the
    finding ids whose owner or due date changed (one row each to redraw);
    `navigation` that the cursor moved; `document` that the open review, its
    file, lock or read-only state changed (everything redraws).
    """

    dropped: tuple[str, ...] = ()
    parts: frozenset[str] = field(default_factory=frozenset)
    actions: frozenset[str] = field(default_factory=frozenset)
    navigation: bool = False
    document: bool = False

    @property
    def modified(self) -> bool:
        """The session changed: the document is now behind."""
        return bool(self.parts)

    @property
    def counsel(self) -> bool:
        return counsel.COUNSEL in self.parts

    @property
    def answers(self) -> frozenset[str]:
        """The flows whose answers or notes changed."""
        return self.parts - {counsel.COUNSEL, counsel.ACTIONS}

    @property
    def only_actions(self) -> bool:
        """Only owners or due dates changed: the rows of `actions` are all there is to redraw."""
        return self.parts == {counsel.ACTIONS} and bool(self.actions) and not self.document

    def __or__(self, other: Change) -> Change:
        return Change(
            self.dropped + other.dropped,
            self.parts | other.parts,
            self.actions | other.actions,
            self.navigation or other.navigation,
            self.document or other.document,
        )


class Review:
    """Where the user stands in each part, with Back history; commands that answer and note."""

    def __init__(
        self,
        flowset: FlowSet,
        session: Session | None = None,
        path: Path | None = None,
        on_saved: Callable[[Path], None] | None = None,
        writer: Writer | None = None,
    ) -> None:
        self.flowset = flowset
        self.session = session or Session(flows_digest=flowset.digest)
        self.path = path
        self.on_saved = on_saved
        self.writer = writer  # autosaves written on its thread; without one, before the command returns
        self._revision = 0  # one more for every change a command makes: the derived view is kept until then
        self._basis_revision = 0  # likewise, but owners and due dates do not count (`_targets`)
        self._view: tuple[tuple[int, int, int], Derived] | None = None
        self._basis: tuple[tuple[int, int], Derived] | None = None
        self._at: dict[str, str] = {}
        self._history: dict[str, list[str]] = {}
        derived = self.derive()
        for flow in flowset.flows:
            part = derived.part(flow.id)
            self._at[flow.id], self._history[flow.id] = part.frontier, list(part.path)
        self.flow_id = derived.first_open() or flowset.flows[-1].id

    @classmethod
    def open(
        cls,
        flowset: FlowSet,
        session: Session,
        path: Path | None = None,
        on_saved: Callable[[Path], None] | None = None,
        writer: Writer | None = None,
    ) -> Review:
        """A review of a session opened for editing: migrated to the current flows once, first."""
        migrate(flowset, session)
        return cls(flowset, session, path, on_saved, writer)

    def derive(self) -> Derived:
        """`derive(flowset, session)`, computed once per change: kept until a command changes the session."""
        key = (self._revision, id(self.session), len(self.session.log))
        if self._view is None or self._view[0] != key:
            self._view = (key, derive(self.flowset, self.session))
        return self._view[1]

    def _targets(self) -> Derived:
        """The view counsel's entries and action items are checked against (`check_target`).

        What they may refer to follows from the answers and counsel's entries;
        an owner or a due date changes none of it, so entering one after
        another derives nothing.
        """
        key = (self._basis_revision, id(self.session))
        if self._basis is None or self._basis[0] != key:
            self._basis = (key, self.derive())
        return self._basis[1]

    # -- where we are ---------------------------------------------------
    @property
    def flow(self) -> Flow:
        return self.flowset.flow(self.flow_id)

    @property
    def question(self) -> Question | None:
        at = self._at[self.flow_id]
        return None if at == END else self.flow.questions[at]

    @property
    def history(self) -> tuple[str, ...]:
        """The questions Back steps through in the current part."""
        return tuple(self._history[self.flow_id])

    @property
    def at_first_question(self) -> bool:
        return self.flow_id == self.flowset.flows[0].id and not self._history[self.flow_id]

    def answers(self, flow_id: str | None = None) -> dict:
        return self.session.answers_of(flow_id or self.flow_id)

    def current_answer(self) -> object:
        question = self.question
        return None if question is None else self.answers().get(question.id)

    @property
    def complete(self) -> bool:
        return all(router_for(f).path(self.answers(f.id))[1] == END for f in self.flowset.flows)

    # -- moving ---------------------------------------------------------
    def select(self, flow_id: str, question_id: str | None = None) -> None:
        """Go to a part where the user left it, or to a question on its current path (Edit)."""
        self.flow_id = flow_id
        if question_id is None:
            if self._at[flow_id] == END and self._history[flow_id]:
                self._at[flow_id] = self._history[flow_id].pop()
            return
        path, frontier = router_for(self.flow).path(self.answers())
        if question_id == frontier:
            self._history[flow_id] = list(path)
        elif question_id in path:
            self._history[flow_id] = list(path[: path.index(question_id)])
        else:
            raise KeyError(f"question '{question_id}' is not on the current path of '{flow_id}'")
        self._at[flow_id] = question_id

    def back(self) -> bool:
        """The previous question, in this part or the part before; False at the very first one."""
        if self._history[self.flow_id]:
            self._at[self.flow_id] = self._history[self.flow_id].pop()
            return True
        order = [f.id for f in self.flowset.flows]
        i = order.index(self.flow_id)
        if i == 0:
            return False
        self.select(order[i - 1])
        return True

    def resume(self) -> None:
        """Put the current part's cursor on the first unanswered question of its path."""
        path, frontier = router_for(self.flow).path(self.answers())
        self._history[self.flow_id], self._at[self.flow_id] = list(path), frontier

    def _advance_flow(self) -> None:
        """After a part ends, move to the next unfinished part in order (wrapping round)."""
        order = [f.id for f in self.flowset.flows]
        start = order.index(self.flow_id)
        for fid in order[start:] + order[:start]:
            if self._at[fid] != END:
                self.flow_id = fid
                return

    # -- changing -------------------------------------------------------
    def would_drop(self, value: object) -> list[Step]:
        """The answered steps that answering the current question with `value` would discard."""
        question = self.question
        if question is None:
            return []
        answers = self.answers()
        trial = {**answers, question.id: normalize(question, value)}
        path, _ = router_for(self.flow).path(trial)
        gone = [q for q in self.flow.questions if q in answers and q not in path]
        return [
            Step(
                self.flow,
                self.flow.questions[q],
                answers[q],
                self.session.note(self.flow_id, q),
                self.session.answered_at(self.flow_id, q),
            )
            for q in gone
        ]

    def answer(self, value: object, note: str | None = None, skip_answered: bool = False) -> Change:
        """Answer the current question, move on, drop answers on a branch no longer taken.

        Re-confirming the answer already given changes nothing and logs nothing.
        `skip_answered` (an Edit from the review page) moves on to the first
        unanswered question of the path instead of the next one.
        """
        question = self.question
        if question is None:
            raise RuntimeError("no question is open")
        flow_id, answers = self.flow_id, self.answers()
        value = normalize(question, value)
        note = None if note is None else check_note(note)  # refused before anything changes
        touched: set[str] = set()
        dropped: tuple[str, ...] = ()
        asked = self.session.asked.setdefault(flow_id, {})
        fingerprint = question_fingerprint(question)
        if answers.get(question.id) != value or asked.get(question.id, fingerprint) != fingerprint:
            answers[question.id] = value  # a changed answer, or one confirmed against a reworded question
            asked[question.id] = fingerprint
            self.session.record("answer", flow_id, question.id, value)
            path, _ = router_for(self.flow).path(answers)
            dropped = tuple(q for q in self.flow.questions if q in answers and q not in path)
            for qid in dropped:
                del answers[qid]
                asked.pop(qid, None)
                self.session.record("drop", flow_id, qid)
                self.session.notes.get(flow_id, {}).pop(qid, None)
            touched.add(flow_id)
        if note is not None and self._set_note(flow_id, question.id, note):
            touched.add(flow_id)
        self._history[flow_id].append(question.id)
        self._at[flow_id] = router_for(self.flow).next(question.id, answers)
        if skip_answered:
            self.resume()
        if self._at[flow_id] == END:
            self._advance_flow()
        return self._commit(Change(dropped, frozenset(touched), navigation=True))

    def set_note(self, flow_id: str, question_id: str, text: str) -> Change:
        changed = self._set_note(flow_id, question_id, text)
        return self._commit(Change(parts=frozenset({flow_id} if changed else ())))

    def set_ask(self, flow_id: str, question_id: str, ask: bool) -> Change:
        """Mark a note "ask counsel" (an open question) or not (context); logged and autosaved like a note."""
        changed = self.session.mark_ask(flow_id, question_id, ask)
        return self._commit(Change(parts=frozenset({flow_id} if changed else ())))

    def _set_note(self, flow_id: str, question_id: str, text: str) -> bool:
        text = check_note(text)
        if text == self.session.note(flow_id, question_id):
            return False
        notes = self.session.notes.setdefault(flow_id, {})
        if text:
            notes[question_id] = text
        else:
            notes.pop(question_id, None)
        self.session.record("note", flow_id, question_id, text)
        return True

    # -- counsel's answer and actions (the rules are in wizard.counsel) ------
    def decide(self, decision: object, reviewer: object, role: object, date: object, conditions: Iterable[object] = ()) -> Change:
        """Give or revise counsel's decision; giving it again over changed answers confirms it."""
        return self._handoff(counsel.decide(self.session, decision, reviewer, role, date, conditions))

    def confirm_decision(self, date: object | None = None) -> Change:
        """Counsel confirms the decision on the answers as they are now."""
        return self._handoff(counsel.confirm(self.session, date))

    def answer_question(self, finding_id: str, text: object, resolved: bool = False) -> Change:
        """Counsel's answer to an open question, and whether it resolves it."""
        if text or resolved:
            check_target(self._targets(), self.session, finding_id, "question")
        return self._handoff(counsel.set_answer(self.session, finding_id, text, resolved))

    def dispose_risk(self, finding_id: str, disposition: object, comment: object = "") -> Change:
        """Counsel's disposition of a risk ('' clears it)."""
        if disposition:
            check_target(self._targets(), self.session, finding_id, "risk")
        return self._handoff(counsel.set_disposition(self.session, finding_id, disposition, comment))

    def set_action(self, finding_id: str, owner: object, due: object) -> Change:
        """Who does an action item (obligation, recommendation, condition, risk to reduce) and by when."""
        if owner or due:
            check_target(self._targets(), self.session, finding_id, "action")
        changed = counsel.set_action(self.session, finding_id, owner, due)
        return self._commit(Change(parts=frozenset({counsel.ACTIONS}), actions=frozenset({finding_id})) if changed else Change())

    def set_review_by(self, date: object) -> Change:
        return self._handoff(counsel.set_review_by(self.session, date), counsel.ACTIONS)

    def _handoff(self, changed: bool, part: str = "") -> Change:
        return self._commit(Change(parts=frozenset({part or counsel.COUNSEL} if changed else ())))

    def _commit(self, change: Change) -> Change:
        """The one place a change reaches the disk: before the window takes its next input."""
        if change.modified:
            self._revision += 1
            if change.parts - {counsel.ACTIONS}:
                self._basis_revision += 1
            self.session.finished = self.complete
            self.autosave()
        return change

    def autosave(self) -> None:
        """Write the session to its autosave: encoded and checked here (a SessionError at once), written by the writer."""
        if self.path is not None:
            data = self.session.encode(str(self.path))
            if self.writer is None:
                write_private(self.path, data)
            else:
                self.writer.submit(self.path, data)
            if self.on_saved:
                self.on_saved(self.path)
