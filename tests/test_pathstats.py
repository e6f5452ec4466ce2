"""Path lengths, dead questions and dead choices, computed from the checker's own walk."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import FIXTURES

from wizard.flows import load_flows
from wizard.pathstats import (
    combine,
    dead_choices,
    dead_problems,
    dead_questions,
    path_lengths,
    record_questions,
    summarize,
)


def test_shipped_flows_have_no_dead_questions(flowset) -> None:
    dead = {f.id: dead_questions(flowset, f) for f in flowset.flows}
    assert dead == {f.id: [] for f in flowset.flows}


def test_shipped_flows_have_no_dead_choices(flowset) -> None:
    """Every choice, "I don't know" included, leads somewhere the others do not (profile choices: in some part)."""
    dead = {f.id: dead_choices(flowset, f) for f in flowset.flows}
    assert dead == {f.id: [] for f in flowset.flows}
    assert dead_problems(flowset) == []


def test_a_choice_that_changes_nothing_is_dead() -> None:
    """The fixture has a single choice that leads where another leads, a tick box that changes nothing
    beside others, and a profile choice no finding tells apart from another."""
    fixture = load_flows(FIXTURES / "dead_choice")
    assert dead_choices(fixture, fixture.flow("alpha")) == [("first", "no_ship"), ("first", "later"), ("channels", "logs")]
    assert dead_choices(fixture, fixture.flow("profile")) == [("audience", "internal"), ("audience", "partner")]
    assert all(dead_questions(fixture, f) == [] for f in fixture.flows), "the questions themselves decide things"
    problems = [str(p) for p in dead_problems(fixture)]
    assert (
        f"{FIXTURES / 'dead_choice' / 'alpha.yaml'}:9: choice 'later' of question 'first' is dead: it leads "
        "exactly where 'no_ship' leads" in problems
    )
    assert (
        f"{FIXTURES / 'dead_choice' / 'alpha.yaml'}:23: choice 'logs' of question 'channels' is dead: ticking "
        "it beside other choices changes nothing" in problems
    )
    assert len(problems) == 5


def test_an_unsure_choice_without_its_own_finding_is_dead(mini) -> None:
    """ "I don't know" that leads where a real answer leads would hide an unknown: the walk reports it."""
    assert ("first", "unsure") in dead_choices(mini, mini.flow("alpha"))


def test_a_question_that_decides_nothing_is_dead(mini_copy: Path) -> None:
    alpha = mini_copy / "alpha.yaml"
    text = alpha.read_text()
    start = text.index("  - id: risky")
    alpha.write_text(text[:start] + text[text.index("  - id: duty") :])
    mini = load_flows(mini_copy)
    assert dead_questions(mini, mini.flow("alpha")) == ["second"]
    messages = [p.message for p in dead_problems(mini)]
    assert "question 'second' is dead: no answer changes the questions that follow or any finding" in messages
    assert any(m.startswith("question 'audience' is dead") for m in messages), "no finding reads the profile now"


def test_profile_questions_read_by_outcomes_are_live(mini) -> None:
    assert dead_questions(mini, mini.flow("profile")) == []


def test_lengths_of_the_mini_flow(mini) -> None:
    alpha = mini.flow("alpha")
    lengths = path_lengths(alpha)
    # first=yes: second (4 answers) then third (2); first=no/unsure: third (2).
    assert lengths == Counter({3: 8, 2: 4})
    assert summarize(lengths).shortest == 2 and summarize(lengths).longest == 3
    assert summarize(lengths).median == 3 and summarize(lengths).paths == 12
    assert combine([lengths, Counter({1: 2})]) == Counter({4: 16, 3: 8})
    assert record_questions(alpha) == []
