"""The first screen: start a review, continue an unfinished one, or open a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.ui.layouts import AppPage
from wizard.ui.memory import Resumable, describe


class StartPage(AppPage):
    new_requested = Signal()
    open_requested = Signal(str)  # a path
    browse_requested = Signal()
    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Is your planned use of Claude on Bedrock safe under the terms?", objectName="questionText",
                       wordWrap=True)
        intro = QLabel(
            "Answer a short interview for each of the six parts of the Commercial Terms of Service that matter to "
            "a buyer. Every answer is saved as you go. At the end you get a PDF of the obligations, risks and open "
            "questions that follow from your answers, to hand to counsel. This is not legal advice.",
            objectName="help", wordWrap=True,
        )
        self.resume_box = QFrame(objectName="resumeBox")
        self.resume_text = QLabel(wordWrap=True, objectName="resumeText")
        self.resume_text.setTextFormat(Qt.PlainText)
        self.resume_button = QPushButton("Continue where you left off", objectName="resume")
        self.resume_button.setAccessibleName("Continue the unfinished review")
        self.resume_button.clicked.connect(self.resume_requested)
        resume_row = QHBoxLayout(self.resume_box)
        resume_row.addWidget(self.resume_text, 1)
        resume_row.addWidget(self.resume_button)

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

        self.recent_label = QLabel("Recent files", objectName="tableHeader")
        self.recent = QListWidget(objectName="recent")
        self.recent.setAccessibleName("Recent files")
        self.recent.itemActivated.connect(self._open_item)
        self.recent_label.setBuddy(self.recent)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.resume_box)
        layout.addLayout(buttons)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        layout.addStretch(1)
        self.setTabOrder(self.resume_button, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.recent)

    def show_choices(self, recent: list[Path], resumable: Resumable | None) -> None:
        self.resume_box.setVisible(resumable is not None)
        if resumable is not None:
            name = f"“{resumable.project}”" if resumable.project else "without a project name yet"
            self.resume_text.setText(
                f"Your last review, {name}, is not finished: {resumable.answered} answers, "
                f"last saved {resumable.saved_at}."
            )
        self.recent.clear()
        for path in recent:
            item = QListWidgetItem(describe(path))
            item.setData(Qt.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(recent))
        self.recent.setVisible(bool(recent))
        rows = sum(self.recent.sizeHintForRow(i) for i in range(self.recent.count()))
        self.recent.setFixedHeight(min(rows + 2 * self.recent.frameWidth() + 4, 420))
        (self.resume_button if resumable else self.new_button).setFocus(Qt.OtherFocusReason)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.UserRole))
