"""Graph rules over flows, and the exhaustive walk of every path through one.

The walk is the ground truth the checker, the tests and the benchmarks share:
a question no path asks, an outcome no path triggers, or a path that yields
nothing is a content bug the checker reports with its line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import product

from wizard.answers import option_count, options
from wizard.conditions import AnswerValue, tests_in
from wizard.flows import END, PROFILE, Flow, FlowSet, Outcome, Problem
from wizard.router import router_for

MAX_PATHS = 200_000
Answers = dict[str, AnswerValue]


def applies(outcome: Outcome, flow_id: str, answers: Mapping[str, AnswerValue], profile: Mapping[str, AnswerValue]) -> bool:
    """Whether an outcome holds for one flow's answers and the profile answers."""
    if outcome.when is None:
        return True

    def lookup(flow: str, question: str) -> AnswerValue | None:
        return (profile if flow == PROFILE and flow != flow_id else answers).get(question)

    return outcome.when.holds(lookup, flow_id)


def outcomes_for(
    flow: Flow, answers: Mapping[str, AnswerValue], profile: Mapping[str, AnswerValue] | None = None
) -> list[Outcome]:
    """The outcomes that follow from the answers alone, in flow order."""
    return [o for o in flow.outcomes if applies(o, flow.id, answers, profile or {})]


def walk(flow: Flow) -> Iterator[Answers]:
    """Every complete path as an insertion-ordered {question: answer} dict, routed by the flow's machine."""
    router = router_for(flow)
    stack: list[tuple[str, Answers]] = [(flow.start, {})]
    while stack:
        qid, answers = stack.pop()
        if qid == END:
            yield answers
            continue
        branches = []
        for value in options(flow.questions[qid]):
            after = {**answers, qid: value}
            branches.append((router.next(qid, after), after))
        stack.extend(reversed(branches))


def steps_to_end(flow: Flow) -> dict[str, int]:
    """The most questions still to ask from each question (itself included), for progress.

    Iterative (a flow may be a chain of thousands of questions); a cycle in an
    unchecked flow counts its questions once instead of looping.
    """
    memo: dict[str, int] = {END: 0}
    for root in flow.questions:
        stack = [(root, False)]
        while stack:
            qid, expanded = stack.pop()
            if qid in memo and not expanded:
                continue
            targets = [r.goto for r in flow.questions[qid].next]
            if expanded:
                memo[qid] = 1 + max(memo.get(t, 0) for t in targets)
                continue
            memo[qid] = 0  # provisional: a cycle back to it sees 0
            stack.append((qid, True))
            stack.extend((t, False) for t in targets if t not in memo)
    return memo


def profile_variants(flowset: FlowSet, flow: Flow) -> list[dict[str, AnswerValue]]:
    """Representative profiles for the profile questions a flow's outcomes read.

    Single questions take every value; multi questions take each choice alone
    and all combinable choices together, which covers the conjunctions and
    negations the content uses without enumerating every subset.
    """
    if not flowset.has(PROFILE):
        return [{}]
    profile = flowset.flow(PROFILE)
    used = sorted({t.ref.question for o in flow.outcomes for t in tests_in(o.when) if t.ref.flow == PROFILE})
    axes: list[list[AnswerValue | None]] = []
    for qid in used:
        q = profile.questions[qid]
        values: list[AnswerValue | None] = [None]
        if q.kind == "single":
            values += [c.id for c in q.choices]
        elif q.kind == "multi":
            values += [(c.id,) for c in q.choices]
            values.append(tuple(c.id for c in q.choices if c.id not in q.exclusive))
        else:
            values.append("sample")
        axes.append(values)
    return [{qid: v for qid, v in zip(used, combo, strict=False) if v is not None} for combo in product(*axes)]


def _structure(flow: Flow) -> list[Problem]:
    """Reachability and cycles over every goto, whatever the conditions (iterative depth-first search)."""
    problems: list[Problem] = []
    edges = {qid: [r.goto for r in q.next if r.goto != END] for qid, q in flow.questions.items()}
    colour: dict[str, int] = {flow.start: 1}
    reported: set[frozenset[str]] = set()
    trail = [flow.start]
    pending = [iter(edges.get(flow.start, []))]
    while pending:
        nxt = next(pending[-1], None)
        if nxt is None:
            colour[trail.pop()] = 2
            pending.pop()
        elif colour.get(nxt) == 1:
            loop = [*trail[trail.index(nxt) :], nxt]
            if frozenset(loop) not in reported:
                reported.add(frozenset(loop))
                problems.append(Problem(flow.path, flow.questions[trail[-1]].line, f"cycle: {' -> '.join(loop)}"))
        elif colour.get(nxt) is None and nxt in edges:
            colour[nxt] = 1
            trail.append(nxt)
            pending.append(iter(edges[nxt]))
    for qid, q in flow.questions.items():
        if qid not in colour:
            problems.append(Problem(flow.path, q.line, f"question '{qid}' is unreachable: no 'next' leads to it"))
    return problems


