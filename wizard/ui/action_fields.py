"""Owners and due dates of a review's action items, one row each (review page and counsel mode).

Each row is an obligation, recommendation, counsel's condition or a risk to
reduce (`wizard.counsel_view.ActionItem`): what to do, then who does it and by
when. Leaving a field asks the window to save it (`changed`), which it does
through `Review.set_action`; a date the core refuses is shown under its row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wizard.counsel import MAX_NAME, Action
from wizard.counsel_view import ActionItem
from wizard.ui.date_field import DateField
from wizard.ui.entry_fields import keyed
from wizard.ui.layouts import clear_layout


def _plain(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=True)
    label.setTextFormat(Qt.PlainText)
    return label


class ActionRow(QWidget):
    """One action item: its title, an owner field and a due-date field."""

    def __init__(self, item: ActionItem, where: str) -> None:
        super().__init__(objectName="actionRow")
        self.item = item
        title = item.title if not where else f"{item.title} ({where})"
        self.title = _plain(title, "actionTitle")
        self.owner = keyed(QLineEdit(item.owner, objectName="actionOwner"), f"owner:{item.id}")
        self.owner.setPlaceholderText("Owner")
        self.owner.setMaxLength(MAX_NAME)
        self.owner.setAccessibleName(f"Owner of: {item.title}")
        self.due = keyed(DateField(item.due, empty="No due date"), f"due:{item.id}")
        self.due.setObjectName("actionDue")
        self.due.setAccessibleName(f"Due date of: {item.title} (YYYY-MM-DD; Delete: no due date)")
        self.problem = _plain("", "fieldProblem")
        self.problem.setVisible(False)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(8)
        grid.addWidget(self.title, 0, 0, 1, 2)
        grid.addWidget(self.owner, 1, 0)
        grid.addWidget(self.due, 1, 1)
        grid.addWidget(self.problem, 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    def values(self) -> tuple[str, str]:
        return self.owner.text().strip(), self.due.text().strip()

    def unsaved(self) -> bool:
        return self.values() != (self.item.owner, self.item.due)


class ActionsBox(QFrame):
    """Every action item of the review with its owner and due date."""

    changed = Signal(str, str, str)  # finding id, owner, due date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="actionsBox")
        self.heading = _plain("Action items: who does what, by when", "groupHeading")
        self.intro = _plain(
            "Give each action an owner and a due date (pick it from the calendar or type YYYY-MM-DD; Delete "
            "clears it); they are saved as you leave each field and shown in the report's checklists.",
            "help",
        )
        self.empty = _plain("No action items follow from the answers so far.", "help")
        self.list = QVBoxLayout()
        self.list.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addLayout(self.list)
        self.rows: dict[str, ActionRow] = {}
        self._shown: tuple[tuple[str, str], ...] = ()

    def show_actions(self, items: Sequence[ActionItem], parts: dict[str, str] | None = None) -> None:
        """List `items` (rebuilt only when the list itself changes; saved values are refreshed in place)."""
        parts = parts or {}
        shape = tuple((i.id, i.title) for i in items)
        if shape != self._shown:
            self._shown = shape
            clear_layout(self.list)
            self.rows = {}
            for item in items:
                row = ActionRow(item, parts.get(item.part, ""))
                row.owner.editingFinished.connect(lambda r=row: self._left(r))
                row.due.editingFinished.connect(lambda r=row: self._left(r))
                self.rows[item.id] = row
                self.list.addWidget(row)
        else:
            for item in items:
                row = self.rows[item.id]
                row.item = item
                for field, value in ((row.owner, item.owner), (row.due, item.due)):
                    if not field.hasFocus() and field.text() != value:
                        field.setText(value)
        self.empty.setVisible(not items)

    def apply(self, ids: Iterable[str], saved: Mapping[str, Action]) -> bool:
        """Redraw only the rows of `ids` from the saved owners and dates; False if one is not listed here."""
        rows = [self.rows.get(i) for i in ids]
        if any(row is None for row in rows):
            return False
        for row in rows:
            assert row is not None
            kept = saved.get(row.item.id, Action())
            row.item = replace(row.item, owner=kept.owner, due=kept.due)
            for field, value in ((row.owner, kept.owner), (row.due, kept.due)):
                if not field.hasFocus() and field.text() != value:
                    field.setText(value)
        return True

    def controls(self) -> list[QWidget]:
        """The fields in reading order, for the page's Tab order."""
        return [w for row in self.rows.values() for w in (row.owner, row.due)]

    def show_problem(self, finding_id: str, message: str) -> bool:
        row = self.rows.get(finding_id)
        if row is None:
            return False
        row.problem.setText(message)
        row.problem.setVisible(bool(message))
        return True

    def flush(self) -> None:
        """Save the row being typed in now (before a save or close)."""
        for row in self.rows.values():
            if row.unsaved():
                self.changed.emit(row.item.id, *row.values())

    def _left(self, row: ActionRow) -> None:
        if row.unsaved():  # after the focus has moved: saving may rebuild the page
            QTimer.singleShot(0, lambda: self._save(row))

    def _save(self, row: ActionRow) -> None:
        try:
            if row.unsaved():
                self.changed.emit(row.item.id, *row.values())
        except RuntimeError:  # the row went with a rebuild in between; its values were flushed or shown again
            return
