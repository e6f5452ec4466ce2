"""Layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget


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

    NARROW = 600  # below this width (logical pixels) the page uses narrow margins and layouts
    _scroll: QScrollArea | None = None
    _content: QLayout | None = None
    narrow = False

    def set_content(self, layout: QLayout) -> None:
        """The page's main layout, whose margins shrink on a narrow page."""
        self._content = layout
        self._fit_width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_width()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_width()

    def _fit_width(self) -> None:
        # The page's own width: a scroll area's viewport lags behind while the page is hidden in a stack.
        bar = self._scroll.verticalScrollBar().sizeHint().width() if self._scroll is not None else 0
        narrow = self.width() - bar < self.NARROW
        changed = narrow != self.narrow
        self.narrow = narrow
        if self._content is not None:
            side = 14 if narrow else 28
            self._content.setContentsMargins(side, 16 if narrow else 22, side, 22)
        if changed:
            self.narrow_changed(narrow)

    def narrow_changed(self, narrow: bool) -> None:
        """Pages that lay out differently when narrow override this."""

    def fill_scrolled(self, content: QWidget, layout: QLayout, sideways: bool = False) -> QScrollArea:
        """The page's body: `content` (laid out by `layout`) in a scroll area that follows the focus."""
        scroll = page_scroll(content, sideways)
        self.keep_focus_in_view(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.set_content(layout)
        return scroll

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
    viewport = QWidget()  # made here, not asked for: PySide's first QWidget from C++ sets up every widget class
    scroll.setViewport(viewport)
    content.setObjectName(content.objectName() or "pageContent")
    scroll.setWidget(content)
    content.setAutoFillBackground(False)
    viewport.setAutoFillBackground(False)
    return scroll


def breakable(path: object) -> str:
    """A path a wrapping label may break after any separator (a long path has no spaces to break at)."""
    return str(path).replace("/", "/\u200b").replace("\\", "\\\u200b")
