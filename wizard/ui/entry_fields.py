"""Entry fields that save when the user leaves them, and focus that survives a page being rebuilt.

Counsel's entries and the actions' owners and dates are saved field by field,
each through a `Review` command, when the user moves on (Tab, Enter, a click
elsewhere). A page rebuilt after such a command puts the focus back on the
control with the same key, so keyboard users keep their place.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

KEY = "entryKey"


def keyed(widget: QWidget, key: str) -> QWidget:
    """Give a control a key that stays the same when its page is rebuilt."""
    widget.setProperty(KEY, key)
    return widget


def focused_key(page: QWidget) -> str:
    """The key of the control that has the focus on `page`, or ''."""
    widget = QApplication.focusWidget()
    if widget is None or not page.isAncestorOf(widget):
        return ""
    value = widget.property(KEY)
    return value if isinstance(value, str) else ""


def refocus(page: QWidget, key: str) -> bool:
    """Focus the control with `key` on `page` again; False if there is none."""
    if not key:
        return False
    for widget in page.findChildren(QWidget):
        if widget.property(KEY) == key and widget.isVisibleTo(page) and widget.isEnabled():
            widget.setFocus()
            return True
    return False


def chain(page: QWidget, widgets: list[QWidget]) -> None:
    """Tab goes through `widgets` in this order (the order they are read on the page)."""
    shown = [w for w in widgets if w is not None]
    for first, second in zip(shown, shown[1:], strict=False):
        page.setTabOrder(first, second)


class LeaveText(QPlainTextEdit):
    """Several lines of text, saved when the user leaves the field; Tab moves on rather than typing a tab.

    `left` is emitted after the focus has moved (on the next turn of the event
    loop), so a page rebuilt by the save never pulls a control away mid-move.
    """

    left = Signal()

    def __init__(self, text: str = "", lines: int = 3, limit: int | None = None) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlainText(text)
        self.saved = text
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setFixedHeight(height)
        self.limit = limit
        if limit is not None:  # no more than a session stores: extra typing or pasting is cut off, as in a QLineEdit
            self.textChanged.connect(self._enforce)

    def _enforce(self) -> None:
        text = self.toPlainText()
        if self.limit is not None and len(text) > self.limit:
            position = min(self.textCursor().position(), self.limit)
            self.setPlainText(text[: self.limit])
            cursor = self.textCursor()
            cursor.setPosition(position)
            self.setTextCursor(cursor)

    def text(self) -> str:
        return self.toPlainText()

    def show_saved(self, text: str) -> None:
        """Show what is saved, unless the user is typing here."""
        self.saved = text
        if not self.hasFocus() and self.toPlainText() != text:
            self.setPlainText(text)

    def unsaved(self) -> bool:
        return self.toPlainText().strip() != self.saved.strip()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        if self.unsaved():
            QTimer.singleShot(0, self.left.emit)
