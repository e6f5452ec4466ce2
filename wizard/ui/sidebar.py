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


def _retitle(item: QListWidgetItem, text: str, label: str | None) -> bool:
    """Give a row its text and progress label; True if the text changed (its wrapped height may have)."""
    if label is not None and item.toolTip() != label:
        item.setToolTip(label)
        item.setData(Qt.AccessibleDescriptionRole, label)
    if item.text() == text:
        return False
    item.setText(text)
    return True


def _set_text(label: QLabel, text: str) -> None:
    if label.text() != text:  # an unchanged label is neither laid out nor painted again
        label.setText(text)


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
        """The parts (`current` highlighted while answering), or the review item on the review and report steps.

        The rows are made once per set of parts and then only retitled, so a step
        redraws the one or two rows whose progress changed, not the list.
        """
        progress_words = derived.flowset.vocabulary.progress
        rows = [(part.flow.id, part.progress, part.flow.title) for part in derived.parts.values()]
        self.list.blockSignals(True)
        if [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())] != [r[0] for r in rows] + [REVIEW_ITEM]:
            self.list.clear()
            for flow_id, _progress, _title in rows:
                item = QListWidgetItem()
                item.setData(Qt.UserRole, flow_id)
                self.list.addItem(item)
            review = QListWidgetItem()
            review.setData(Qt.UserRole, REVIEW_ITEM)
            self.list.addItem(review)
        changed = False
        for i, (_flow_id, progress, title) in enumerate(rows):  # counsel-aware: a part counsel resolved is done
            changed |= _retitle(self.list.item(i), f"{STATUS_MARK[progress]}  {title}", progress_words[progress])
        review = self.list.item(len(rows))
        changed |= _retitle(review, "✔  Review and report" if derived.complete else "   Review and report", None)
        ids = [r[0] for r in rows]
        wanted = len(rows) if on_review else ids.index(current) if current in ids else -1
        if self.list.currentRow() != wanted:
            self.list.setCurrentRow(wanted)
        if changed:
            self.fit_items()
        self.list.blockSignals(False)
        self.progress.setRange(0, max(derived.total, 1))
        self.progress.setValue(derived.answered)
        _set_text(self.live, tally_line(derived))
        _set_text(self.decision, f"Counsel's decision\n{counsel.cover_line}")
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
