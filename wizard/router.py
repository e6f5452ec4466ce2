"""The one router: a flow's `next` rules as `transitions` state machines (no Qt).

States are the question ids plus `end`; the single trigger `advance` carries
one conditional transition per `next` rule, in file order, built from the
flow's plain configuration the way transitions' own examples build machines.
Every "which question comes next?" in the app (the wizard's cursor, the
scenario runner, the checker's path walk, progress, the report worker) is
answered by firing `advance` on such a machine. The machine is the routing
function, not the cursor: where the user stands and the Back history live in
`wizard.review`.

`next()` is a pure function of the flow and the answers its rules read. The
answers travel with the trigger (transitions' event data), never on a shared
object, and each thread fires its own model and machine (one machine per
model), because firing sets the model's state. A rule's conditions may read
only its own flow's answers (the checker enforces it), so a decision depends
only on the question and the answers its rules read; those decisions are
remembered under exactly that key, which lets the checker walk tens of
thousands of paths at start-up. Two threads that miss the same key compute the
same value, so the memo never holds a wrong answer.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from transitions import EventData, Machine

from wizard.conditions import AnswerValue, tests_in
from wizard.flows import END, Flow

Answers = Mapping[str, AnswerValue]


class _Position:
    """The model one thread fires: it holds only the machine's state, never answers."""

    state: str  # set by the Machine


class Router:
    """Fires a flow's machine to find the question after an answer, and whole paths."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._reads = {
            q.id: tuple(dict.fromkeys(t.ref.question for r in q.next for t in tests_in(r.condition)))
            for q in flow.questions.values()
        }
        self._decided: dict[tuple[str, tuple[Any, ...]], str] = {}
        self._lock = threading.Lock()  # guards the memo's writes
        self._local = threading.local()  # this thread's (model, machine)
        self.config: dict[str, Any] = {
            "states": [*flow.questions, END],
            "initial": flow.start,
            "transitions": [
                {
                    "trigger": "advance",
                    "source": q.id,
                    "dest": rule.goto,
                    **({"conditions": [self._holds(rule.condition)]} if rule.condition is not None else {}),
                }
                for q in flow.questions.values()
                for rule in q.next
            ],
            "auto_transitions": False,
            "send_event": True,
        }

    def _holds(self, condition):  # noqa: ANN001, ANN202 - a transitions condition callback
        flow_id = self.flow.id

        def holds(event: EventData) -> bool:
            answers: Answers = event.kwargs["answers"]
            return condition.holds(lambda _flow, question: answers.get(question), flow_id)

        return holds

    @property
    def machine(self) -> Machine:
        """This thread's machine (built on first use from the plain configuration)."""
        return self._fired()[1]

    def _fired(self) -> tuple[_Position, Machine]:
        pair = getattr(self._local, "pair", None)
        if pair is None:
            model = _Position()
            pair = self._local.pair = (model, Machine(model=model, **self.config))
        return pair

    def next(self, question_id: str, answers: Answers) -> str:
        """The question after `question_id` given the answers (`end` when the flow is over)."""
        key = (question_id, tuple(answers.get(q) for q in self._reads[question_id]))
        dest = self._decided.get(key)
        if dest is None:
            model, machine = self._fired()
            machine.set_state(question_id, model=model)
            if not model.advance(answers=answers):  # type: ignore[attr-defined]  # trigger added by the Machine
                raise RuntimeError(f"flow '{self.flow.id}': no rule of '{question_id}' applies")
            dest = model.state
            with self._lock:
                self._decided[key] = dest
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
_ROUTERS_LOCK = threading.Lock()


def router_for(flow: Flow) -> Router:
    """The router of a flow, built once per loaded flow (flows are immutable); safe to share across threads."""
    entry = _ROUTERS.get(id(flow))
    if entry is None or entry[0] is not flow:
        with _ROUTERS_LOCK:
            entry = _ROUTERS.get(id(flow))
            if entry is None or entry[0] is not flow:
                entry = _ROUTERS[id(flow)] = (flow, Router(flow))
    return entry[1]
