"""Dates picked from a calendar: a due date chosen in the pop-up is saved and reaches the report's checklist."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QVBoxLayout, QWidget

from wizard.fsio import load
from wizard.report import render_html
from wizard.ui.date_field import DateField

OBLIGATION = "confidentiality.protect_anthropic_info"


def test_a_due_date_picked_in_the_calendar_is_saved_and_in_the_checklist(qtbot, open_window, finished: Path, flowset) -> None:
    window = open_window(finished)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    box = window.review_page.counsel_panel.actions
    due = box.rows[OBLIGATION].due
    assert isinstance(due, DateField) and due.text() == "" and due.lineEdit().text() == "No due date"
    owner = box.rows[OBLIGATION].owner
    owner.setFocus(Qt.TabFocusReason)
    QTest.keyClicks(owner, "Marco Ruiz")
    QTest.keyClick(owner, Qt.Key_Tab)
    assert QApplication.focusWidget() is due
    qtbot.waitUntil(lambda: OBLIGATION in window.review.session.actions)  # the owner, saved on leaving its field
    QTest.mouseClick(due, Qt.LeftButton, pos=QPoint(due.width() - 6, due.height() // 2))  # the calendar button
    calendar = due.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month()), "no date: opens on today"
    calendar.setSelectedDate(QDate(2027, 3, 9))
    QTest.keyClick(calendar.findChild(QTableView), Qt.Key_Return)  # picks the day shown selected
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert due.text() == "2027-03-09"
    assert QApplication.focusWidget() is due, "the field keeps the focus after the pick: " + repr(QApplication.focusWidget())
    QTest.keyClick(due, Qt.Key_Tab)  # leaving the field saves it
    qtbot.waitUntil(lambda: window.review.session.actions[OBLIGATION].due == "2027-03-09")
    action = load(window.review.path).actions[OBLIGATION]
    assert (action.owner, action.due) == ("Marco Ruiz", "2027-03-09"), "autosaved"
    html = render_html(flowset, window.review.session)
    assert '<td class="owner">Marco Ruiz<span class="due">due 2027-03-09</span></td>' in html, "in the checklist row"


def test_a_date_field_reads_iso_text_or_none(qtbot) -> None:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    field, other = DateField("2026-12-15"), QLineEdit()
    layout.addWidget(field)
    layout.addWidget(other)
    qtbot.addWidget(holder)
    holder.show()
    holder.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is holder)
    assert field.text() == "2026-12-15"
    field.setText("")
    assert field.text() == "" and field.lineEdit().text() == "No date", "no date is said in words"
    field.setText("mid-December")
    assert field.text() == "", "text that is not an ISO date shows no date"
    field.setText("2026-12-15")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(field, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClick(field, Qt.Key_Delete)
    assert field.text() == "", "Delete over the whole date clears it"
    QTest.keyClicks(field, "2027-03-09")
    assert field.text() == "2027-03-09", "typed as YYYY-MM-DD"
    field.clear()
    QTest.keyClicks(field, "15/12/2026")
    other.setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())
    assert field.text() == "", "typing that never made a date leaves no date, not today's"
