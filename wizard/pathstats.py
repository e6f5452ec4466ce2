"""How long the interview is, and which questions or choices cost time without deciding anything.

Built on the exhaustive walk in `wizard.graph`, so the benchmarks and the tests
measure the same paths the checker checks. A *dead* question is one whose
answer, everything else kept, changes neither the questions that follow nor
any outcome: it costs the user a step and tells counsel nothing. A *dead
choice* is one whose selection changes nothing compared with the question's
other choices: a single choice that leads exactly where another choice leads,
a multiple choice that changes nothing when ticked beside others, or an
exclusive choice ("none", "I don't know") that leads where another answer
leads. An "I don't know" choice counts like any other: it must lead to its own
finding (the part cannot be assessed yet), not to the same place as a real
answer. Free-text questions are records (names, descriptions), never
decisions, so they are counted apart.

"Changes nothing" is judged over every path of the flow and, for findings
that read the profile, over every profile answer the profile's own paths can
give; for a profile question, over every finding of every part that reads it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wizard.conditions import AnswerValue, tests_in
from wizard.flows import PROFILE, Flow, FlowSet, Outcome, Problem, Question
from wizard.graph import walk


@dataclass(frozen=True)
class Lengths:
    """Questions asked on the shortest, median and longest path, and how many paths there are."""

    shortest: int
    median: int
    longest: int
    paths: int


def path_lengths(flow: Flow) -> Counter[int]:
    """How many complete paths of the flow ask n questions, for each n."""
    return Counter(len(answers) for answers in walk(flow))


def combine(counters: Iterable[Counter[int]]) -> Counter[int]:
    """Lengths of a walk through several independent flows in turn (a convolution)."""
    total: Counter[int] = Counter({0: 1})
    for counter in counters:
        step: Counter[int] = Counter()
        for a, m in total.items():
            for b, n in counter.items():
                step[a + b] += m * n
        total = step
    return total


def summarize(counter: Counter[int]) -> Lengths:
    """Shortest, (lower) median and longest length, each path weighted equally."""
    paths = sum(counter.values())
    middle, seen, median = (paths + 1) // 2, 0, 0
    for length in sorted(counter):
        seen += counter[length]
        if seen >= middle:
            median = length
            break
    return Lengths(min(counter), median, max(counter), paths)


def record_questions(flow: Flow) -> list[str]:
    """Free-text questions: kept for the report, never used to decide."""
    return [qid for qid, q in flow.questions.items() if q.kind == "text"]


def dead_questions(flowset: FlowSet, flow: Flow) -> list[str]:
    """Choice questions of a flow whose answer never changes the path or the outcomes."""
    futures = _Futures(flowset).of(flow)
    return [
        qid
        for qid, q in flow.questions.items()
        if q.kind != "text" and all(len(set(kids.values())) == 1 for kids in futures.get(qid, []))
    ]


def dead_choices(flowset: FlowSet, flow: Flow) -> list[tuple[str, str]]:
    """(question, choice) pairs whose selection never changes anything compared with the other choices."""
    futures = _Futures(flowset).of(flow)
    found: list[tuple[str, str]] = []
    for qid, q in flow.questions.items():
        nodes = futures.get(qid, [])
        if q.kind == "text" or not nodes:
            continue
        found += [(qid, c.id) for c in q.choices if _dead(q, c.id, nodes)]
    return found


def dead_problems(flowset: FlowSet) -> list[Problem]:
    """Dead questions and choices of every flow, as checker problems with the question's line."""
    cache = _Futures(flowset)
    problems: list[Problem] = []
    for flow in flowset.flows:
        futures = cache.of(flow)
        for qid, q in flow.questions.items():
            nodes = futures.get(qid, [])
            if q.kind == "text" or not nodes:
                continue
            if all(len(set(kids.values())) == 1 for kids in nodes):
                problems.append(
                    Problem(
                        flow.path, q.line, f"question '{qid}' is dead: no answer changes the questions that follow or any finding"
                    )
                )
                continue
            for c in q.choices:
                why = _why_dead(q, c.id, nodes)
                if why:
                    problems.append(Problem(flow.path, q.line, f"choice '{c.id}' of question '{qid}' is dead: {why}"))
    return problems


# -- the walk, folded into a tree whose subtrees are compared by identity ----------------------------

Kids = dict[AnswerValue, int]  # answer -> id of everything that follows it (questions and findings)


def _dead(q: Question, choice: str, nodes: list[Kids]) -> bool:
    return _why_dead(q, choice, nodes) is not None


def _why_dead(q: Question, choice: str, nodes: list[Kids]) -> str | None:
    """How `choice` leads nowhere the question's other answers do not, at every place it is asked; None if live."""
    if q.kind == "multi" and choice not in q.exclusive:
        pairs = [
            (kids[v], kids[without])
            for kids in nodes
            for v in kids
            if isinstance(v, tuple) and choice in v and (without := tuple(x for x in v if x != choice)) in kids
        ]
        if pairs:
            return "ticking it beside other choices changes nothing" if all(a == b for a, b in pairs) else None
    mine: AnswerValue = (choice,) if q.kind == "multi" else choice
    others = [v for v in nodes[0] if v != mine]
    for other in others:
        if all(kids.get(mine) == kids.get(other) for kids in nodes if mine in kids):
            shown = "+".join(other) if isinstance(other, tuple) else other
            return f"it leads exactly where '{shown}' leads"
    return None


@dataclass
class _Node:
    question: str = ""
    kids: dict[AnswerValue, _Node] = field(default_factory=dict)
    end: object = None  # the findings signature at the end of a path


