"""The question page by keyboard: arrows select, Enter goes on or says why not, messages after a try, notes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from gui_support import show_kind
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton
from scripted_input import enter

from wizard.flows import FlowSet
from wizard.ui.main_window import MainWindow
from wizard.ui.question_page import NOTE_LIMIT


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


@pytest.fixture
def window(qtbot, open_window: Callable[..., MainWindow]) -> MainWindow:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.new_review()
    return window


def _show(window: MainWindow, kind: str) -> None:
    show_kind(window, kind)


def test_arrow_keys_select_the_choice_they_move_to_and_enter_goes_on(window: MainWindow) -> None:
    _show(window, "single")
    page = window.question_page
    flow_id, question = window.review.flow_id, window.review.question
    assert QApplication.focusWidget() is page.buttons[0] and not page.buttons[0].isChecked()
    _press(Qt.Key_Down)
    assert QApplication.focusWidget() is page.buttons[1] and page.buttons[1].isChecked()
    _press(Qt.Key_Up)
    assert QApplication.focusWidget() is page.buttons[0] and page.buttons[0].isChecked()
    assert not page.buttons[1].isChecked(), "one choice at a time"
    _press(Qt.Key_Up)
    assert QApplication.focusWidget() is page.buttons[-1] and page.buttons[-1].isChecked(), "round the top"
    _press(Qt.Key_Right)
    assert page.buttons[0].isChecked(), "left and right work as up and down"
    _press(Qt.Key_Return)
    assert window.review.answers(flow_id)[question.id] == question.choices[0].id
    assert window.review.question is not question, "Enter answered and went on"


def test_arrow_keys_move_between_ticks_without_ticking(window: MainWindow) -> None:
    _show(window, "multi")
    page = window.question_page
    assert all(isinstance(b, QCheckBox) for b in page.buttons)
    page.buttons[0].setFocus()
    _press(Qt.Key_Down)
    assert QApplication.focusWidget() is page.buttons[1]
    assert not any(b.isChecked() for b in page.buttons), "a tick needs Space"
    _press(Qt.Key_Space)
    assert page.buttons[1].isChecked()


def test_enter_on_an_unanswered_question_says_why_and_stays(window: MainWindow, qtbot) -> None:
    page = window.question_page
    question = window.review.question
    assert question.kind == "text" and QApplication.focusWidget() is page.text_input
    assert page.reason.text() and not page.reason.isVisibleTo(window), "no message before the user tried"
    with qtbot.waitSignal(page.blocked, timeout=1000) as blocked:
        _press(Qt.Key_Return)
    assert window.review.question is question, "nothing answered"
    assert page.reason.isVisibleTo(window) and "needs an answer" in page.reason.text()
    assert blocked.args == [page.reason.text()]
    QTest.keyClicks(page.text_input, "Project Nova")
    assert not page.reason.isVisibleTo(window), "the message goes once the answer is valid"
    _press(Qt.Key_Return)
    assert window.review.answers("profile")["project_name"] == "Project Nova"


def test_enter_without_a_choice_says_choose_one(window: MainWindow) -> None:
    _show(window, "single")
    page = window.question_page
    assert not page.reason.isVisibleTo(window)
    _press(Qt.Key_Return)
    assert page.reason.isVisibleTo(window) and page.reason.text() == "Choose one answer to continue."
    _press(Qt.Key_Down)
    assert not page.reason.isVisibleTo(window)


def test_the_tick_message_names_the_dont_know_choice_as_it_is_labelled(window: MainWindow) -> None:
    flow, question = next(
        (f, q)
        for f in window.flowset.flows
        for q in f.questions.values()
        if q.kind == "multi" and any(c.unsure for c in q.choices)
    )
    page = window.question_page
    page.show_question(flow, question, None, "question 1", None, "")
    unsure = next(c.label for c in question.choices if c.unsure)
    assert not page.attempt()
    assert page.reason.isVisibleTo(window)
    assert page.reason.text() == f"Tick at least one answer to continue (or “{unsure}”)."


def test_a_new_question_starts_without_messages(window: MainWindow) -> None:
    page = window.question_page
    page.attempt()
    assert page.reason.isVisibleTo(window)
    _show(window, "single")
    assert not page.reason.isVisibleTo(window)


def test_the_note_takes_lines_counts_characters_and_stops_at_the_limit(window: MainWindow, flowset: FlowSet) -> None:
    _show(window, "single")
    page = window.question_page
    flow_id, question = window.review.flow_id, window.review.question
    counter = page.note.counter
    assert counter.isVisibleTo(window) and counter.text() == f"0 of {NOTE_LIMIT:,} characters"
    page.buttons[0].click()
    page.note.setFocus()
    QTest.keyClicks(page.note, "Line one")
    _press(Qt.Key_Return)
    QTest.keyClicks(page.note, "Line two")
    assert window.review.question is question, "Enter in the note is a new line, not Next"
    assert page.note_text() == "Line one\nLine two"
    assert counter.text() == f"17 of {NOTE_LIMIT:,} characters"

    page.note.insertPlainText("x" * (NOTE_LIMIT + 50))
    assert len(page.note_text()) == NOTE_LIMIT, "typing or pasting stops at the limit"
    assert counter.text().endswith("the limit") and counter.property("over") is True
    page.note.setPlainText("Line one\nLine two")
    assert counter.property("over") is False

    _press(Qt.Key_Return, Qt.ControlModifier)
    assert window.review.question is not question, "Ctrl+Enter in the note goes on"
    assert window.review.session.note(flow_id, question.id) == "Line one\nLine two"


def test_enter_keeps_working_for_scripted_answers(window: MainWindow) -> None:
    """`scripted_input.enter(page, value, note)` is how drivers and benchmarks answer."""
    _show(window, "single")
    page = window.question_page
    choice = window.review.question.choices[-1].id
    enter(page, choice, "scripted note")
    assert page.value() == choice and page.note_text() == "scripted note"
    assert isinstance(page.buttons[-1], QRadioButton) and page.buttons[-1].isChecked()
