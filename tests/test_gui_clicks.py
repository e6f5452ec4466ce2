"""Every click within a frame, without changing what a click does: reused question rows, one derive per change,
autosaves written behind the window and still on disk when the click returns."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from scripted_input import enter
from test_counsel import reviewed

from wizard import autosave
from wizard import review as review_module
from wizard.fsio import load
from wizard.session import SessionError
from wizard.ui.question_page import ChoiceRow

ANSWERS = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())


def _shows_exactly_this_question(window) -> None:  # noqa: ANN001
    """The page's choices are the question's, in order, named by them and ticked as answered; no other is named."""
    page, review = window.question_page, window.review
    question, answer = review.question, review.current_answer()
    named = [b for b in page.findChildren(QAbstractButton) if b.objectName().startswith("choice_")]
    if question.kind == "text":
        assert page.text_input.isVisibleTo(page) and named == []
        shown = page.text_input.toPlainText() if hasattr(page.text_input, "toPlainText") else page.text_input.text()
        assert shown == (answer or "")
        return
    chosen = {answer} if isinstance(answer, str) else set(answer or ())
    assert [b.property("choice") for b in page.buttons] == [c.id for c in question.choices]
    assert sorted(b.objectName() for b in named) == sorted(f"choice_{c.id}" for c in question.choices)
    assert all(b.isVisibleTo(page) for b in page.buttons)
    assert {b.property("choice") for b in page.buttons if b.isChecked()} == chosen
    ticked = [b for b in page.findChildren(QAbstractButton) if b.isChecked() and b not in page.buttons]
    assert [b.objectName() for b in ticked if b.objectName() != "askCounsel"] == [], "no hidden choice stays ticked"
    if question.kind == "single":
        assert page.group.checkedButton() in (None, *page.buttons)
    if question.kind != "text":
        assert page.text_input is None and all(not f.isVisibleTo(page) for f in page._fields.values())


def test_next_and_back_refill_the_rows_of_earlier_questions(open_window) -> None:
    window = open_window()
    window.new_review()
    seen: list[tuple[str, str]] = []
    shown = {"single": 0, "multi": 0}  # the most choices of a question shown, of each kind
    while len(seen) < 14 and window.review.question is not None:
        QApplication.processEvents()  # as between two clicks: the part's other rows are made meanwhile
        _shows_exactly_this_question(window)
        question = window.review.question
        if question.kind in shown:
            shown[question.kind] = max(shown[question.kind], len(question.choices))
        seen.append((window.review.flow_id, question.id))
        enter(window.question_page, ANSWERS[window.review.flow_id][question.id])
        window.go_next()
    parts = {flow_id: window.flowset.flow(flow_id) for flow_id, _ in seen}.values()
    most = {k: max(len(q.choices) for f in parts for q in f.questions.values() if q.kind == k) for k in shown}
    kinds = {kind: rows for kind, rows in window.question_page._rows.items()}
    made = {kind: len(rows) for kind, rows in kinds.items()}
    assert all(shown[k] <= made[k] <= most[k] for k in shown), "one row per choice of a part's longest question, reused"
    assert all(isinstance(row, ChoiceRow) for rows in kinds.values() for row in rows)
    for flow_id, question_id in reversed(seen):  # Back through them: each shows its own answer again
        window.go_back()
        assert (window.review.flow_id, window.review.question.id) == (flow_id, question_id)
        _shows_exactly_this_question(window)
    assert {kind: len(rows) for kind, rows in window.question_page._rows.items()} == made, "Back made no new rows"


def test_a_part_s_rows_are_made_once_its_first_question_is_on_screen(open_window) -> None:
    window = open_window()
    window.new_review()
    page, flow = window.question_page, window.review.flow
    QApplication.processEvents()
    for kind, rows in page._rows.items():
        wanted = max((len(q.choices) for q in flow.questions.values() if q.kind == kind), default=0)
        assert len(rows) == max(wanted, len(page.buttons) if window.review.question.kind == kind else 0)
        spare = [row for row in rows if row.button not in page.buttons]
        assert all(row.isHidden() and not row.button.objectName() for row in spare), "made hidden, with no name"
    _shows_exactly_this_question(window)


def test_a_sidebar_jump_shows_the_part_where_it_was_left(open_window) -> None:
    window = open_window()
    window.new_review()
    for _ in range(6):
        enter(window.question_page, ANSWERS[window.review.flow_id][window.review.question.id])
        window.go_next()
    where = (window.review.flow_id, window.review.question.id)
    window.sidebar.itemClicked.emit(window.sidebar.item(0))  # the profile, finished: its last question
    _shows_exactly_this_question(window)
    row = next(i for i in range(window.sidebar.count()) if window.sidebar.item(i).data(Qt.UserRole) == where[0])
    window.sidebar.itemClicked.emit(window.sidebar.item(row))
    assert (window.review.flow_id, window.review.question.id) == where
    _shows_exactly_this_question(window)


def test_an_owner_after_another_derives_nothing_and_an_answer_once(mini, monkeypatch: pytest.MonkeyPatch) -> None:
    review = reviewed(mini)
    calls: list[int] = []
    real = review_module.derive
    monkeypatch.setattr(review_module, "derive", lambda *a: calls.append(1) or real(*a))
    review.set_action("alpha.duty", "Marco", "2026-12-15")
    assert len(calls) == 1, "checked against the view of the review as it was"
    review.set_action("alpha.duty", "Marco Ruiz", "2026-12-16")
    review.set_action("alpha.duty", "Marco Ruiz", "2026-12-17")
    assert len(calls) == 1, "an owner or due date changes nothing an action is checked against"
    assert review.derive().counsel is review.derive().counsel and len(calls) == 2, "one derive per change"
    review.answer_question("alpha.third#note", "Y is enough.", resolved=True)
    assert review.derive().open_count == 0 and len(calls) == 3, "counsel's entry: the view follows it"
    review.select("alpha", "third")
    review.answer("y")  # the same answer again: nothing changes, nothing is derived again
    assert review.derive() is review.derive() and len(calls) == 3


def test_each_answer_is_on_disk_when_next_returns_and_the_window_writes_behind(open_window) -> None:
    window = open_window()
    window.new_review()
    assert window.workspace.write_behind, "the window draws the next page while the writer writes"
    for _ in range(5):
        flow_id, question = window.review.flow_id, window.review.question
        enter(window.question_page, ANSWERS[flow_id][question.id])
        window.go_next()
        assert not window.workspace.writer.busy()
        assert load(window.review.path).answers_of(flow_id)[question.id] == ANSWERS[flow_id][question.id]


def test_a_write_that_fails_behind_the_window_says_so_at_once(open_window, monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: said.append((title, text)))
    window = open_window()
    window.new_review()
    enter(window.question_page, ANSWERS["profile"][window.review.question.id])
    window.go_next()
    path = window.review.path

    def full(target: Path, _data: bytes) -> None:
        raise SessionError(f"{target}: cannot write (No space left on device)")

    monkeypatch.setattr(autosave, "write_private", full)
    enter(window.question_page, ANSWERS["profile"][window.review.question.id])
    window.go_next()
    assert said and said[-1][0] == "Could not save" and "No space left on device" in said[-1][1]
    assert window.isWindowModified() and "No space left" in window.workspace.autosave_problem
    monkeypatch.undo()
    prompt = window.workspace.leaving()  # tried again, and written now
    assert load(path).profile == window.review.session.profile and str(path) in prompt.kept
