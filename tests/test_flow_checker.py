"""The flow checker: the shipped flows pass, and each kind of error is reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from wizard import conditions
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
    assert "8 flows" in out and out.strip().endswith("ok")


SIX_TERMS = ["ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification"]


def test_shipped_flows_cover_the_six_terms(flowset) -> None:
    """One part per summary section, then the part about what the summary leaves out.

    Facts several parts need are asked once in the profile, so a part may ask
    only a couple of questions of its own; it still branches or reads the
    profile, offers "I don't know", and every finding is cited.
    """
    assert [f.id for f in flowset.term_flows] == [*SIX_TERMS, "beyond_summary"]
    for flow in flowset.term_flows:
        kinds = {o.kind for o in flow.outcomes}
        section = flowset.terms.sections[flow.section]
        if section.in_summary:
            assert {"risk", "protection", "question"} <= kinds, flow.id
            assert kinds & {"obligation", "recommendation"}, flow.id
        else:
            assert "protection" not in kinds and "obligation" not in kinds, "the summary gives nothing here"
            assert {"question", "recommendation"} <= kinds
        assert len(flow.questions) >= 2, flow.id
        branches = any(len(q.next) > 1 for q in flow.questions.values())
        reads_profile = any(t.ref.flow == "profile" for o in flow.outcomes for t in conditions.tests_in(o.when))
        assert branches or reads_profile, f"{flow.id} neither branches nor reads the profile"
        assert any(c.unsure for q in flow.questions.values() for c in q.choices), f"{flow.id} has no unsure choice"
        assert all(o.cite.says and o.cite.section in flowset.terms.sections for o in flow.outcomes)
        assert all(o.cite.compare or o.cite.no_compare for o in flow.outcomes), flow.id


def test_mini_fixture_passes(mini_copy: Path) -> None:
    assert problems_in(mini_copy) == []


# (file, text to replace, replacement, expected message fragment, expected line)
BROKEN = [
    ("yaml_syntax", "alpha.yaml", "kind: single\n    choices:", "kind: [single\n    choices:", "invalid YAML", None),
    (
        "unknown_key",
        "alpha.yaml",
        "    text: Second question?",
        "    text: Second question?\n    colour: red",
        "unknown key 'colour'",
        25,
    ),
    ("missing_key", "alpha.yaml", "    text: Third question?\n", "", "is missing 'text'", 35),
    ("bad_kind", "alpha.yaml", "kind: multi", "kind: many", "'kind' of question 'second' must be one of", 25),
    ("unknown_goto", "alpha.yaml", "goto: third", "goto: fourth", "'goto' names unknown question 'fourth'", 22),
    (
        "unknown_choice_in_condition",
        "alpha.yaml",
        "is: yes_branch",
        "is: maybe",
        "'maybe' is not a choice of question 'first'",
        20,
    ),
    (
        "unknown_question_in_condition",
        "alpha.yaml",
        "{answer: third, is: y}",
        "{answer: fourth, is: y}",
        "condition names unknown question 'fourth'",
        65,
    ),
    (
        "unreachable",
        "alpha.yaml",
        "        goto: second\n      - goto: third",
        "        goto: third\n      - goto: third",
        "question 'second' is unreachable",
        23,
    ),
    ("cycle", "alpha.yaml", "    next: end", "    next: first", "cycle: first -> second -> third -> first", 35),
    ("never_asked", "alpha.yaml", "is: yes_branch", "answered: false", "question 'second' is never asked", 23),
    (
        "missing_citation",
        "alpha.yaml",
        "    cite:\n      says: The alpha clause requires Y.\n",
        "",
        "outcome 'duty' is missing 'cite'",
        60,
    ),
    (
        "unknown_section",
        "alpha.yaml",
        "      says: The alpha clause requires Y.",
        "      section: omega\n      says: The alpha clause requires Y.",
        "citation names unknown section 'omega'",
        66,
    ),
    (
        "impossible_outcome",
        "alpha.yaml",
        "{answer: third, is: y}",
        "{all: [{answer: third, is: y}, {answer: third, is: x}]}",
        "outcome 'duty' can never apply",
        60,
    ),
    (
        "path_without_outcome",
        "alpha.yaml",
        "      says: The alpha clause protects you.",
        "      says: The alpha clause protects you.\n    when: {answer: first, is: yes_branch}",
        "yields no outcome",
        1,
    ),
    (
        "default_rule_not_last",
        "alpha.yaml",
        "      - if: {answer: first, is: yes_branch}\n        goto: second",
        "      - goto: second",
        "only the last rule",
        None,
    ),
    (
        "cross_flow_next",
        "alpha.yaml",
        "if: {answer: first, is: yes_branch}",
        "if: {answer: profile.audience, is: external}",
        "'next' rules may only use this flow's answers",
        20,
    ),
    ("id_mismatch", "alpha.yaml", "id: alpha\n", "id: beta\n", "must match the file name", 1),
    ("missing_flow_file", "terms.yaml", "order: [profile, alpha]", "order: [profile, alpha, gamma]", "gamma.yaml is missing", 1),
    ("bad_severity", "alpha.yaml", "severity: high", "severity: catastrophic", "'severity' of outcome 'risky'", 53),
    # Findings are legal statements: an obligation must rest on a duty the terms put on the customer.
    (
        "obligation_without_duty",
        "alpha.yaml",
        "    duty: alpha.do_y\n",
        "",
        "outcome 'duty' is an obligation but names no customer duty",
        60,
    ),
    (
        "unknown_duty",
        "alpha.yaml",
        "duty: alpha.do_y",
        "duty: alpha.do_z",
        "names duty 'alpha.do_z', which terms.yaml does not list",
        64,
    ),
    ("duty_on_advice", "alpha.yaml", "    kind: obligation", "    kind: recommendation", "'duty' goes only on an obligation", 64),
    (
        "duties_outside_summary",
        "terms.yaml",
        "    clause: The alpha clause, paraphrased.",
        "    clause: The alpha clause, paraphrased.\n    in_summary: false",
        "no obligation may rest on it",
        17,
    ),
    # Cross-references: the public terms' own letters, in their format, never invented.
    (
        "invented_cross_reference",
        "alpha.yaml",
        "      says: The alpha clause limits A.",
        "      compare: Z.9\n      says: The alpha clause limits A.",
        "§Z.9 is not listed in 'public_terms'",
        58,
    ),
    (
        "bad_cross_reference_format",
        "alpha.yaml",
        "      says: The alpha clause limits A.",
        "      compare: clause 12.3\n      says: The alpha clause limits A.",
        "is not a section of the public terms",
        59,
    ),
    (
        "missing_cross_reference",
        "terms.yaml",
        "    compare: A.1\n",
        "",
        "needs 'compare' (a section of the public Commercial Terms) or 'no_compare'",
        None,
    ),
    # Vocabularies and decision rules are content, and checked like it.
    (
        "unknown_tag",
        "alpha.yaml",
        "    severity: high",
        "    severity: high\n    tags: [urgent]",
        "has tag 'urgent', which the vocabulary's 'tags' do not list",
        54,
    ),
    (
        "rule_with_unknown_severity",
        "terms.yaml",
        "{kind: risk, at_least: high}",
        "{kind: risk, at_least: huge}",
        "unknown severity 'huge'",
        None,
    ),
    (
        "rule_names_a_severity_by_id",
        "terms.yaml",
        "{kind: risk, at_least: high}",
        "{kind: risk, severity: high}",
        "name severities by rank: 'at_least: <severity>'",
        34,
    ),
    (
        "severity_no_rule_reaches",
        "terms.yaml",
        "      when: {kind: [obligation, risk]}",
        "      when: {kind: obligation}",
        "severity 'low' is reached by no rule",
        23,
    ),
    (
        "default_status_with_rule",
        "terms.yaml",
        "      label: Can proceed",
        "      label: Can proceed\n      when: {kind: risk}",
        "the last of 'decisions' is the default and takes no 'when'",
        None,
    ),
    ("bad_colour", "terms.yaml", '"#b26b00"', "orange", "must be a colour like", 22),
    # Wording: advice, risks and questions never read as duties of the terms (issue 17, point 6).
    (
        "duty_words_in_a_risk",
        "alpha.yaml",
        "    reduce: Do not pick A.",
        "    reduce: You must not pick A.",
        "outcome 'risky' is a risk but says 'You must': only an obligation",
        51,
    ),
    (
        "the_terms_require_in_a_protection",
        "alpha.yaml",
        "    text: You always get this.",
        "    text: The terms require that you always get this.",
        "outcome 'always' is a protection but says 'The terms require'",
        45,
    ),
    # Section letters in the prose exist in the public terms, as citations' letters do.
    (
        "invented_section_in_a_finding",
        "alpha.yaml",
        "    text: You always get this.",
        "    text: You always get this (compare §Q.7 of the public terms).",
        "outcome 'always' refers to §Q.7, which 'public_terms' sections do not list",
        45,
    ),
    (
        "invented_section_in_help",
        "alpha.yaml",
        "    text: Second question?",
        "    text: Second question?\n    help: Compare §Q.7 of the public terms.",
        "question 'second' refers to §Q.7, which 'public_terms' sections do not list",
        23,
    ),
    (
        "role_on_choice_question",
        "profile.yaml",
        "    text: Who uses it?",
        "    text: Who uses it?\n    role: preparer",
        "'role' is for text questions only (question 'audience')",
        13,
    ),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "message", "line"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_fixture_is_reported_with_file_and_line(
    mini_copy: Path,
    name: str,
    file: str,
    old: str,
    new: str,
    message: str,
    line: int | None,
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
    reported_in = "terms.yaml" if name == "missing_flow_file" else "alpha.yaml" if name == "missing_cross_reference" else file
    assert hits[0].startswith(str(mini_copy / reported_in) + ":")
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
    chain = [
        {
            "id": f"q{i}",
            "text": f"Question {i}?",
            "kind": "single",
            "choices": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
            "next": f"q{i + 1}" if i < 1199 else "end",
        }
        for i in range(1200)
    ]
    data["questions"] = chain
    data["start"] = "q0"
    data["outcomes"] = [{"id": "always", "kind": "protection", "title": "T", "text": "X", "cite": {"says": "S"}}]
    alpha.write_text(pyyaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    flowset, problems = read_flows(mini_copy)
    assert flowset is not None and not problems
    from wizard.graph import _structure, steps_to_end

    assert _structure(flowset.flow("alpha")) == []
    assert steps_to_end(flowset.flow("alpha"))["q0"] == 1200


def test_terms_without_vocabulary_are_refused(mini_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    terms = mini_copy / "terms.yaml"
    text = terms.read_text()
    terms.write_text(text[: text.index("vocabulary:")])
    assert main(["check", str(mini_copy)]) == 1
    assert f"{terms}:1: terms.yaml needs a 'vocabulary'" in capsys.readouterr().err


def test_advice_marked_as_an_obligation_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """The fixture's only obligation is good practice that rests on no customer duty."""
    folder = FIXTURES / "advice_as_obligation"
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"{folder / 'alpha.yaml'}:19: outcome 'keep_records' is an obligation but names no customer "
        "duty ('duty: section.duty'); advice that no term requires is a 'recommendation'"
    )
    assert err[-1] == f"1 problem(s) in {folder}"


