"""The checker's walk tests each combination of the answers an outcome reads once; it finds what testing every path finds.

The reference below tests every outcome on every path under every profile
variant, the plain reading of the rules; the checker must report the same
problems, in the same words, on real flows broken in many ways.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from wizard.flows import PROFILE, Flow, FlowSet, Problem, read_flows
from wizard.graph import _semantics, _short, applies, profile_variants, walk
from wizard.paths import flows_dir


def every_path(flowset: FlowSet, flow: Flow) -> list[Problem]:
    """Every outcome on every path and variant: slow, and obviously what the rules say."""
    asked: set[str] = set()
    fired: set[str] = set()
    variants = profile_variants(flowset, flow)
    for answers in walk(flow):
        asked.update(answers)
        for profile in variants:
            hits = [o.id for o in flow.outcomes if applies(o, flow.id, answers, profile)]
            fired.update(hits)
            if flow.role == "term" and not hits:
                shown = ", ".join(f"{q}={_short(v)}" for q, v in answers.items())
                return [Problem(flow.path, 1, f"the path {shown} yields no outcome")]
    return [
        Problem(flow.path, q.line, f"question '{qid}' is never asked: no path's conditions lead to it")
        for qid, q in flow.questions.items()
        if qid not in asked
    ] + [
        Problem(flow.path, o.line, f"outcome '{o.id}' can never apply: its condition is false on every path")
        for o in flow.outcomes
        if o.id not in fired
    ]


@pytest.fixture(scope="module")
def shipped() -> FlowSet:
    flowset, problems = read_flows(flows_dir())  # parsed, not checked: the check is what is under test
    assert flowset is not None, problems
    return flowset


# Real term flows with few paths and hundreds of profile variants: the reference stays fast.
FEW_PATHS = ("ownership", "indemnification")


@pytest.mark.parametrize("flow_id", FEW_PATHS)
def test_the_checker_agrees_with_testing_every_path_whichever_outcome_is_missing(shipped: FlowSet, flow_id: str) -> None:
    flow = shipped.flow(flow_id)
    assert any(t for o in flow.outcomes for t in _profile_tests(o)), "the flow must exercise the profile variants"
    broken = 0
    for i in range(len(flow.outcomes)):
        without = replace(flow, outcomes=flow.outcomes[:i] + flow.outcomes[i + 1 :])
        expected = every_path(shipped, without)
        assert _semantics(shipped, without) == expected, f"without {flow.outcomes[i].id}"
        broken += bool(expected)
    assert broken, "some removal must break the flow, or the comparison proves nothing"


def test_the_checker_agrees_on_a_flow_of_thousands_of_paths(shipped: FlowSet) -> None:
    flow = shipped.flow("fine_tuning")
    assert _semantics(shipped, flow) == every_path(shipped, flow) == []
    unanswerable = replace(flow, outcomes=tuple(o for o in flow.outcomes if not _profile_tests(o))[:3])
    assert _semantics(shipped, unanswerable) == every_path(shipped, unanswerable) != []


def _profile_tests(outcome) -> list:  # noqa: ANN001
    from wizard.conditions import tests_in

    return [t for t in tests_in(outcome.when) if t.ref.flow == PROFILE]


def test_a_path_that_fires_nothing_is_found_though_a_path_like_it_fired_its_own_outcome() -> None:
    """Two paths that agree on what the profile's outcomes read, one of which fires an outcome of its own: the
    other must still be checked under every profile variant."""
    from conftest import FIXTURES

    from wizard.conditions import All, Ref, Test

    mini, problems = read_flows(FIXTURES / "mini")
    assert mini is not None, problems
    alpha = mini.flow("alpha")
    by_id = {o.id: o for o in alpha.outcomes}
    own = replace(by_id["duty"], when=Test(Ref(None, "first"), "is", "yes_branch"))
    external = Test(Ref(PROFILE, "audience"), "is", "external")
    by_profile = replace(by_id["risky"], when=All((Test(Ref(None, "third"), "is", "x"), external)))
    flow = replace(alpha, outcomes=(own, by_profile))
    expected = every_path(mini, flow)
    assert expected and "yields no outcome" in expected[0].message
    assert _semantics(mini, flow) == expected
