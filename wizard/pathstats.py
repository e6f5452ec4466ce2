"""How long the interview is, and which questions cost time without deciding anything.

Built on the exhaustive walk in `wizard.graph`, so the benchmarks and the tests
measure the same paths the checker checks. A *dead* question is one whose
answer, everything else kept, changes neither the questions that follow nor
any outcome: it costs the user a step and tells counsel nothing. Free-text
questions are records (names, descriptions), never decisions, so they are
counted apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wizard.conditions import tests_in
from wizard.flows import PROFILE, Flow, FlowSet
from wizard.graph import applies, profile_variants, walk


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


def dead_questions(flowset: FlowSet, flow: Flow) -> list[str]:
    """Choice questions of a flow whose answer never changes the path or the outcomes.

    For every path prefix that reaches a question, the set of possible futures
    (the rest of the path and the outcomes under each representative profile)
    is compared across the question's answers; a question is live as soon as
    one prefix shows a difference. Profile questions are live also when any
    flow's outcome reads them.
    """
    variants = profile_variants(flowset, flow)
    futures: dict[tuple[str, tuple], dict[object, set[int]]] = defaultdict(lambda: defaultdict(set))
    for answers in walk(flow):
        outcome_sig = tuple(
            frozenset(o.id for o in flow.outcomes if applies(o, flow.id, answers, profile)) for profile in variants
        )
        items = list(answers.items())
        for i, (qid, value) in enumerate(items):
            if flow.questions[qid].kind == "text":
                continue
            futures[(qid, tuple(items[:i]))][value].add(hash((tuple(items[i + 1:]), outcome_sig)))
    live = {qid for (qid, _), by_value in futures.items() if len({frozenset(s) for s in by_value.values()}) > 1}
    if flow.id == PROFILE:
        live |= {t.ref.question for f in flowset.flows for o in f.outcomes for t in tests_in(o.when)
                 if t.ref.flow == PROFILE}
    return [qid for qid, q in flow.questions.items() if q.kind != "text" and qid not in live]


def record_questions(flow: Flow) -> list[str]:
    """Free-text questions: kept for the report, never used to decide."""
    return [qid for qid, q in flow.questions.items() if q.kind == "text"]