def test_vocabulary_and_roles_come_from_the_flow_files(mini) -> None:
    from wizard.decision import FindingFacts, decide

    v = mini.vocabulary
    assert [(s.id, s.label, s.colour) for s in v.severities][0] == ("high", "High", "#b3261e")
    assert v.progress["open_questions"] == "Has open questions"
    assert [s.id for s in v.verdicts] == ["needs_counsel", "clear"]
    assert mini.profile_role("title") == "project_name" and mini.profile_role("preparer") is None
    assert decide(v, []).id == "go"
    blocker = FindingFacts("alpha.duty", "alpha", "obligation", tags=frozenset({"blocker"}))
    assert decide(v, [blocker]).deciding == ("alpha.duty",) and decide(v, [blocker]).label == "Blocked"
    duty = next(o for o in mini.flow("alpha").outcomes if o.id == "duty")
    assert duty.duty == ("alpha.do_y",) and duty.cite.compare == ("A.1",), "the section's default cross-reference"


def test_text_limits_in_flows_stay_within_what_a_session_stores(mini_copy: Path, capsys) -> None:
    profile = mini_copy / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("    kind: text\n", "    kind: text\n    max_length: 50000\n", 1), encoding="utf-8")
    assert main(["check", str(mini_copy)]) == 1
    assert "'max_length' of question 'project_name' must be a whole number from 1 to 10,000" in capsys.readouterr().err