class _Futures:
    """For each question of a flow, one {answer: future id} per place the question is asked.

    Two answers have the same future id exactly when they lead to the same
    remaining questions and answers and the same findings on every one of
    those paths, under every profile the findings read.
    """

    def __init__(self, flowset: FlowSet) -> None:
        self.flowset = flowset
        self._paths: dict[str, list[dict[str, AnswerValue]]] = {}
        self._intern: dict[object, int] = {}
        self._done: dict[str, dict[str, list[Kids]]] = {}
        self._contexts: dict[tuple[str, ...], list[tuple[AnswerValue | None, ...]]] = {}

    def paths(self, flow: Flow) -> list[dict[str, AnswerValue]]:
        if flow.id not in self._paths:
            self._paths[flow.id] = list(walk(flow))
        return self._paths[flow.id]

    def of(self, flow: Flow) -> dict[str, list[Kids]]:
        if flow.id not in self._done:
            signature = self._profile_signature() if flow.id == PROFILE else self._term_signature(flow)
            root = _Node()
            for answers in self.paths(flow):
                node = root
                for qid, value in answers.items():
                    node.question = qid
                    node = node.kids.setdefault(value, _Node())
                node.end = signature(answers)
            found: dict[str, list[Kids]] = defaultdict(list)
            self._fold(root, found)
            self._done[flow.id] = dict(found)
        return self._done[flow.id]

    def _fold(self, root: _Node, found: dict[str, list[Kids]]) -> int:
        """Each subtree's id, children before parents; iterative, as a flow may chain thousands of questions."""
        ids: dict[int, int] = {}
        stack: list[tuple[_Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if not node.kids:
                ids[id(node)] = self._id(("end", node.end))
            elif not expanded:
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.kids.values()))
            else:
                kids = {value: ids[id(child)] for value, child in node.kids.items()}
                found[node.question].append(kids)
                ids[id(node)] = self._id((node.question, frozenset(kids.items())))
        return ids[id(root)]

    def _id(self, key: object) -> int:
        return self._intern.setdefault(key, len(self._intern))

    # -- what a path's findings are ----------------------------------------------------------------

    def _profile_contexts(self, questions: tuple[str, ...]) -> list[tuple[AnswerValue | None, ...]]:
        """Every combination of answers to these profile questions that some profile path gives."""
        if not questions or not self.flowset.has(PROFILE):
            return [()]
        if questions not in self._contexts:
            seen = {tuple(p.get(q) for q in questions) for p in self.paths(self.flowset.flow(PROFILE))}
            self._contexts[questions] = sorted(seen, key=repr)
        return self._contexts[questions]

    def _term_signature(self, flow: Flow):
        """A path's effect: the findings that apply, each as a table over the profile answers it reads."""
        groups = _grouped(flow.outcomes, lambda o: _reads(o)[0])
        tables: dict[tuple, tuple] = {}

        def table(own_q: tuple[str, ...], outcomes: list[Outcome], answers: Mapping[str, AnswerValue]) -> tuple:
            rows = []
            for o in outcomes:
                prof_q = _reads(o)[1]
                rows.append(
                    tuple(_holds(o, flow.id, answers, dict(zip(prof_q, c, strict=True))) for c in self._profile_contexts(prof_q))
                )
            return tuple(rows)

        def signature(answers: Mapping[str, AnswerValue]) -> object:
            parts = []
            for own_q, outcomes in groups:
                key = (own_q, tuple(answers.get(q) for q in own_q))
                if key not in tables:
                    tables[key] = table(own_q, outcomes, answers)
                parts.append(tables[key])
            return tuple(parts)

        return signature

    def _profile_signature(self):
        """A profile path's effect: every part's profile-reading findings, for each way that part can be answered."""
        readers: list[tuple[Flow, Outcome, list[dict[str, AnswerValue]]]] = []
        for flow in self.flowset.flows:
            if flow.id == PROFILE:
                continue
            for o in flow.outcomes:
                own_q, prof_q = _reads(o)
                if prof_q:
                    projections = {tuple(p.get(q) for q in own_q) for p in self.paths(flow)}
                    rows = [dict(zip(own_q, row, strict=True)) for row in sorted(projections, key=repr)]
                    readers.append((flow, o, rows))
        groups = _grouped(readers, lambda r: _reads(r[1])[1])
        tables: dict[tuple, tuple] = {}

        def signature(answers: Mapping[str, AnswerValue]) -> object:
            parts = []
            for prof_q, group in groups:
                key = (prof_q, tuple(answers.get(q) for q in prof_q))
                if key not in tables:
                    tables[key] = tuple(tuple(_holds(o, flow.id, row, answers) for row in rows) for flow, o, rows in group)
                parts.append(tables[key])
            return tuple(parts)

        return signature


def _grouped(items, key) -> list[tuple[tuple[str, ...], list]]:
    """Items grouped by the questions they read, so each group is evaluated once per distinct answer."""
    groups: dict[tuple[str, ...], list] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return list(groups.items())


def _reads(outcome: Outcome) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The questions of its own flow and of the profile an outcome's condition reads, each sorted."""
    tests = list(tests_in(outcome.when))
    own = sorted({t.ref.question for t in tests if t.ref.flow is None})
    prof = sorted({t.ref.question for t in tests if t.ref.flow == PROFILE})
    return tuple(own), tuple(prof)


def _holds(outcome: Outcome, flow_id: str, answers: Mapping[str, AnswerValue], profile: Mapping[str, AnswerValue | None]) -> bool:
    if outcome.when is None:
        return True

    def lookup(flow: str, question: str) -> AnswerValue | None:
        return (profile if flow == PROFILE and flow_id != PROFILE else answers).get(question)

    return outcome.when.holds(lookup, flow_id)
