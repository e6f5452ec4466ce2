"""Scrolling past a choice never changes it: the wheel over a drop-down list or a date scrolls the page.

Counsel's page is long; a wheel turn over a disposition, the decision or a date
used to change that choice unseen (found in the real window under Xvfb).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget


def _wheel(widget: QWidget, notches: int) -> bool:
    """`notches` turns of a mouse wheel over the middle of `widget` (negative: down the page); True if it took them.

    A wheel event the widget leaves unaccepted goes on to the scroll area under it when it comes from
    the system (sent from here it stops: Qt hands on only spontaneous wheel events).
    """
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.NoButton,
        Qt.NoModifier,
        Qt.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_over_counsels_choices_scrolls_the_page_and_changes_nothing(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.set_counsel_mode(True)
    page = window.counsel_page
    assert window.view == "counsel"
    risk = next(iter(page.risk_entries.values()))
    widgets = [risk.disposition, page.decision, page.date, page.review_by]
    before = [w.currentIndex() if hasattr(w, "currentIndex") else w.text() for w in widgets]
    session_before = window.review.session.dumps()
    for widget in widgets:
        page.scroll.ensureWidgetVisible(widget)
        for notches in (3, -3, -3, 3):
            assert not _wheel(widget, notches), f"{widget.objectName()} leaves the wheel to the page"
    after = [w.currentIndex() if hasattr(w, "currentIndex") else w.text() for w in widgets]
    assert after == before, "no choice or date changed"
    assert window.review.session.dumps() == session_before, "nothing recorded"


def test_the_wheel_over_a_due_date_or_the_paper_leaves_them_alone(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.show_review()
    box = window.review_page.counsel_panel.actions
    row = next(iter(box.rows.values()))
    due = row.due
    before = (due.text(), window.finish_page.paper.currentIndex())
    for notches in (3, -3, -3):
        assert not _wheel(due, notches), "the due date leaves the wheel to the page"
    window.show_page("report")
    for notches in (3, -3, -3):
        assert not _wheel(window.finish_page.paper, notches), "the paper leaves the wheel to the page"
    assert (due.text(), window.finish_page.paper.currentIndex()) == before
