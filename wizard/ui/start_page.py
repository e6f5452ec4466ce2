"""The first screen: start a review, continue one, or open any review in progress or recently used.

The list comes from `wizard.catalog` as plain records; each row has Open, Show in
folder and Delete. Delete asks first (Keep is the default) and leaves the row
in place with Restore, until the app closes and empties the trash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.bidi import isolate
from wizard.catalog import CatalogError, ReviewFile, ReviewRecord, Trashed, delete_review, restore_review
from wizard.moments import minute_text
from wizard.paths import user_data_dir
from wizard.ui import desktop
from wizard.ui.layouts import AppPage, breakable, clear_layout


class Offer(Protocol):
    """An unfinished review the window offers to continue."""

    project: str
    answered: int
    saved_at: str


def _label(text: str, name: str, wrap: bool = True) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=wrap)
    label.setTextFormat(Qt.PlainText)
    return label


def describe(record: ReviewRecord) -> tuple[str, str]:
    """The row's title and detail line."""
    when = minute_text(record.changed)
    if not record.readable:
        return record.path.name, f"Cannot be read: {record.problem}"
    if record.state == "report PDF":
        return record.path.name, f"Report PDF (opens the review inside it) · {when}"
    title = isolate(record.project) or "Review without a project name yet"
    details = f"Reached: {record.part} · last change {when} · {record.state}"
    details += f"\nCounsel's decision: {record.decision}" if record.decision else ""
    return title, details + (f" · review by {record.review_by}" if record.review_by else "")


def files_text(record: ReviewRecord) -> str:
    """The review's files, one a line, an autosave by what it is (never its raw name)."""
    files = record.files or (ReviewFile(record.path, record.kind, record.changed),)
    return "\n".join(breakable(f.shown) for f in files)


class ReviewRow(QFrame):
    """One review: what it is, how far it got, and its buttons."""

    open_requested = Signal(str)
    counsel_requested = Signal(str)
    delete_requested = Signal(object)  # the row
    restore_requested = Signal(object)  # the row

    def __init__(self, record: ReviewRecord) -> None:
        super().__init__(objectName="reviewRow")
        self.record = record
        self.trashed: Trashed | None = None
        title, details = describe(record)
        self.title = _label(title, "reviewTitle")
        self.details = _label(details, "reviewDetails")
        self.where = _label(files_text(record), "reviewPath")
        self.where.setToolTip(str(record.path))
        self.open_button = QPushButton("Open", objectName="openReview")
        self.open_button.setAccessibleName(f"Open {title}")
        self.open_button.setEnabled(record.readable)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(str(self.record.path)))
        self.counsel_button = QPushButton("Review as counsel", objectName="rowAction")
        self.counsel_button.setAccessibleName(f"Review {title} as counsel")
        self.counsel_button.setEnabled(record.readable)
        self.counsel_button.clicked.connect(lambda: self.counsel_requested.emit(str(self.record.path)))
        self.show_button = QPushButton("Show in folder", objectName="rowAction")
        self.show_button.setAccessibleName(f"Show {record.path.name} in its folder")
        self.show_button.clicked.connect(self._show_in_folder)
        self.delete_button = QPushButton("Delete…", objectName="rowAction")
        self.delete_button.setAccessibleName(f"Delete {title}")
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self))
        self.restore_button = QPushButton("Restore", objectName="rowAction")
        self.restore_button.setAccessibleName(f"Restore {title}")
        self.restore_button.clicked.connect(lambda: self.restore_requested.emit(self))
        self.restore_button.setVisible(False)
        for button in (self.open_button, self.counsel_button, self.show_button, self.delete_button, self.restore_button):
            button.setAutoDefault(True)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.details)
        text.addWidget(self.where)
        self.buttons = QBoxLayout(QBoxLayout.LeftToRight)
        for button in (self.open_button, self.counsel_button, self.show_button, self.delete_button, self.restore_button):
            self.buttons.addWidget(button, 0, Qt.AlignTop)
        self.buttons.addStretch(1)
        self.row = QBoxLayout(QBoxLayout.LeftToRight, self)
        self.row.setContentsMargins(12, 10, 10, 10)
        self.row.addLayout(text, 1)
        self.row.addLayout(self.buttons)
        self.setProperty("trashed", False)

    def arrange(self, narrow: bool) -> None:
        """Buttons beside the text, or under it when the page is narrow."""
        self.row.setDirection(QBoxLayout.TopToBottom if narrow else QBoxLayout.LeftToRight)

    def _show_in_folder(self) -> None:
        if not desktop.show_in_folder(self.record.path):
            self.details.setText(f"Could not open a file manager. The file is in {breakable(self.record.path.parent)}.")

    def set_trashed(self, trashed: Trashed | None) -> None:
        """Deleted: the row says so and offers Restore; restored: back as it was."""
        self.trashed = trashed
        deleted = trashed is not None
        title, details = describe(self.record)
        self.details.setText("Deleted. You can restore it until you close the app." if deleted else details)
        for button in (self.open_button, self.counsel_button, self.show_button, self.delete_button):
            button.setVisible(not deleted)
        self.restore_button.setVisible(deleted)
        self.setProperty("trashed", deleted)
        self.style().unpolish(self)
        self.style().polish(self)
        (self.restore_button if deleted else self.open_button).setFocus(Qt.OtherFocusReason)


