"""The start screen's portfolio controls: search, filters, sort, and what is overdue (a count and a filter).

A thin view over `wizard.portfolio`: every count, filter and order is the
core's, so the window and the core always agree. The choices are widgets of
the one start page, so they stay as chosen while the app runs (the list is
rebuilt each time the start page is shown; the choices are not).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.portfolio import Overdue, PortfolioEntry, overdue, search, select, sort_entries
from wizard.ui.popups import ChoiceBox, fit_popup

# (sort key, newest or highest first, what the list says)
SORTS = (
    ("changed", True, "Last change, newest first"),
    ("project", False, "Project, A to Z"),
    ("state", False, "State"),
    ("decision", False, "Counsel's decision"),
    ("review_by", False, "Review-by date, soonest first"),
    ("next_due", False, "Next due action, soonest first"),
)
STATE_LABELS = {
    "in progress": "In progress",
    "finished": "Finished",
    "report PDF": "Report PDF",
    "cannot be read": "Cannot be read",
}
# Days from today a date must fall before: 0 is "already passed".
REVIEW_BY = ((None, "Any date"), (0, "Passed"), (31, "Within 30 days (or passed)"), (91, "Within 90 days (or passed)"))
ACTIONS = ((None, "Any"), (0, "One past its due date"), (31, "One due within 30 days (or past)"))
NO_DECISION = ""


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def overdue_text(counts: Overdue) -> str:
    """The start screen's line: how many actions are past their due date, how many reviews past their review-by date."""
    parts = []
    if counts.actions:
        verb = "is" if counts.actions == 1 else "are"
        parts.append(f"{plural(counts.actions, 'action', 'actions')} {verb} past the due date")
    if counts.reviews:
        verb = "is" if counts.reviews == 1 else "are"
        parts.append(f"{plural(counts.reviews, 'review', 'reviews')} {verb} past the review-by date")
    return " and ".join(parts) + "." if parts else ""


def _combo(name: str, accessible: str) -> QComboBox:
    combo = ChoiceBox(objectName=name)
    combo.setAccessibleName(accessible)
    combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)  # shrinks with the page
    combo.setMinimumContentsLength(6)  # the pop-up still shows each choice in full (fit_popup)
    return combo


