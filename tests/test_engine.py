"""The engine: every path of every shipped flow, Back, and branch pruning."""

from __future__ import annotations

import pytest

from wizard.answers import AnswerError, options
from wizard.engine import FlowRun
from wizard.graph import outcomes_for, walk

PROFILES = [
    {},
    {"audience": "internal", "data_classes": ("proprietary_code",)},
    {"audience": "customer_facing", "data_classes": ("personal_data", "customer_data", "regulated")},
]


def explore(run: FlowRun, seen: list[dict]) -> None:
    """Depth-first over every answer of every question, using answer() and back()."""
    question = run.current
    if question is None:
        seen.append(dict(run.answers))
        return
    for value in options(question):
        run.answer(value)
        explore(run, seen)
        assert run.back(), "back must return to the question just answered"
        assert run.current is question


@pytest.mark.parametrize("flow_id", ["ownership", "training", "fine_tuning", "competitive_use",
                                     "confidentiality", "indemnification"])
def test_every_path_ends_with_cited_outcomes(flowset, flow_id: str) -> None:
    flow = flowset.flow(flow_id)
    run = FlowRun(flow, {})
    paths: list[dict] = []
    explore(run, paths)
    assert paths, "no complete path"
    # The machine and the checker's walk agree on the set of paths.
    as_set = {tuple(sorted(p.items())) for p in paths}
    assert as_set == {tuple(sorted(p.items())) for p in walk(flow)}
    for answers in paths:
        for profile in PROFILES:
            found = outcomes_for(flow, answers, profile)
            assert found, f"{flow_id}: no outcome for {answers} with {profile}"
            for outcome in found:
                section = flowset.terms.sections[outcome.cite.section]
                assert section.heading and outcome.cite.says
    # Every question is asked on some path.
    assert set().union(*paths) == set(flow.questions)


def test_back_at_first_question_stays(mini) -> None:
    run = FlowRun(mini.flow("alpha"), {})
    assert run.back() is False
    assert run.current.id == "first"


def test_changing_an_answer_drops_the_branch_no_longer_taken(mini) -> None:
    answers: dict = {}
    run = FlowRun(mini.flow("alpha"), answers)
    run.answer("yes_branch")
    run.answer(["a", "b"])
    run.answer("y")
    assert run.done and answers == {"first": "yes_branch", "second": ("a", "b"), "third": "y"}
    run.goto("first")
    assert run.would_drop("first", "no_branch") == ["second"]
    assert run.would_drop("first", "yes_branch") == []
    dropped = run.answer("no_branch")
    assert dropped == ["second"]
    assert answers == {"first": "no_branch", "third": "y"}
    assert run.current.id == "third", "the next question keeps its earlier answer to confirm"


def test_resume_places_cursor_at_first_open_question(mini) -> None:
    run = FlowRun(mini.flow("alpha"), {"first": "yes_branch"})
    assert run.current.id == "second"
    assert run.history == ["first"]
    run.back()
    assert run.current.id == "first"


def test_outcomes_depend_only_on_answers(mini) -> None:
    flow = mini.flow("alpha")
    direct = FlowRun(flow, {})
    for value in ("yes_branch", ["a"], "y"):
        direct.answer(value)
    winding = FlowRun(flow, {})
    winding.answer("no_branch")
    winding.answer("x")
    winding.goto("first")
    winding.answer("yes_branch")
    winding.answer(["b"])
    winding.back()
    winding.answer(["a"])
    winding.answer("y")
    assert direct.answers == winding.answers
    profile = {"audience": "external"}
    assert [o.id for o in direct.outcomes(profile)] == [o.id for o in winding.outcomes(profile)]
    assert [o.id for o in direct.outcomes(profile)] == ["always", "risky", "duty"]


@pytest.mark.parametrize(("value", "message"), [
    ("maybe", "'maybe' is not a choice of question 'first'"),
    (["yes_branch"], "is not a choice"),
    (None, "is not a choice"),
])
def test_bad_answers_are_refused_and_nothing_changes(mini, value, message) -> None:
    answers: dict = {}
    run = FlowRun(mini.flow("alpha"), answers)
    with pytest.raises(AnswerError, match=message):
        run.answer(value)
    assert answers == {} and run.current.id == "first"


def test_exclusive_choices_cannot_be_combined(mini) -> None:
    run = FlowRun(mini.flow("alpha"), {"first": "yes_branch"})
    with pytest.raises(AnswerError, match="'none' cannot be combined"):
        run.answer(["a", "none"])
    with pytest.raises(AnswerError, match="one or more"):
        run.answer([])


def test_progress_counts_answers_against_the_longest_remaining_path(mini) -> None:
    from wizard.review import Review

    review = Review(mini)
    assert review.progress() == (0, 5)  # profile 2 + alpha's longest path 3
    review.answer("P")
    review.answer("internal")
    review.answer("no_branch")  # skips 'second': one question left
    assert review.progress() == (3, 4)
    review.answer("x")
    assert review.progress() == (4, 4) and review.complete
