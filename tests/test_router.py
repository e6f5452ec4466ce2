"""The router and the review's cursor: every path of every shipped flow, Back, and branch pruning."""

from __future__ import annotations

import pytest

from wizard.answers import AnswerError, options
from wizard.derive import derive
from wizard.graph import outcomes_for, walk
from wizard.review import Review
from wizard.router import router_for

PROFILES = [
    {},
    {"audience": "internal", "data_classes": ("proprietary_code",)},
    {"audience": "customer_facing", "data_classes": ("personal_data", "customer_data", "regulated")},
]


def on(flowset, flow_id: str, answers: dict | None = None) -> Review:
    """A review whose cursor stands in one part, that part's answers given."""
    review = Review(flowset)
    review.session.answers_of(flow_id).update(answers or {})
    review = Review(flowset, review.session)
    review.select(flow_id)
    if answers is not None:
        review.resume()
    return review


def explore(review: Review, flow_id: str, seen: list[dict]) -> None:
    """Depth-first over every answer of every question, using answer() and back()."""
    question = review.question
    for value in options(question):
        review.answer(value)
        if review.flow_id != flow_id or review.question is None:  # the part is done
            seen.append(dict(review.answers(flow_id)))
            review.select(flow_id)  # back onto the question just answered
        else:
            explore(review, flow_id, seen)
            assert review.back(), "back must return to the question just answered"
        assert review.question is question


@pytest.mark.parametrize(
    "flow_id", ["ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification"]
)
def test_every_path_ends_with_cited_outcomes(flowset, flow_id: str) -> None:
    flow = flowset.flow(flow_id)
    paths: list[dict] = []
    explore(on(flowset, flow_id), flow_id, paths)
    assert paths, "no complete path"
    # The cursor and the checker's walk (both routed by the flow's machine) agree on the set of paths.
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
    review = Review(mini)
    assert review.back() is False
    assert review.question.id == "project_name"


def test_the_router_is_a_transitions_machine_built_from_the_rules(mini) -> None:
    router = router_for(mini.flow("alpha"))
    assert set(router.machine.states) == {"first", "second", "third", "end"}
    assert router.next("first", {"first": "yes_branch"}) == "second"
    assert router.next("first", {"first": "no_branch"}) == "third"
    assert router.path({"first": "no_branch", "third": "x"}) == (("first", "third"), "end")


def test_changing_an_answer_drops_the_branch_no_longer_taken(mini) -> None:
    review = on(mini, "alpha")
    answers = review.answers("alpha")
    review.answer("yes_branch")
    review.answer(["a", "b"])
    review.answer("y")
    assert answers == {"first": "yes_branch", "second": ("a", "b"), "third": "y"}
    review.select("alpha", "first")
    assert [s.question.id for s in review.would_drop("no_branch")] == ["second"]
    assert review.would_drop("yes_branch") == []
    change = review.answer("no_branch")
    assert change.dropped == ("second",)
    assert answers == {"first": "no_branch", "third": "y"}
    assert review.flow_id == "alpha" and review.question.id == "third", "the next question keeps its answer to confirm"


def test_resume_places_cursor_at_first_open_question(mini) -> None:
    review = on(mini, "alpha", {"first": "yes_branch"})
    assert review.question.id == "second"
    assert review.history == ("first",)
    review.back()
    assert review.question.id == "first"