class StartPage(AppPage):
    STACK_ROWS = 860  # below this width (logical pixels) each row's buttons go under its text
    new_requested = Signal()
    open_requested = Signal(str)  # a path
    counsel_requested = Signal(str)  # a path, to open in counsel review mode
    browse_requested = Signal()
    resume_requested = Signal()
    review_deleted = Signal(str)  # a path moved to the trash
    review_restored = Signal(str)  # the path it is back at

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = _label("Is your planned use of Claude on Bedrock safe under the terms?", "questionText")
        intro = _label(
            "Answer a short interview about each part of the Commercial Terms of Service that matters to a buyer. "
            "Every answer is saved as you go. At the end you get a PDF of the obligations, risks and open "
            "questions that follow from your answers, to hand to counsel. This is not legal advice.",
            "help",
        )
        self.resume_box = QFrame(objectName="resumeBox")
        self.resume_text = _label("", "resumeText")
        self.resume_button = QPushButton("Continue where you left off", objectName="resume")
        self.resume_button.setAccessibleName("Continue the unfinished review")
        self.resume_button.clicked.connect(self.resume_requested)
        resume_row = QHBoxLayout(self.resume_box)
        resume_row.addWidget(self.resume_text, 1)
        resume_row.addWidget(self.resume_button)
        self.resume_box.setVisible(False)

        self.new_button = QPushButton("Start a new review", objectName="newReview")
        self.new_button.setAccessibleName("Start a new review")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton("Open a file…", objectName="openFile")
        self.open_button.setAccessibleName("Open a saved review or a report PDF")
        self.open_button.clicked.connect(self.browse_requested)
        for button in (self.resume_button, self.new_button, self.open_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)

        self.list_heading = _label("Your reviews", "tableHeader")
        self.list_heading.setAccessibleName("Your reviews: in progress and recently used")
        self.empty = _label("Reviews you start or open are listed here.", "help")
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        self.rows: list[ReviewRow] = []
        self.data_dir: Path | None = None

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.resume_box)
        layout.addLayout(buttons)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.empty)
        layout.addLayout(self.list_box)
        layout.addStretch(1)
        self.scroll = self.fill_scrolled(inner, layout)
        self.setTabOrder(self.resume_button, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)

    # -- what the window calls ----------------------------------------------------
    def show_reviews(self, records: Sequence[ReviewRecord], data_dir: Path) -> None:
        """List the reviews (from catalog.list_reviews); deleted ones go to `data_dir`'s trash."""
        self.data_dir = Path(data_dir)
        clear_layout(self.list_box)
        self.rows = []
        for record in records:
            row = ReviewRow(record)
            row.open_requested.connect(self.open_requested)
            row.counsel_requested.connect(self.counsel_requested)
            row.delete_requested.connect(self._delete)
            row.restore_requested.connect(self._restore)
            row.arrange(self.stacked)
            self.rows.append(row)
            self.list_box.addWidget(row)
        self.empty.setVisible(not self.rows)
        before = self.open_button
        for row in self.rows:
            for button in (row.open_button, row.counsel_button, row.show_button, row.delete_button, row.restore_button):
                self.setTabOrder(before, button)
                before = button
        if not self.resume_box.isVisibleTo(self):
            self.new_button.setFocus(Qt.OtherFocusReason)

    def document_of(self, path: str) -> Path | None:
        """The review's own session file, for the row that opens `path` (Save writes it)."""
        return next((row.record.document for row in self.rows if str(row.record.path) == path), None)

    def show_resume(self, offer: Offer | None) -> None:
        """The box that offers to continue the last unfinished review (hidden with None)."""
        self.resume_box.setVisible(offer is not None)
        if offer is not None:
            name = f"“{offer.project}”" if offer.project else "without a project name yet"
            self.resume_text.setText(
                f"Your last review, {name}, is not finished: {offer.answered} answers, last saved {offer.saved_at}."
            )
        (self.resume_button if offer is not None else self.new_button).setFocus(Qt.OtherFocusReason)

    stacked = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        stacked = self.width() < self.STACK_ROWS
        if stacked != self.stacked:
            self.stacked = stacked
            for row in self.rows:
                row.arrange(stacked)

    def _delete(self, row: ReviewRow) -> None:
        title, _ = describe(row.record)
        box = QMessageBox(
            QMessageBox.Warning,
            "Delete this review?",
            f"Delete “{title}”?\n\n{row.record.path}\n\nYou can restore it until you close the app; then it is gone for good.",
            parent=self.window(),
        )
        box.setObjectName("confirmDelete")
        delete = box.addButton("Delete", QMessageBox.DestructiveRole)
        keep = box.addButton("Keep", QMessageBox.RejectRole)
        box.setDefaultButton(keep)  # Enter keeps: the safe choice
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not delete:
            return
        try:
            trashed = delete_review(row.record.path, self.data_dir or user_data_dir())
        except CatalogError as exc:
            QMessageBox.warning(self.window(), "Not deleted", str(exc))
            return
        row.set_trashed(trashed)
        self.review_deleted.emit(str(row.record.path))

    def _restore(self, row: ReviewRow) -> None:
        if row.trashed is None:
            return
        try:
            back = restore_review(row.trashed)
        except CatalogError as exc:
            QMessageBox.warning(self.window(), "Not restored", str(exc))
            return
        if back != row.record.path:
            row.record = replace(row.record, path=back)
            row.where.setText(files_text(row.record))
        row.set_trashed(None)
        self.review_restored.emit(str(back))