def _fill(combo: QComboBox, items: Sequence[tuple[object, str]]) -> None:
    """Replace the items, keeping the chosen one (by its data) when it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for data, label in items:
        combo.addItem(label, data)
    index = combo.findData(chosen)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    fit_popup(combo)


class PortfolioBar(QWidget):
    """Search box, filters and sort over the reviews, and the overdue notice with its filter."""

    changed = Signal()
    first_row_requested = Signal()  # Enter or Down in the search box: into the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(objectName="reviewSearch", placeholderText="Search by project, preparer or use case")
        self.search.setAccessibleName("Search reviews by project, preparer or use case")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.changed)
        self.search.returnPressed.connect(self.first_row_requested)
        self.search.installEventFilter(self)
        self.state = _combo("stateFilter", "Show reviews in this state")
        self.decision = _combo("decisionFilter", "Show reviews with this decision by counsel")
        self.review_by = _combo("reviewByFilter", "Show reviews whose review-by date is")
        self.actions = _combo("actionFilter", "Show reviews with an action")
        self.sort = _combo("reviewSort", "Sort the reviews by")
        _fill(self.review_by, REVIEW_BY)
        _fill(self.actions, ACTIONS)
        _fill(self.sort, [(i, label) for i, (_, _, label) in enumerate(SORTS)])
        self.sort.setMinimumContentsLength(22)  # the order chosen reads in full
        self.controls = (self.state, self.decision, self.review_by, self.actions, self.sort)
        for combo in self.controls:
            combo.currentIndexChanged.connect(self.changed)
        self.set_choices([])

        self.notice = QFrame(objectName="overdueBox")
        self.notice_text = QLabel(objectName="overdueText", wordWrap=True)
        self.notice_text.setTextFormat(Qt.PlainText)
        self.attention = QPushButton("Show only these reviews", objectName="overdueFilter", checkable=True)
        self.attention.setAccessibleName("Show only the reviews with an action or review-by date passed")
        self.attention.setAutoDefault(True)
        self.attention.toggled.connect(self._attention_toggled)
        row = QHBoxLayout(self.notice)
        row.addWidget(self.notice_text, 1)
        row.addWidget(self.attention, 0, Qt.AlignVCenter)
        self.notice.setVisible(False)

        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.captions = [
            QLabel(text, objectName="filterCaption")
            for text in ("State", "Counsel's decision", "Review-by date", "Actions", "Sort by")
        ]
        for caption, combo in zip(self.captions, self.controls, strict=True):
            caption.setBuddy(combo)
        self.arrange(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.notice)
        layout.addWidget(self.search)
        layout.addLayout(self.grid)
        self.today = date.today()
        self.counts = Overdue(0, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.search and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Down:
            self.first_row_requested.emit()
            return True
        return super().eventFilter(watched, event)

    narrow: bool | None = None

    def arrange(self, narrow: bool) -> None:
        """Captions over their lists: all in one row, or two to a row on a narrow page."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        per_row = 2 if narrow else len(self.controls)
        for widget in (*self.captions, *self.controls):
            self.grid.removeWidget(widget)
        for i, (caption, combo) in enumerate(zip(self.captions, self.controls, strict=True)):
            line, col = divmod(i, per_row)
            self.grid.addWidget(caption, 2 * line, col)
            self.grid.addWidget(combo, 2 * line + 1, col)
        for col in range(len(self.controls)):
            self.grid.setColumnStretch(col, 0 if col >= per_row else 2 if col == per_row - 1 else 1)

    def focus_chain(self) -> list[QWidget]:
        """The bar's controls in Tab order."""
        return [self.attention, self.search, *self.controls]

    # -- filling -----------------------------------------------------------------
    def set_choices(self, entries: Sequence[PortfolioEntry]) -> None:
        """The states and decisions the reviews have, as filter choices (a chosen one stays while it is chosen)."""
        states = sorted({e.state for e in entries} | ({self.state.currentData()} - {None}), key=list(STATE_LABELS).index)
        _fill(self.state, [(None, "All states"), *((s, STATE_LABELS[s]) for s in states)])
        labels = {e.decision: e.decision_label for e in entries if e.decision}
        chosen = self.decision.currentData()
        if chosen and chosen not in labels:
            labels[chosen] = self.decision.currentText()
        decisions = sorted(labels.items(), key=lambda d: d[1].casefold())
        _fill(self.decision, [(None, "Any decision"), (NO_DECISION, "No decision yet"), *decisions])

    def set_overdue(self, entries: Sequence[PortfolioEntry], today: date) -> None:
        """The count of what is past its date, shown with its filter only when there is something."""
        self.today = today
        self.counts = overdue(entries, today)
        text = overdue_text(self.counts)
        self.notice_text.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(self.counts.any or self.attention.isChecked())
        if not self.counts.any and self.attention.isChecked():
            self.notice_text.setText("Nothing is past its date now.")

    # -- what to show ----------------------------------------------------------
    def shown(self, entries: Sequence[PortfolioEntry]) -> list[PortfolioEntry]:
        """The entries to list, in order: searched, filtered and sorted by the core."""
        found = search(entries, self.search.text())
        found = select(
            found,
            self.today,
            state=self.state.currentData(),
            decision=self.decision.currentData(),
            overdue=self.attention.isChecked(),
            review_by_before=self._before(self.review_by),
            action_due_before=self._before(self.actions),
        )
        key, descending, _ = SORTS[self.sort.currentData() or 0]
        return sort_entries(found, key, descending)

    def _before(self, combo: QComboBox) -> date | None:
        days = combo.currentData()
        return None if days is None else self.today + timedelta(days=days)

    def filtering(self) -> bool:
        """Whether anything narrows the list (search text, a filter, or only what is overdue)."""
        return bool(self.search.text().strip()) or self._filters_on()

    def _filters_on(self) -> bool:
        return self.attention.isChecked() or any(c.currentIndex() > 0 for c in self.controls if c is not self.sort)

    def no_match_text(self) -> str:
        """The empty list's line: what was searched for and that filters are on."""
        text = " ".join(self.search.text().split())
        filters = self._filters_on()
        if text and filters:
            return f"No review matches “{text}” with the filters chosen."
        if text:
            return f"No review matches “{text}”."
        return "No review matches the filters chosen."

    def clear(self) -> None:
        """Back to every review: no search text, no filter (the sort stays)."""
        for widget in (self.search, *self.controls, self.attention):
            widget.blockSignals(True)
        self.search.clear()
        for combo in self.controls:
            if combo is not self.sort:
                combo.setCurrentIndex(0)
        self.attention.setChecked(False)
        self._attention_toggled(False, emit=False)
        for widget in (self.search, *self.controls, self.attention):
            widget.blockSignals(False)
        self.changed.emit()

    def _attention_toggled(self, on: bool, emit: bool = True) -> None:
        self.attention.setText("Show all reviews" if on else "Show only these reviews")
        self.attention.setAccessibleName(
            "Show all reviews again" if on else "Show only the reviews with an action or review-by date passed"
        )
        if emit:
            self.changed.emit()
