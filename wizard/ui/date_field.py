"""A calendar date picked from a pop-up calendar or typed, read and written as ISO text, or no date.

Due dates and counsel's dates are ISO text (YYYY-MM-DD) in the core, and an
empty text means "no date". `DateField` keeps that contract for the view: its
`text()` is the ISO date or '', `setText()` takes the same, and the lowest date
it can hold stands for "no date" (shown as words). Delete or Backspace with
the whole field selected clears it back to no date; the pop-up opens on the
current month when there is no date yet. The mouse wheel over it scrolls the
page and leaves the date alone (a due date or counsel's date is never changed
by scrolling past it).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QDateEdit, QWidget

NO_DATE = QDate(1900, 1, 1)  # the lowest date held: shown as `empty`, read as ''
ISO = "yyyy-MM-dd"


class DateField(QDateEdit):
    """A date with a calendar pop-up; `text()` is YYYY-MM-DD or '' for no date."""

    returnPressed = Signal()  # noqa: N815 - as a line edit names it: Enter in the field

    def __init__(self, text: str = "", *, empty: str = "No date", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(ISO)
        self.setMinimumDate(NO_DATE)
        self.setMaximumDate(QDate(9999, 12, 31))
        self.setSpecialValueText(empty)
        self._advanced = False  # a digit just filled a section and moved on: a following '-' is typed past
        self._seeded: str | None = None  # what was typed since today's date was put in for no date
        self.setText(text)
        self.dateChanged.connect(self._typed_a_date)

    def text(self) -> str:  # noqa: D102 - the ISO date or '' (no date), as the core takes it
        day = self.date()
        return "" if day == NO_DATE else day.toString(ISO)

    def setText(self, text: str) -> None:  # noqa: N802 - the name a line edit's callers use
        """Show the ISO date `text`; '' (or text that is not an ISO date) shows no date."""
        try:
            day = date.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            day = None
        self.setDate(QDate(day.year, day.month, day.day) if day and day.year >= 1901 else NO_DATE)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """Name the field and the text box inside it (which a screen reader reaches)."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)

    def clear(self) -> None:
        """No date."""
        self.setDate(NO_DATE)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        event.ignore()  # to the scroll area under the pointer: the date stays as it was

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key_Delete, Qt.Key_Backspace) and self._all_selected():
            self.clear()
            self.selectAll()
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self._settle()
            super().keyPressEvent(event)
            self.returnPressed.emit()
            return
        if event.text().isdigit() and self._all_selected():  # typing over the whole field types a new date
            if self.date() == NO_DATE:  # typing starts from today's date, not the words for no date
                self.setDate(QDate.currentDate())
                self._seeded = ""
            self.setSelectedSection(QDateEdit.YearSection)
        if event.text() == "-" and self._advanced:  # the section just filled moved on already
            self._advanced = False
            return
        section = self.currentSection()
        if self._seeded is not None:
            self._seeded += event.text()
        super().keyPressEvent(event)
        self._advanced = event.text().isdigit() and self.currentSection() != section
        self._popup_on_today()

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's name
        """Tab leaves the field, as from any other field (not into the next part of the date)."""
        return QWidget.focusNextPrevChild(self, forward)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self._settle()
        super().focusOutEvent(event)

    def _typed_a_date(self) -> None:
        self._seeded = None

    def _settle(self) -> None:
        """Typing from no date that never made a date leaves no date (not today's date, silently)."""
        typed, self._seeded = self._seeded, None
        if typed is None:
            return
        try:
            date.fromisoformat(typed.strip())
        except ValueError:
            self.clear()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mousePressEvent(event)
        self._popup_on_today()

    def _all_selected(self) -> bool:
        line = self.lineEdit()
        return self.date() == NO_DATE or line.selectedText() == line.text()

    def _popup_on_today(self) -> None:
        calendar = self.calendarWidget()
        if self.date() == NO_DATE and calendar is not None and calendar.isVisible():
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())
