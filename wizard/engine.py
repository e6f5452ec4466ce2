"""One flow's interview as a `transitions` state machine (no Qt).

States are question ids plus `end`; the single trigger `advance` carries one
conditional transition per `next` rule, in file order, so the machine is built
from the flow's plain configuration the way transitions' own examples are.
Answers live in a dict owned by the session; this class only moves through it.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from transitions import Machine

from wizard.answers import normalize
from wizard.conditions import AnswerValue, Condition
from wizard.flows import END, Flow, Outcome, Question
from wizard.graph import outcomes_for


class FlowRun:
    """Where the user is in one flow, with Back history and branch pruning."""

    state: str  # set by the Machine

    def __init__(self, flow: Flow, answers: MutableMapping[str, AnswerValue]) -> None:
        self.flow = flow
        self.answers = answers
        self.history: list[str] = []
        self.machine = Machine(
            model=self,
            states=[*flow.questions, END],
            initial=flow.start,
            transitions=[
                self._transition(q, rule.goto, rule.condition) for q in flow.questions.values() for rule in q.next
            ],
            auto_transitions=False,
            send_event=False,
        )
        self.resume()

    def _transition(self, q: Question, dest: str, condition: Condition | None) -> dict:
        spec: dict = {"trigger": "advance", "source": q.id, "dest": dest}
        if condition is not None:
            spec["conditions"] = [lambda c=condition: c.holds(self._lookup, self.flow.id)]
        return spec

    def _lookup(self, _flow: str, question: str) -> AnswerValue | None:
        return self.answers.get(question)

    # -- position -------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.state == END

    @property
    def current(self) -> Question | None:
        return None if self.done else self.flow.questions[self.state]

    def route(self, answers: Mapping[str, AnswerValue] | None = None) -> tuple[list[str], str]:
        """The answered questions on the path the answers take, and where it stops."""
        answers = self.answers if answers is None else answers
        path: list[str] = []
        qid = self.flow.start
        while qid != END and qid in answers and qid not in path:
            path.append(qid)
            qid = self.flow.questions[qid].route(lambda _f, q: answers.get(q), self.flow.id)
        return path, qid

    def resume(self) -> None:
        """Place the cursor at the first unanswered question of the path."""
        path, frontier = self.route()
        self.history = path
        self.machine.set_state(frontier, model=self)

    def goto(self, question_id: str) -> None:
        """Jump to a question on the current path (Edit from the review page)."""
        path, frontier = self.route()
        if question_id == frontier:
            self.history = path
        elif question_id in path:
            self.history = path[: path.index(question_id)]
        else:
            raise KeyError(f"question '{question_id}' is not on the current path of '{self.flow.id}'")
        self.machine.set_state(question_id, model=self)

    def back(self) -> bool:
        """Return to the previous question; False at the first one."""
        if not self.history:
            return False
        self.machine.set_state(self.history.pop(), model=self)
        return True

    # -- answering ------------------------------------------------------
    def would_drop(self, question_id: str, value: object) -> list[str]:
        """Answers that answering `question_id` with `value` would discard."""
        question = self.flow.questions[question_id]
        trial = {**self.answers, question_id: normalize(question, value)}
        path, _ = self.route(trial)
        return [q for q in trial if q not in path and q in self.flow.questions]

    def answer(self, value: object) -> list[str]:
        """Record an answer, move on, and drop answers on the branch no longer taken.

        Returns the ids of the dropped answers, so the caller can log them.
        """
        question = self.current
        if question is None:
            raise RuntimeError(f"flow '{self.flow.id}' is finished; go back before answering")
        self.answers[question.id] = normalize(question, value)
        self.history.append(question.id)
        self.advance()  # type: ignore[attr-defined]  # trigger added by the Machine
        path, _ = self.route()
        dropped = [q for q in list(self.answers) if q not in path and q in self.flow.questions]
        for q in dropped:
            del self.answers[q]
        return dropped

    def outcomes(self, profile: Mapping[str, AnswerValue] | None = None) -> list[Outcome]:
        return outcomes_for(self.flow, self.answers, profile)
