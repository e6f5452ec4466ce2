"""What the review page shows of counsel's answer: the decision, Copy summary, and owners and dates.

One widget, added to the review page in one place and filled by the window
from the counsel view (`wizard.counsel_view`), so the page itself only lays
out procurement's answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.counsel_view import CounselView
from wizard.ui.action_fields import ActionsBox


def _plain(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=True)
    label.setTextFormat(Qt.PlainText)
    return label


class ReviewCounselPanel(QFrame):
    """Counsel's decision (or "preliminary"), the Copy summary button, and the action items' owners and dates."""

    copy_requested = Signal()
    action_changed = Signal(str, str, str)  # finding id, owner, due date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="reviewCounsel")
        self.decision = _plain("", "counselDecision")
        self.decision.setAccessibleName("Counsel's decision on this review")
        self.copy = QPushButton("Copy summary", objectName="copySummary")
        self.copy.setAccessibleName("Copy a one-paragraph summary for e-mail to the clipboard")
        self.copy.setAutoDefault(True)
        self.copy.clicked.connect(self.copy_requested)
        self.status = _plain("", "copyStatus")
        self.actions = ActionsBox()
        self.actions.changed.connect(self.action_changed)
        row = QHBoxLayout()
        row.addWidget(self.copy)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.decision)
        layout.addLayout(row)
        layout.addWidget(self.actions)

    def show_counsel(self, view: CounselView) -> None:
        self.decision.setText(view.cover_line)
        self.decision.setProperty("state", view.cover_state)
        parts = {t.term.flow.id: t.term.heading for t in view.terms}
        self.actions.show_actions(view.actions, parts)

    def controls(self) -> list[QWidget]:
        """The panel's controls in reading order, for the review page's Tab order."""
        return [self.copy, *self.actions.controls()]

    def say(self, message: str) -> None:
        self.status.setText(message)