def test_a_consistency_rule_must_name_real_parts_questions_and_choices(mini_copy: Path, capsys) -> None:
    terms = mini_copy / "terms.yaml"
    terms.write_text(
        terms.read_text(encoding="utf-8")
        + "consistency:\n  - id: clash\n    part: alpha\n    title: T\n    text: X\n"
        + "    when: {all: [{answer: alpha.first, is: maybe}, {answer: nowhere.q, is: a}]}\n",
        encoding="utf-8",
    )
    assert main(["check", str(mini_copy)]) == 1
    err = capsys.readouterr().err
    assert "consistency rule 'clash': 'maybe' is not a choice of 'alpha.first'" in err
    assert "consistency rule 'clash': 'nowhere.q' is not a question (name it as part.question)" in err


def test_check_refuses_a_content_id_written_in_code_or_templates(mini, tmp_path: Path) -> None:
    from wizard.content_ids import written_ids

    package, templates = tmp_path / "pkg", tmp_path / "templates"
    package.mkdir()
    templates.mkdir()
    (package / "page.py").write_text(
        'HINT = "an id like \'high\' in a sentence is words"\n\ndef top(f):\n    return f.risk_count("high")\n'
    )
    (templates / "report.html").write_text('<p>fine</p>\n{% if t.decision.id == "needs_counsel" %}x{% endif %}\n')
    (templates / "report.css").write_text(".status-needs_counsel { color: red; }\n")
    found = [str(p) for p in written_ids(mini.vocabulary, package, templates)]
    advice = "is written in code; read it from the vocabulary in terms.yaml"
    assert found == [
        f"{package / 'page.py'}:4: the severity id 'high' {advice}",
        f"{templates / 'report.html'}:2: the verdict id 'needs_counsel' {advice}",
    ]
    assert written_ids(mini.vocabulary) == [], "the app's own code and templates write none of mini's ids"


