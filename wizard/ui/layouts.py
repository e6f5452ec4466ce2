"""Layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLayout, QScrollArea, QWidget


def clear_layout(layout: QLayout) -> None:
    """Empty a layout that is rebuilt for each question or review, nested layouts included.

    Widgets are hidden at once, so they leave the focus chain now rather than
    at the next turn of the event loop, and are deleted later.
    """
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout():
            clear_layout(item.layout())


class AppPage(QWidget):
    """Base class of the window's pages.

    resources/style.qss scopes its rules to this class name, so nothing in the
    sheet reaches a standard dialog.
    """

    _scroll: QScrollArea | None = None

    def keep_focus_in_view(self, scroll: QScrollArea) -> None:
        """Scroll to the focused control whenever the focus moves within the page (Tab, arrow keys)."""
        self._scroll = scroll
        QApplication.instance().focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._scroll is not None and new is not None and self.isAncestorOf(new):
            self._scroll.ensureWidgetVisible(new, 40, 40)


def page_scroll(content: QWidget, sideways: bool = False) -> QScrollArea:
    """A page's scroll area: content wraps to the width and scrolls down (sideways only if asked).

    The content is drawn on the window's own background: QScrollArea.setWidget
    turns background filling on, which would paint the system's grey instead.
    """
    scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
    scroll.setFocusPolicy(Qt.NoFocus)
    if not sideways:
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    content.setObjectName(content.objectName() or "pageContent")
    scroll.setWidget(content)
    content.setAutoFillBackground(False)
    scroll.viewport().setAutoFillBackground(False)
    return scroll

