"""Per-question fingerprints: only answers whose question changed are flagged; help text flags nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES

from wizard.cli import main
from wizard.derive import derive
from wizard.fingerprint import question_fingerprint
from wizard.flows import Choice, load_flows
from wizard.fsio import load, save
from wizard.report import render_html
from wizard.review import Review
from wizard.scenario import run_scenario
from wizard.session import Session

SCENARIO = FIXTURES / "mini-scenario.yaml"


def test_the_fingerprint_is_the_text_kind_and_choices_never_the_help(mini) -> None:
    question = mini.flow("alpha").questions["first"]
    fingerprint = question_fingerprint(question)
    assert fingerprint == question_fingerprint(replace(question, help="Reworded help.", line=99))
    assert fingerprint != question_fingerprint(replace(question, text="First question, reworded?"))
    assert fingerprint != question_fingerprint(replace(question, kind="multi"))
    relabelled = (replace(question.choices[0], label="Yes, always"), *question.choices[1:])
    assert fingerprint != question_fingerprint(replace(question, choices=relabelled))
    assert fingerprint != question_fingerprint(replace(question, choices=(*question.choices, Choice("maybe", "Maybe"))))


def test_each_answer_records_the_fingerprint_of_its_question(mini) -> None:
    session = run_scenario(mini, SCENARIO)
    for flow_id, answers in session.all_answers().items():
        flow = mini.flow(flow_id)
        assert session.asked[flow_id] == {q: question_fingerprint(flow.questions[q]) for q in answers}
    assert Session.loads(session.dumps(), "s").asked == session.asked, "saved and read back"


@pytest.fixture
def answered(mini, tmp_path: Path) -> Path:
    path = tmp_path / "review.json"
    save(run_scenario(mini, SCENARIO), path)
    return path


def edit(folder: Path, old: str, new: str) -> None:
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    assert old in text
    alpha.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_help_text_changes_flag_nothing(mini_copy: Path, answered: Path, capsys) -> None:
    edit(mini_copy, "    text: Third question?\n", "    text: Third question?\n    help: New help for the third question.\n")
    flowset = load_flows(mini_copy)
    assert flowset.digest != load_flows(FIXTURES / "mini").digest, "the flows did change"
    assert derive(flowset, load(answered)).reworded == ()
    assert main(["--flows", str(mini_copy), "summary", str(answered)]) == 0
    assert capsys.readouterr().err == "", "no warning for a help text"
    assert "Reworded since answered" not in render_html(flowset, load(answered))


def test_only_the_reworded_question_is_flagged_until_answered_again(mini_copy: Path, answered: Path, capsys, qtbot) -> None:
    from wizard.ui.review_page import REWORDED, ReviewPage

    edit(mini_copy, "    text: Third question?\n", "    text: Is the third thing done properly?\n")
    flowset = load_flows(mini_copy)
    derived = derive(flowset, load(answered))
    assert [(s.flow.id, s.question.id) for s in derived.reworded] == [("alpha", "third")]
    html = render_html(flowset, load(answered))
    assert html.count("Reworded since answered") == 1
    assert main(["--flows", str(mini_copy), "summary", str(answered)]) == 0
    err = capsys.readouterr().err
    assert err == f"{answered}: warning: 1 answer(s) whose question was reworded since (flagged 'reworded since answered')\n"

    page = ReviewPage()
    qtbot.addWidget(page)
    page.show_review(derived)
    flagged = [row.question.text() for row in page.rows if REWORDED in row.answer.text()]
    assert flagged == ["Is the third thing done properly?"]

    review = Review.open(flowset, load(answered), answered)
    review.select("alpha", "third")
    assert review.answer("y").modified, "confirming the answer to the reworded question records it"
    assert derive(flowset, load(answered)).reworded == ()


def test_an_older_session_without_fingerprints_opens_unchanged(mini, answered: Path) -> None:
    session = load(answered)
    session.asked.clear()
    save(session, answered)
    before = answered.read_bytes()
    assert b'"asked"' not in before
    review = Review.open(mini, load(answered), answered)
    assert derive(mini, review.session).reworded == ()
    review.select("alpha", "third")
    assert not review.answer("y").modified, "moving through an old answer changes nothing"
    assert answered.read_bytes() == before
