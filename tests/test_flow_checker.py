"""The flow checker: the shipped flows pass, and each kind of error is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.cli import main
from wizard.flows import read_flows
from wizard.graph import check_graph
from wizard.paths import flows_dir


def problems_in(directory: Path) -> list[str]:
    flowset, problems = read_flows(directory)
    if flowset is not None:
        problems = check_graph(flowset)
    return [str(p) for p in problems]


def test_shipped_flows_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(flows_dir())]) == 0
    out = capsys.readouterr().out
    assert "7 flows" in out and out.strip().endswith("ok")


def test_shipped_flows_cover_the_six_terms(flowset) -> None:
    assert [f.id for f in flowset.term_flows] == [
        "ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification",
    ]
    for flow in flowset.term_flows:
        kinds = {o.kind for o in flow.outcomes}
        assert kinds == {"obligation", "risk", "protection", "question"}, flow.id
        assert len(flow.questions) >= 5, flow.id
        assert any(len(q.next) > 1 for q in flow.questions.values()), f"{flow.id} has no branching"
        assert any(c.unsure for q in flow.questions.values() for c in q.choices), f"{flow.id} has no unsure choice"
        assert all(o.cite.says and o.cite.section in flowset.terms.sections for o in flow.outcomes)


def test_mini_fixture_passes(mini_copy: Path) -> None:
    assert problems_in(mini_copy) == []


# (file, text to replace, replacement, expected message fragment, expected line)
BROKEN = [
    ("yaml_syntax", "alpha.yaml", "kind: single\n    choices:", "kind: [single\n    choices:", "invalid YAML", None),
    ("unknown_key", "alpha.yaml", "    text: Second question?", "    text: Second question?\n    colour: red",
     "unknown key 'colour'", 25),
    ("missing_key", "alpha.yaml", "    text: Third question?\n", "", "is missing 'text'", 35),
    ("bad_kind", "alpha.yaml", "kind: multi", "kind: many", "'kind' of question 'second' must be one of", 25),
    ("unknown_goto", "alpha.yaml", "goto: third", "goto: fourth", "'goto' names unknown question 'fourth'", 22),
    ("unknown_choice_in_condition", "alpha.yaml", "is: yes_branch", "is: maybe",
     "'maybe' is not a choice of question 'first'", 20),
    ("unknown_question_in_condition", "alpha.yaml", "{answer: third, is: y}", "{answer: fourth, is: y}",
     "condition names unknown question 'fourth'", 64),
    ("unreachable", "alpha.yaml", "        goto: second\n      - goto: third", "        goto: third\n      - goto: third",
     "question 'second' is unreachable", 23),
    ("cycle", "alpha.yaml", "    next: end", "    next: first", "cycle: first -> second -> third -> first", 35),
    ("never_asked", "alpha.yaml", "is: yes_branch", "answered: false", "question 'second' is never asked", 23),
    ("missing_citation", "alpha.yaml", "    cite:\n      says: The alpha clause requires Y.\n", "",
     "outcome 'duty' is missing 'cite'", 60),
    ("unknown_section", "alpha.yaml", "      says: The alpha clause requires Y.",
     "      section: omega\n      says: The alpha clause requires Y.", "citation names unknown section 'omega'", 65),
    ("impossible_outcome", "alpha.yaml", "{answer: third, is: y}",
     "{all: [{answer: third, is: y}, {answer: third, is: x}]}", "outcome 'duty' can never apply", 60),
    ("path_without_outcome", "alpha.yaml", "      says: The alpha clause protects you.",
     "      says: The alpha clause protects you.\n    when: {answer: first, is: yes_branch}",
     "yields no outcome", 1),
    ("default_rule_not_last", "alpha.yaml", "      - if: {answer: first, is: yes_branch}\n        goto: second",
     "      - goto: second", "only the last rule", None),
    ("cross_flow_next", "alpha.yaml", "if: {answer: first, is: yes_branch}", "if: {answer: profile.audience, is: external}",
     "'next' rules may only use this flow's answers", 20),
    ("id_mismatch", "alpha.yaml", "id: alpha\n", "id: beta\n", "must match the file name", 1),
    ("missing_flow_file", "terms.yaml", "order: [profile, alpha]", "order: [profile, alpha, gamma]",
     "gamma.yaml is missing", 1),
    ("bad_severity", "alpha.yaml", "severity: high", "severity: catastrophic", "'severity' of outcome 'risky'", 53),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "message", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_fixture_is_reported_with_file_and_line(
    mini_copy: Path, name: str, file: str, old: str, new: str, message: str, line: int | None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = mini_copy / file
    text = path.read_text()
    assert old in text, f"fixture edit for {name} no longer applies"
    path.write_text(text.replace(old, new, 1))
    assert main(["check", str(mini_copy)]) == 1
    err = capsys.readouterr().err.splitlines()
    hits = [e for e in err if message in e]
    assert hits, f"expected '{message}' in:\n" + "\n".join(err)
    assert hits[0].startswith(str(mini_copy / (file if name != "missing_flow_file" else "terms.yaml")) + ":")
    if line is not None:
        assert hits[0].split(":")[1] == str(line), hits[0]
    assert "Traceback" not in "\n".join(err)


def test_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert "not a folder of flow files" in err[0]


def test_a_multi_question_with_too_many_combinations_is_refused_before_walking(mini_copy: Path) -> None:
    """24 choices are 16 million answers: the check says so at the question instead of building them."""
    alpha = mini_copy / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    more = "".join(f"      - id: c{i}\n        label: Choice {i}\n" for i in range(22))  # 24 combinable + 'none'
    anchor = "      - id: b\n        label: B\n"
    alpha.write_text(text.replace(anchor, anchor + more), encoding="utf-8")
    flowset, problems = read_flows(mini_copy)
    assert flowset is not None and not problems
    found = [str(p) for p in check_graph(flowset)]
    assert any("'second' has 16,777,216 possible answers: too many to check" in p for p in found), found


def test_a_chain_of_1200_questions_is_checked_without_recursion(mini_copy: Path) -> None:
    import yaml as pyyaml

    alpha = mini_copy / "alpha.yaml"
    data = pyyaml.safe_load(alpha.read_text(encoding="utf-8"))
    chain = [{"id": f"q{i}", "text": f"Question {i}?", "kind": "single",
              "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
              "next": f"q{i + 1}" if i < 1199 else "end"} for i in range(1200)]
    data["questions"] = chain
    data["start"] = "q0"
    data["outcomes"] = [{"id": "always", "kind": "protection", "title": "T", "text": "X", "cite": {"says": "S"}}]
    alpha.write_text(pyyaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    flowset, problems = read_flows(mini_copy)
    assert flowset is not None and not problems
    from wizard.graph import _structure, steps_to_end

    assert _structure(flowset.flow("alpha")) == []
    assert steps_to_end(flowset.flow("alpha"))["q0"] == 1200
