"""Path lengths and dead questions, computed from the checker's own walk."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from wizard.flows import load_flows
from wizard.pathstats import combine, dead_questions, path_lengths, record_questions, summarize


def test_shipped_flows_have_no_dead_questions(flowset) -> None:
    dead = {f.id: dead_questions(flowset, f) for f in flowset.flows}
    assert dead == {f.id: [] for f in flowset.flows}


def test_a_question_that_decides_nothing_is_dead(mini_copy: Path) -> None:
    alpha = mini_copy / "alpha.yaml"
    text = alpha.read_text()
    start = text.index("  - id: risky")
    alpha.write_text(text[:start] + text[text.index("  - id: duty"):])
    mini = load_flows(mini_copy)
    assert dead_questions(mini, mini.flow("alpha")) == ["second"]


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