def test_a_fact_two_parts_assert_needs_a_consistency_rule(tmp_path: Path, capsys) -> None:
    """Parts read only their own answers: a fact asserted in two parts with no rule comparing them is reported."""
    import shutil

    from conftest import ROOT

    folder = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", folder)
    terms = folder / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    start = text.index("  - id: client_no_training_vs_tuning_on_client_data")
    end = text.index("  - id: fits_restrictions_vs_approval_needed")
    terms.write_text(text[:start] + text[end:], encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    training = next(line for line in err.splitlines() if "training.yaml:" in line)
    assert "question 'client_promises' asserts 'training_on_client_data', which fine_tuning.materials also asserts" in training
    assert "no consistency rule in terms.yaml compares it" in training
    assert any("fine_tuning.yaml:" in line and "'materials'" in line for line in err.splitlines())
    assert len([line for line in err.splitlines() if "asserts" in line]) == 2, "the other facts are compared"


def test_an_obligation_may_word_its_duty_as_one(mini_copy: Path) -> None:
    """The duty words refused in advice are what an obligation, resting on a duty of the terms, says."""
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("    text: Do Y properly.", "    text: The terms require Y; you must do it."))
    assert problems_in(mini_copy) == []


def _shipped_copy(tmp_path: Path) -> Path:
    import shutil

    from conftest import ROOT

    folder = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", folder)
    return folder


def _checked_with(tmp_path: Path, capsys, file: str, old: str, new: str) -> str:  # noqa: ANN001 - pytest's capsys
    """`check` of a copy of the shipped flows with `old` (found once in `file`) replaced: it fails; its stderr."""
    folder = _shipped_copy(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    return capsys.readouterr().err


def test_advice_in_the_shipped_flows_worded_as_a_duty_is_refused(tmp_path: Path, capsys) -> None:
    """A recommendation that says "you must" where no term puts the duty on the customer fails the check."""
    old, new = "first. Monitor samples of live outputs", "first. You must monitor samples of live outputs"
    err = _checked_with(tmp_path, capsys, "ownership.yaml", old, new).splitlines()
    assert len(err) == 2 and "ownership.yaml:" in err[0]
    assert "outcome 'monitor_live_outputs' is a recommendation but says 'You must'" in err[0]


def test_a_section_letter_in_the_text_must_be_one_the_citation_compares_with(tmp_path: Path, capsys) -> None:
    """'compare §D.3' in a finding's text, with §D.3 missing from its citation, points counsel to the wrong place."""
    err = _checked_with(tmp_path, capsys, "ownership.yaml", "      compare: [B, D.3]\n", "      compare: [B]\n")
    assert (
        "outcome 'monitor_live_outputs' refers to §D.3 in its text, but its citation compares with §B; "
        "add it to 'compare' or correct the reference"
    ) in err
    assert err.count("refers to §") == 1, "every other reference in the shipped text is cited"


def test_a_consistency_rule_worded_as_a_duty_is_refused(tmp_path: Path, capsys) -> None:
    new = "part again if so; you must not offer it until then."
    err = _checked_with(tmp_path, capsys, "terms.yaml", "part again if so.", new)
    assert "consistency rule 'tuned_model_offered_vs_nothing_offered' says 'you must': it raises a question, not a duty" in err
