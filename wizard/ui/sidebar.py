"""The window's left column: the parts with their progress, overall progress, counsel's decision, the tally.

Filled from the derived state and the counsel view on every redraw that
touches answers or counsel's entries (`MainWindow.apply`); an owner or due
date changes none of it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QProgressBar, QVBoxLayout, QWidget

from wizard.counsel_view import CounselView
from wizard.derive import DONE, IN_PROGRESS, NOT_STARTED, OPEN_QUESTIONS, Derived
from wizard.ui.tally import tally_line

STATUS_MARK = {NOT_STARTED: "○", IN_PROGRESS: "◐", DONE: "●", OPEN_QUESTIONS: "?"}
REVIEW_ITEM = "__review__"


def _plain(name: str, accessible: str) -> QLabel:
    label = QLabel(objectName=name, wordWrap=True)
    label.setTextFormat(Qt.PlainText)
    label.setAccessibleName(accessible)
    return label


class Sidebar(QWidget):
    """Parts, progress, counsel's decision and the findings so far; `jumped(flow id or REVIEW_ITEM)`."""

    jumped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="side")
        self.setAttribute(Qt.WA_StyledBackground)  # the style sheet paints this column
        self.list = QListWidget(objectName="sidebar")
        self.list.setAccessibleName("Parts of the review")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.ElideNone)  # wrap a long part name, never cut it to "…"
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._jump)
        self.list.itemClicked.connect(self._jump)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setAccessibleName("Progress of the whole review")
        self.progress.setFormat("%p% answered")
        self.live = _plain("liveFindings", "Findings so far")
        self.decision = _plain("sidebarDecision", "Counsel's decision")
        self.decision.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Review", objectName="sidebarTitle"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.decision)
        layout.addWidget(self.live)
        self.setFixedWidth(280)

    def _jump(self, item: QListWidgetItem) -> None:
        self.jumped.emit(item.data(Qt.UserRole))

    def show_review(self, derived: Derived, counsel: CounselView, current: str | None, on_review: bool) -> None:
        """The parts (`current` highlighted while answering), or the review item on the review and report steps."""
        progress_words = derived.flowset.vocabulary.progress
        self.list.blockSignals(True)
        self.list.clear()
        for part in derived.parts.values():
            progress = part.progress  # counsel-aware: a part whose questions counsel resolved is done
            label = progress_words[progress]
            item = QListWidgetItem(f"{STATUS_MARK[progress]}  {part.flow.title}")
            item.setData(Qt.UserRole, part.flow.id)
            item.setToolTip(label)
            item.setData(Qt.AccessibleDescriptionRole, label)
            self.list.addItem(item)
            if part.flow.id == current:
                self.list.setCurrentItem(item)
        item = QListWidgetItem("✔  Review and report" if derived.complete else "   Review and report")
        item.setData(Qt.UserRole, REVIEW_ITEM)
        self.list.addItem(item)
        if on_review:
            self.list.setCurrentItem(item)
        self.fit_items()
        self.list.blockSignals(False)
        self.progress.setRange(0, max(derived.total, 1))
        self.progress.setValue(derived.answered)
        self.live.setText(tally_line(derived))
        self.decision.setText(f"Counsel's decision\n{counsel.cover_line}")
        self.decision.setVisible(counsel.decision is not None or bool(counsel.doubt))

    def fit_items(self) -> None:
        """Give each part name the height it needs wrapped (the style's padding fools Qt's own estimate)."""
        metrics = self.list.fontMetrics()
        width = self.list.viewport().width()  # excludes a scroll bar
        text_width = width - 28  # the style's item padding and focus border, and the view's own text margins
        for row in range(self.list.count()):
            item = self.list.item(row)
            text = metrics.boundingRect(0, 0, text_width, 10_000, Qt.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, text.height() + 18))

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        """The width is known only once the window is laid out: wrap the part names again then."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_items)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().showEvent(event)
        QTimer.singleShot(0, self.fit_items)
