"""The one router: a flow's `next` rules as a `transitions` state machine (no Qt).

States are the question ids plus `end`; the single trigger `advance` carries
one conditional transition per `next` rule, in file order, built from the
flow's plain configuration the way transitions' own examples build machines.
Every "which question comes next?" in the app (the wizard's cursor, the
scenario runner, the checker's path walk, progress) is answered by firing
`advance` on this machine. The machine is the routing function, not the
cursor: where the user stands and the Back history live in `wizard.review`.

A rule's conditions may read only its own flow's answers (the checker enforces
it), so the machine's answer from a question depends only on the answers its
rules read; those decisions are remembered, which lets the checker walk tens of
thousands of paths through the machine at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from transitions import Machine

from wizard.conditions import AnswerValue, tests_in
from wizard.flows import END, Flow

Answers = Mapping[str, AnswerValue]


class Router:
    """Fires one flow's machine to find the question after an answer, and whole paths."""

    state: str  # set by the Machine

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._answers: Answers = {}
        self._reads = {
            q.id: tuple(dict.fromkeys(t.ref.question for r in q.next for t in tests_in(r.condition)))
            for q in flow.questions.values()
        }
        self._decided: dict[tuple[str, tuple[Any, ...]], str] = {}
        self.machine = Machine(
            model=self,
            states=[*flow.questions, END],
            initial=flow.start,
            transitions=[
                {
                    "trigger": "advance",
                    "source": q.id,
                    "dest": rule.goto,
                    **({"conditions": [self._holds(rule.condition)]} if rule.condition is not None else {}),
                }
                for q in flow.questions.values()
                for rule in q.next
            ],
            auto_transitions=False,
            send_event=False,
        )

    def _holds(self, condition):  # noqa: ANN001, ANN202 - a transitions condition callback
        flow_id = self.flow.id
        return lambda: condition.holds(lambda _flow, question: self._answers.get(question), flow_id)

    def next(self, question_id: str, answers: Answers) -> str:
        """The question after `question_id` given the answers (`end` when the flow is over)."""
        key = (question_id, tuple(answers.get(q) for q in self._reads[question_id]))
        dest = self._decided.get(key)
        if dest is None:
            self._answers = answers
            self.machine.set_state(question_id, model=self)
            if not self.advance():  # type: ignore[attr-defined]  # trigger added by the Machine
                raise RuntimeError(f"flow '{self.flow.id}': no rule of '{question_id}' applies")
            dest = self._decided[key] = self.state
            self._answers = {}
        return dest

    def path(self, answers: Answers) -> tuple[tuple[str, ...], str]:
        """The answered questions on the path the answers take, and the question where it stops."""
        path: list[str] = []
        qid = self.flow.start
        while qid != END and qid in answers and qid not in path:
            path.append(qid)
            qid = self.next(qid, answers)
        return tuple(path), qid


_ROUTERS: dict[int, tuple[Flow, Router]] = {}


def router_for(flow: Flow) -> Router:
    """The router of a flow, built once per loaded flow (flows are immutable)."""
    entry = _ROUTERS.get(id(flow))
    if entry is None or entry[0] is not flow:
        entry = _ROUTERS[id(flow)] = (flow, Router(flow))
    return entry[1]