def _semantics(flowset: FlowSet, flow: Flow) -> list[Problem]:
    """Problems only an exhaustive walk can see.

    Every path is walked, but an outcome can only tell paths apart by the answers
    its condition reads: each set of outcomes is tested once per distinct
    combination of those answers (`_reads`), not once per path. Outcomes that
    ignore the profile are evaluated once per combination rather than once per
    profile variant, and one already seen to fire is only re-tested while a path
    still needs one. The app runs this check at the first start of each version,
    so it has to be fast (benchmarks/run.py).
    """
    too_big = _too_many_answers(flow)
    if too_big:
        return too_big
    asked: set[str] = set()
    fired: set[str] = set()
    variants = profile_variants(flowset, flow)
    own, by_profile = _split_by_profile(flow)
    waiting = {o.id for o in own}  # own outcomes not seen to fire yet
    profile_reads = _reads(by_profile, flow.id)
    tested: set[tuple] = set()  # the answers profile outcomes read, once every outcome they fire is in `fired`
    covered: set[tuple] = set()  # ... and every profile variant was seen to fire one
    term = flow.role == "term"
    for count, answers in enumerate(walk(flow), 1):
        if count > MAX_PATHS:
            return [Problem(flow.path, 1, f"more than {MAX_PATHS} paths: too many to check, split the flow")]
        asked.update(answers)
        found = _fire_own(flow, own, answers, fired, waiting, need_one=term)
        key = tuple(answers.get(q) for q in profile_reads)
        if found or not term:
            if key not in tested:
                tested.add(key)
                pending = [o for o in by_profile if o.id not in fired]
                fired.update(o.id for o in pending if any(applies(o, flow.id, answers, p) for p in variants))
            continue
        if key in covered:
            continue
        for profile in variants:
            hits = [o.id for o in by_profile if applies(o, flow.id, answers, profile)]
            fired.update(hits)
            if not hits:
                shown = ", ".join(f"{q}={_short(v)}" for q, v in answers.items())
                return [Problem(flow.path, 1, f"the path {shown} yields no outcome")]
        covered.add(key)
        tested.add(key)
    never_asked = [
        Problem(flow.path, q.line, f"question '{qid}' is never asked: no path's conditions lead to it")
        for qid, q in flow.questions.items()
        if qid not in asked
    ]
    never_fired = [
        Problem(flow.path, o.line, f"outcome '{o.id}' can never apply: its condition is false on every path")
        for o in flow.outcomes
        if o.id not in fired
    ]
    return never_asked + never_fired


def _reads(outcomes: list[Outcome], flow_id: str) -> tuple[str, ...]:
    """The questions of the path's own answers the outcomes' conditions read (as `applies` looks them up).

    Two paths that agree on these answers fire the same of these outcomes, so
    the walk tests each such combination once.
    """
    return tuple(
        sorted({t.ref.question for o in outcomes for t in tests_in(o.when) if not (t.ref.flow == PROFILE and flow_id != PROFILE)})
    )


def _too_many_answers(flow: Flow) -> list[Problem]:
    """A multi question with dozens of choices has too many combinations to walk; say so before building them."""
    for q in flow.questions.values():
        if option_count(q) > MAX_PATHS:
            return [
                Problem(
                    flow.path,
                    q.line,
                    f"question '{q.id}' has {option_count(q):,} possible answers: too many "
                    f"to check (at most {MAX_PATHS:,}); split it or mark choices exclusive",
                )
            ]
    return []


def _fire_own(flow: Flow, own: list[Outcome], answers: Answers, fired: set[str], waiting: set[str], need_one: bool) -> bool:
    """Record the profile-free outcomes this path fires (testing fired ones again only while none is found).

    `waiting` holds the ids of `own` not fired yet. The outcome that fired last is
    tried first on the next path (`own` is reordered in place): neighbouring paths
    differ in one answer, so it usually fires again and, once all have fired, the
    rest need no test.
    """
    if not waiting and not need_one:
        return False

    def lookup(_flow: str, question: str) -> AnswerValue | None:  # as `applies` looks up an outcome that ignores the profile
        return answers.get(question)

    found = False
    for i, o in enumerate(own):
        if found and not waiting:
            break
        if (o.id in waiting or (need_one and not found)) and (o.when is None or o.when.holds(lookup, flow.id)):
            fired.add(o.id)
            waiting.discard(o.id)
            if not found and i:
                own.insert(0, own.pop(i))
            found = True
    return found


def _split_by_profile(flow: Flow) -> tuple[list[Outcome], list[Outcome]]:
    """Outcomes that read only this flow's answers, and those that also read the profile."""
    reads_profile = [flow.id != PROFILE and any(t.ref.flow == PROFILE for t in tests_in(o.when)) for o in flow.outcomes]
    return (
        [o for o, p in zip(flow.outcomes, reads_profile, strict=True) if not p],
        [o for o, p in zip(flow.outcomes, reads_profile, strict=True) if p],
    )


def check_graph(flowset: FlowSet) -> list[Problem]:
    """Graph and path rules for every flow of a schema-valid set."""
    problems: list[Problem] = []
    for flow in flowset.flows:
        structural = _structure(flow)
        problems += structural
        if not structural:
            problems += _semantics(flowset, flow)
    return problems


def _short(value: AnswerValue) -> str:
    return value if isinstance(value, str) else "+".join(value)
