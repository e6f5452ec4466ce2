"""Comparing two reviews: answers, findings, the decision, counsel's entries and the flows, as text and JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from conftest import EXAMPLES, FIXTURES
from test_counsel import decided, reviewed

from wizard.cli import main
from wizard.diff import compare, render
from wizard.flows import load_flows
from wizard.fsio import save
from wizard.review import Review
from wizard.scenario import run_scenario

MINI = ["--flows", str(FIXTURES / "mini")]


def internal(mini, review: Review) -> Review:
    """The same review with the audience changed from external to internal (the high risk no longer applies)."""
    session = Review(mini, _copy(review.session))
    session.select("profile", "audience")
    session.answer("internal")
    return session


def _copy(session):
    from wizard.session import Session

    return Session.loads(session.dumps(), "copy")


def test_a_review_compared_with_itself_is_empty(mini, flowset) -> None:
    sessions = [(mini, decided(mini).session)] + [(flowset, run_scenario(flowset, p)) for p in sorted(EXAMPLES.glob("*.yaml"))]
    for flows, session in sessions:
        diff = compare(flows, session, _copy(session))
        assert diff.empty and not diff.decision_changed
        assert diff.to_json()["empty"] is True
        assert "No changes" in render(diff, "text")
        data = json.loads(render(diff, "json"))
        assert data["answers_added"] == data["answers_changed"] == data["findings_added"] == data["counsel_unmatched"] == []


def test_a_known_change_shows_exactly_once(mini) -> None:
    old = decided(mini)
    new = internal(mini, old)
    diff = compare(mini, old.session, new.session)
    assert not diff.empty
    assert [(a.key, a.before, a.after) for a in diff.answers_changed] == [("profile.audience", "External", "Internal")]
    assert diff.answers_added == diff.answers_removed == ()
    assert [f.id for f in diff.findings_removed] == ["alpha.risky"] and diff.findings_added == ()
    assert diff.findings_changed == ()
    assert (diff.status_before, diff.status_after) == ("Needs counsel", "Proceed with conditions")
    assert diff.decision_before == diff.decision_after == "Approved with conditions"
    assert [(e.id, e.entry, e.reason) for e in diff.counsel_unmatched] == [("alpha.risky", "disposition", "gone")]
    text = render(diff, "text")
    assert text.count("Who uses it?") == 1 and text.count("External → Internal") == 1
    assert text.count("Risky.") == 2, "once as a finding removed, once as counsel's disposition that no longer matches"
    assert text.count("Findings removed (1)") == 1 and "Answers changed (1)" in text
    assert "computed status: Needs counsel → Proceed with conditions" in text
    assert "counsel's decision: Approved with conditions (unchanged)" in text
    assert diff.flows is None


def test_answers_added_and_withdrawn_and_the_decision_before_and_after(mini) -> None:
    old = reviewed(mini, first="no_branch")  # second is not asked
    new = reviewed(mini)  # yes_branch: second answered [a]
    diff = compare(mini, old.session, new.session)
    assert [a.key for a in diff.answers_added] == ["alpha.second"] and diff.answers_added[0].after == "A"
    assert [a.key for a in diff.answers_changed] == ["alpha.first"]
    back = compare(mini, new.session, old.session)
    assert [(a.key, a.before, a.after) for a in back.answers_removed] == [("alpha.second", "A", "")]
    assert [f.id for f in back.findings_removed] == ["alpha.risky"] and [f.id for f in diff.findings_added] == ["alpha.risky"]
    decided_review = decided(mini)
    assert compare(mini, old.session, decided_review.session).decision_after == "Approved with conditions"
    assert compare(mini, old.session, decided_review.session).decision_before == ""


def test_findings_changed_by_other_flows_and_counsel_entries_that_no_longer_match(mini, mini_copy: Path) -> None:
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("severity: high", "severity: medium"), encoding="utf-8")
    older_flows = load_flows(mini_copy)
    session = decided(mini).session
    diff = compare(mini, session, session, old_flowset=older_flows)
    ((change,),) = [c.changes for c in diff.findings_changed]
    assert diff.findings_changed[0].finding.id == "alpha.risky"
    assert (change.field, change.before, change.after) == ("severity", "Medium", "High")
    assert [(e.id, e.reason) for e in diff.counsel_unmatched] == [("alpha.risky", "changed")]
    assert "severity Medium → High" in render(diff, "text")


def test_diff_command_reads_the_older_review_against_older_flows(mini, mini_copy: Path, tmp_path: Path, capsys) -> None:
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("severity: high", "severity: low"), encoding="utf-8")
    save(decided(mini).session, tmp_path / "s.json")
    args = [*MINI, "diff", str(tmp_path / "s.json"), str(tmp_path / "s.json")]
    assert main([*args, "--old-flows", str(mini_copy)]) == 0
    out = capsys.readouterr().out
    assert "Findings changed (1)" in out and "severity Low → High" in out
    assert main(args) == 0 and "No changes" in capsys.readouterr().out
    assert main([*args, "--old-flows", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bedrock-wizard: ") and "nowhere" in err and err.count("\n") == 1


def test_other_flows_are_named(mini) -> None:
    session = reviewed(mini).session
    other = replace(_copy(session), flows_digest="0" * 64)
    diff = compare(mini, other, session)
    assert diff.flows is not None and diff.flows.before == "0" * 64 and not diff.empty
    assert "different versions of the questions and terms" in render(diff, "text")


def test_diff_command_reads_sessions_and_prints_text_or_json(mini, tmp_path: Path, capsys) -> None:
    old = decided(mini)
    save(old.session, tmp_path / "old.json")
    save(internal(mini, old).session, tmp_path / "new.json")
    assert main([*MINI, "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Comparing “Project X”") and "External → Internal" in out
    assert main([*MINI, "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "bedrock-wizard-diff" and data["answers_changed"][0]["key"] == "profile.audience"
    (tmp_path / "bad.json").write_text("[]", encoding="utf-8")
    assert main([*MINI, "diff", str(tmp_path / "old.json"), str(tmp_path / "bad.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"bedrock-wizard: {tmp_path / 'bad.json'}: ") and err.count("\n") == 1


def _reworded(mini_copy: Path, help_only: bool = False) -> Path:
    """The mini flows with the third question reworded, or with only a help text added to it."""
    alpha = mini_copy / "alpha.yaml"
    old = "    text: Third question?\n"
    new = old + "    help: What X and Y mean.\n" if help_only else "    text: Third question, asked again?\n"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return mini_copy


def test_a_reworded_question_is_listed_by_text_and_id_and_a_help_text_is_not(mini, mini_copy: Path) -> None:
    session = decided(mini).session
    current = load_flows(_reworded(mini_copy))
    diff = compare(current, session, _copy(session), old_flowset=mini)
    assert diff.flows is not None and not diff.empty
    assert [(q.key, q.question) for q in diff.flows.questions] == [("alpha.third", "Third question, asked again?")]
    assert not diff.flows.terms
    text = render(diff, "text")
    assert text.count("Answers that need a fresh look") == 1 and "  ? Alpha — Third question, asked again?" in text
    data = json.loads(render(diff, "json"))
    assert [q["key"] for q in data["flows"]["questions"]] == ["alpha.third"]
    assert compare(current, session, _copy(session)).empty, "against the same flows, a review compared with itself is empty"


def test_only_a_help_text_changed_flags_no_answer(mini, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURES / "mini", tmp_path / "help")
    current = load_flows(_reworded(tmp_path / "help", help_only=True))
    assert current.digest != mini.digest
    session = decided(mini).session
    diff = compare(current, session, _copy(session), old_flowset=mini)
    assert diff.flows is None and "fresh look" not in render(diff, "text")


def test_a_newer_review_that_answered_the_reworded_question_again_is_not_flagged(mini, mini_copy: Path) -> None:
    old = decided(mini)
    current = load_flows(_reworded(mini_copy))
    new = Review(current, _copy(old.session))
    new.select("alpha", "third")
    new.answer("y")
    diff = compare(current, old.session, new.session)
    assert [q.key for q in diff.flows.questions] == ["alpha.third"]
    assert compare(current, new.session, _copy(new.session)).flows is None


def test_a_change_of_the_terms_version_is_named(mini, mini_copy: Path) -> None:
    terms = mini_copy / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    as_of = mini.terms.as_of
    terms.write_text(text.replace(as_of, "2099-01-01", 1), encoding="utf-8")
    session = decided(mini).session
    diff = compare(load_flows(mini_copy), session, _copy(session), old_flowset=mini)
    assert diff.flows is not None and diff.flows.terms and diff.flows.questions == ()
    assert diff.flows.terms_after.endswith("as of 2099-01-01")
    assert f"as of {as_of}” → “" in render(diff, "text")


def test_diff_command_names_the_answers_the_new_version_rewords(mini, mini_copy: Path, tmp_path: Path, capsys) -> None:
    save(decided(mini).session, tmp_path / "s.json")
    args = ["--flows", str(_reworded(mini_copy)), "diff", str(tmp_path / "s.json"), str(tmp_path / "s.json")]
    assert main([*args, "--old-flows", str(FIXTURES / "mini")]) == 0
    out = capsys.readouterr().out
    assert "Answers that need a fresh look" in out and "Third question, asked again?" in out
    assert main(args) == 0 and "No changes" in capsys.readouterr().out


def test_opening_a_review_says_which_answers_need_a_fresh_look_banner_and_cover(mini, tmp_path: Path, qtbot) -> None:
    import shutil

    from wizard.derive import derive
    from wizard.report import render_html
    from wizard.ui.review_page import ReviewPage

    session = decided(mini).session
    seen = {}
    for name, help_only in (("reworded", False), ("help", True)):
        shutil.copytree(FIXTURES / "mini", tmp_path / name)
        flows = load_flows(_reworded(tmp_path / name, help_only))
        page = ReviewPage()
        qtbot.addWidget(page)
        page.show_review(derive(flows, session))
        html = render_html(flows, session)
        seen[name] = (page.fresh_look.text(), page.fresh_look.isVisibleTo(page), html.count('class="incomplete fresh-look"'))
    banner, shown, cover = seen["reworded"]
    assert shown and cover == 1
    assert "1 answer needs a fresh look" in banner and "“Third question, asked again?”" in banner
    assert seen["help"] == ("", False, 0), "a help text changed: nothing to look at again"
    assert "Third question, asked again?" in render_html(load_flows(tmp_path / "reworded"), session).split('fresh-look">')[1]
