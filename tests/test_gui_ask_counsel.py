"""The "Ask counsel" tick beside a note: only a ticked note (or one on "I don't know") is a question for counsel."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from gui_support import show_kind
from PySide6.QtTest import QTest

from wizard.ui.main_window import MainWindow


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    window = open_window()
    window.new_review()
    return window


def test_a_ticked_note_is_asked_and_an_unticked_note_is_context(window: MainWindow) -> None:
    show_kind(window, "single")
    page = window.question_page
    flow_id, question = window.review.flow_id, window.review.question
    assert page.ask.isVisibleTo(window) and not page.ask.isChecked()
    plain = next(b for b in page.buttons if not any(c.unsure and c.id == b.property("choice") for c in question.choices))
    plain.click()
    QTest.keyClicks(page.note, "Context only")
    page.ask.click()
    assert page.ask_counsel()
    window.go_next()
    assert window.review.session.asks_counsel(flow_id, question.id), "the tick is kept with the note"
    assert any(e["event"] == "ask_counsel" for e in window.review.session.log), "and logged"
    window.review.session.mark_ask(flow_id, question.id, False)
    assert not window.review.session.asks_counsel(flow_id, question.id)


def test_the_tick_is_hidden_on_i_dont_know_whose_note_always_goes_to_counsel(window: MainWindow) -> None:
    show_kind(window, "single")
    page = window.question_page
    question = window.review.question
    unsure = next(b for b in page.buttons if b.property("choice") in question.unsure_choices)
    unsure.click()
    assert not page.ask.isVisibleTo(window)