def test_outcomes_depend_only_on_answers(mini) -> None:
    direct = on(mini, "alpha")
    for value in ("yes_branch", ["a"], "y"):
        direct.answer(value)
    winding = on(mini, "alpha")
    winding.answer("no_branch")
    winding.answer("x")
    winding.select("alpha", "first")
    winding.answer("yes_branch")
    winding.answer(["b"])
    winding.back()
    winding.answer(["a"])
    winding.answer("y")
    assert direct.answers("alpha") == winding.answers("alpha")
    profile = {"audience": "external"}
    flow = mini.flow("alpha")
    assert outcomes_for(flow, direct.answers("alpha"), profile) == outcomes_for(flow, winding.answers("alpha"), profile)
    assert [o.id for o in outcomes_for(flow, direct.answers("alpha"), profile)] == ["always", "risky", "duty"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("maybe", "'maybe' is not a choice of question 'first'"),
        (["yes_branch"], "is not a choice"),
        (None, "is not a choice"),
    ],
)
def test_bad_answers_are_refused_and_nothing_changes(mini, value, message) -> None:
    review = on(mini, "alpha")
    with pytest.raises(AnswerError, match=message):
        review.answer(value)
    assert review.answers("alpha") == {} and review.question.id == "first"
    assert review.session.log == [], "a refused answer logs nothing"


def test_exclusive_choices_cannot_be_combined(mini) -> None:
    review = on(mini, "alpha", {"first": "yes_branch"})
    with pytest.raises(AnswerError, match="'none' cannot be combined"):
        review.answer(["a", "none"])
    with pytest.raises(AnswerError, match="one or more"):
        review.answer([])


def progress(review: Review) -> tuple[int, int]:
    derived = derive(review.flowset, review.session)
    return derived.answered, derived.total


def test_progress_counts_answers_against_the_longest_remaining_path(mini) -> None:
    review = Review(mini)
    assert progress(review) == (0, 5)  # profile 2 + alpha's longest path 3
    review.answer("P")
    review.answer("internal")
    review.answer("no_branch")  # skips 'second': one question left
    assert progress(review) == (3, 4)
    review.answer("x")
    assert progress(review) == (4, 4) and review.complete


def test_reconfirming_an_answer_changes_and_logs_nothing(mini) -> None:
    review = Review(mini)
    review.answer("P")
    review.answer("internal")
    log = list(review.session.log)
    review.select("profile", "project_name")
    change = review.answer("P", note="")
    assert not change.modified and change.dropped == ()
    assert review.session.log == log, "moving through answered questions logs nothing"
    assert review.question.id == "audience"


def test_text_that_cannot_be_saved_is_refused_before_anything_changes(mini) -> None:
    review = Review(mini)
    with pytest.raises(AnswerError, match="contains a control character"):
        review.answer("Project \x07")
    with pytest.raises(AnswerError, match="the note cannot be saved: contains an invalid character"):
        review.answer("Project", note="lone \ud800 surrogate")
    assert review.session.profile == {} and review.session.log == [], "a refused answer or note changes nothing"


def test_routing_on_two_threads_at_once_gives_no_wrong_answer(flowset) -> None:
    """The window's thread and the report worker's share one router: neither gets the other's answer.

    Each round starts on a cold memo, so both threads miss the same keys at the
    same time; the interpreter switches threads as often as it can while they fire.
    """
    import sys
    import threading

    from wizard.router import Router

    flow = flowset.flow("training")
    alone = Router(flow)
    calls = list({(q, tuple(sorted(a.items()))): (q, a) for a in walk(flow) for q in alone.path(a)[0]}.values())
    expected = [alone.next(qid, answers) for qid, answers in calls]  # one thread: what every call must return
    assert len(set(expected)) > 3, "the calls must lead to different questions"
    wrong: list[tuple[str, str, str]] = []
    forward = list(range(len(calls)))
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(10):
            shared = Router(flow)
            barrier = threading.Barrier(2)

            def route(order: list[int], shared: Router = shared, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                for i in order:
                    got = shared.next(*calls[i])
                    if got != expected[i]:
                        wrong.append((calls[i][0], got, expected[i]))

            threads = [threading.Thread(target=route, args=(o,)) for o in (forward, forward[::-1])]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert [shared.next(q, a) for q, a in calls] == expected, "the memo holds only right answers"
    finally:
        sys.setswitchinterval(interval)
    assert wrong == [], f"{len(wrong)} wrong next questions, e.g. {wrong[:3]}"
