"""The first screen: start a review, continue one, or open any review in progress or recently used.

The list comes from `wizard.catalog` as plain records; each row has Open, Show in
folder and Delete. Delete asks first (Keep is the default) and leaves the row
in place with Restore, until the app closes and empties the trash.

Over the list, the portfolio (`wizard.portfolio`, through `start_portfolio`):
search, filters, sort, each review's next due action, and how many actions and
reviews are past their date. The rows are drawn from the records at once; the
portfolio's entries arrive after the first paint (`fill_portfolio`), so a long
list never delays the first screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QResizeEvent
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
from wizard.paths import user_data_dir
from wizard.ui.layouts import AppPage, breakable

if TYPE_CHECKING:  # the reviews are read just after the first paint: their modules come with them
    from wizard.catalog import ReviewRecord, Trashed
    from wizard.portfolio import PortfolioEntry
    from wizard.ui.start_portfolio import PortfolioBar


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
    from wizard.moments import minute_text

    when = minute_text(record.changed)
    if not record.readable:
        return record.path.name, f"Cannot be read: {record.problem}"
    if record.state == "report PDF":
        return record.path.name, f"Report PDF (opens the review inside it) · {when}"
    title = isolate(record.project) or "Review without a project name yet"
    details = f"Reached: {record.part} · last change {when} · {record.state}"
    details += f"\nCounsel's decision: {record.decision}" if record.decision else ""
    return title, details + (f" · review by {record.review_by}" if record.review_by else "")


def next_due_text(entry: PortfolioEntry, today: date) -> str:
    """The next-due column: the action due soonest (its title, owner, date), and what is past its date."""
    lines = []
    action = entry.next_action
    if action is None:
        lines.append("No action with a due date")
    else:
        late = action.due < today.isoformat()
        who = isolate(action.owner) or "No owner yet"
        lines += [isolate(action.title), f"{who} · due {action.due}" + (" · overdue" if late else "")]
        more = len(entry.overdue_actions(today)) - late
        if more > 0:
            lines.append(f"and {more} more past the due date")
    if entry.review_overdue(today):
        lines.append(f"Review-by date {entry.review_by} has passed")
    return "\n".join(lines)


def files_text(record: ReviewRecord) -> str:
    """The review's files, one a line, an autosave by what it is (never its raw name)."""
    from wizard.catalog import ReviewFile

    files = record.files or (ReviewFile(record.path, record.kind, record.changed),)
    return "\n".join(breakable(f.shown) for f in files)


class _Body(QWidget):
    """The list's scrolled body; says when it has been painted (the portfolio is filled after that)."""

    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        self.painted.emit()


class ReviewRow(QFrame):
    """One review: what it is, how far it got, and its buttons."""

    NEXT_WIDTH = 250  # logical pixels: the next-due column beside the text
    open_requested = Signal(str)
    counsel_requested = Signal(str)
    delete_requested = Signal(object)  # the row
    restore_requested = Signal(object)  # the row
    step_requested = Signal(object, int)  # the row, -1 or +1: Up or Down to the row before or after it

    def __init__(self, record: ReviewRecord) -> None:
        from wizard.portfolio import record_entry

        super().__init__(objectName="reviewRow")
        self.record = record
        self.entry = record_entry(record)
        self.trashed: Trashed | None = None
        title, details = describe(record)
        self.title = _label(title, "reviewTitle")
        self.details = _label(details, "reviewDetails")
        self.where = _label(files_text(record), "reviewPath")
        self.where.setToolTip(str(record.path))
        self.next_caption = _label("Next due action", "nextDueCaption")
        self.next_due = _label("", "nextDue")
        self.next_box = QVBoxLayout()
        self.next_box.setSpacing(2)
        self.next_box.addWidget(self.next_caption)
        self.next_box.addWidget(self.next_due)
        self.next_box.addStretch(1)
        for label in (self.next_caption, self.next_due):
            label.setFixedWidth(self.NEXT_WIDTH)
            label.setVisible(False)
        self.setFocusPolicy(Qt.StrongFocus)  # a Tab stop: Enter opens the review, Up and Down move along the list
        self.setAccessibleName(title)
        self.setAccessibleDescription(details)
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
        self.top = QBoxLayout(QBoxLayout.LeftToRight)  # the text and the next-due column
        self.top.setSpacing(16)
        self.top.addLayout(text, 1)
        self.top.addLayout(self.next_box)
        self.row = QBoxLayout(QBoxLayout.LeftToRight, self)
        self.row.setContentsMargins(12, 10, 10, 10)
        self.row.addLayout(self.top, 1)
        self.row.addLayout(self.buttons)
        self.setProperty("trashed", False)

    def set_entry(self, entry: PortfolioEntry, today: date | None) -> None:
        """The review's portfolio entry; with `today`, the next-due column shows it (None: not known yet)."""
        self.entry = entry
        shown = today is not None and self.record.readable
        text = next_due_text(entry, today) if shown else ""
        self.next_due.setText(text)
        for label in (self.next_caption, self.next_due):
            label.setVisible(shown)
        self.setAccessibleDescription("\n".join(filter(None, (self.details.text(), f"Next due action: {text}" if text else ""))))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.trashed is None:
            if self.record.readable:
                self.open_requested.emit(str(self.record.path))
            return
        if event.key() in (Qt.Key_Up, Qt.Key_Down):
            self.step_requested.emit(self, -1 if event.key() == Qt.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self.record.readable and self.trashed is None:
            self.open_requested.emit(str(self.record.path))
        super().mouseDoubleClickEvent(event)

    def arrange(self, narrow: bool, wide: bool = True) -> None:
        """Buttons beside the text on a wide page, else under it; the next-due column beside the text unless narrow."""
        self.row.setDirection(QBoxLayout.LeftToRight if wide and not narrow else QBoxLayout.TopToBottom)
        self.top.setDirection(QBoxLayout.TopToBottom if narrow else QBoxLayout.LeftToRight)
        for label in (self.next_caption, self.next_due):  # stacked: the column takes the row's width
            if narrow:
                label.setMinimumWidth(0)
                label.setMaximumWidth(16_777_215)
            else:
                label.setFixedWidth(self.NEXT_WIDTH)

    def _show_in_folder(self) -> None:
        from wizard.ui import desktop  # with `subprocess`: not needed for the first paint

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
    STACK_ROWS = 700  # below this width (logical pixels) each row is one column: text, next due action, buttons
    WIDE_ROWS = 1180  # from this width each row's buttons sit beside its text and next due action, else under them
    ONE_LINE_FILTERS = 900  # from this width the five filter and sort lists fit on one line, else two to a line
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
        self._bar: PortfolioBar | None = None  # made when the reviews are first listed, after the first paint
        self._bar_slot = QVBoxLayout()
        self._bar_slot.setContentsMargins(0, 0, 0, 0)
        self.showing = _label("", "help")
        self.no_match = QFrame(objectName="noMatch")
        self.no_match_text = _label("", "noMatchText")
        self.clear_button = QPushButton("Show all reviews", objectName="clearFilters")
        self.clear_button.setAccessibleName("Clear the search and filters and show all reviews")
        self.clear_button.setAutoDefault(True)
        self.clear_button.clicked.connect(lambda: self.bar.clear())
        no_match_row = QHBoxLayout(self.no_match)
        no_match_row.setContentsMargins(0, 0, 0, 0)
        no_match_row.addWidget(self.no_match_text, 1)
        no_match_row.addWidget(self.clear_button, 0, Qt.AlignTop)
        self.no_match.setVisible(False)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        self.rows: list[ReviewRow] = []
        self.shown_rows: list[ReviewRow] = []
        self.data_dir: Path | None = None
        self.today: date | None = None  # the portfolio's day; None until its entries are in
        self._pending: Callable[[], None] | None = None  # the portfolio to fill after the next paint
        self._listed = 0  # counts the lists shown: a fill for an earlier list is dropped

        inner = _Body()
        inner.painted.connect(self._painted)
        layout = QVBoxLayout(inner)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.resume_box)
        layout.addLayout(buttons)
        layout.addWidget(self.list_heading)
        layout.addLayout(self._bar_slot)
        layout.addWidget(self.showing)
        layout.addWidget(self.empty)
        layout.addWidget(self.no_match)
        layout.addLayout(self.list_box)
        layout.addStretch(1)
        self.scroll = self.fill_scrolled(inner, layout)
        self.setTabOrder(self.resume_button, self.new_button)
        self.setTabOrder(self.new_button, self.open_button)

    @property
    def bar(self) -> PortfolioBar:
        """The search, filters and sort over the list: made on first use (listing the reviews), not for the first paint."""
        if self._bar is None:
            from wizard.ui.start_portfolio import PortfolioBar

            self._bar = PortfolioBar()
            self._bar.changed.connect(self._apply)
            self._bar.first_row_requested.connect(self._focus_first_row)
            self._bar.setVisible(False)
            self._bar.arrange(self.width() < self.ONE_LINE_FILTERS)
            self._bar_slot.addWidget(self._bar)
        return self._bar

    # -- what the window calls ----------------------------------------------------
    def show_reviews(self, records: Sequence[ReviewRecord], data_dir: Path) -> None:
        """List the reviews (from catalog.list_reviews); deleted ones go to `data_dir`'s trash.

        The search, filters and sort chosen stay; until `show_portfolio` the
        rows carry what their records say (no decision, no next due action).
        """
        self.data_dir = Path(data_dir)
        for row in self.rows:
            self.list_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows, self.today, self._pending = [], None, None
        self._listed += 1
        for record in records:
            row = ReviewRow(record)
            row.setParent(self.scroll.widget())  # a row the filters leave out is never a window of its own
            row.open_requested.connect(self.open_requested)
            row.counsel_requested.connect(self.counsel_requested)
            row.delete_requested.connect(self._delete)
            row.restore_requested.connect(self._restore)
            row.step_requested.connect(self._step)
            row.arrange(self.stacked, self.wide)
            self.rows.append(row)
        self.bar.set_choices([r.entry for r in self.rows])
        self._apply()
        if not self.resume_box.isVisibleTo(self):
            self.new_button.setFocus(Qt.OtherFocusReason)

    def show_portfolio(self, entries: Sequence[PortfolioEntry], today: date) -> None:
        """The portfolio's entries (`wizard.portfolio.portfolio` over the listed records) as of `today`."""
        self.today = today
        by_path = {e.path: e for e in entries}
        for row in self.rows:
            row.set_entry(by_path.get(row.record.path, row.entry), today)
        current = [r.entry for r in self.rows]
        self.bar.set_choices(current)
        self.bar.set_overdue(current, today)
        self._apply()

    def fill_portfolio(self, build: Callable[[], Sequence[PortfolioEntry]], today: date) -> None:
        """`show_portfolio(build(), today)` once the list has been painted, so building never delays the first screen."""
        if not self.rows:
            self.show_portfolio([], today)
            return
        listed = self._listed
        self._pending = lambda: listed == self._listed and self.show_portfolio(build(), today)
        self.scroll.widget().update()

    def _painted(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            QTimer.singleShot(0, self, pending)  # after this paint; dropped if the page is gone by then

    def _apply(self) -> None:
        """Show the rows the search and filters keep, in the order chosen; the empty states say why."""
        by_entry = {id(row.entry): row for row in self.rows}  # a restored review's path may have changed
        self.shown_rows = [by_entry[id(e)] for e in self.bar.shown([r.entry for r in self.rows])]
        for row in self.rows:
            self.list_box.removeWidget(row)
        for row in self.shown_rows:
            self.list_box.addWidget(row)
            row.setVisible(True)
        for row in set(self.rows) - set(self.shown_rows):
            row.setVisible(False)
        filtering = self.bar.filtering()
        self.empty.setVisible(not self.rows)
        self.bar.setVisible(bool(self.rows))
        self.no_match.setVisible(bool(self.rows) and not self.shown_rows)
        self.no_match_text.setText(self.bar.no_match_text())
        count = f"Showing {len(self.shown_rows)} of {len(self.rows)} reviews."
        self.showing.setText(count if filtering and self.shown_rows else "")
        self.showing.setVisible(filtering and bool(self.shown_rows))
        self._tab_order()

    def _tab_order(self) -> None:
        before: QWidget = self.open_button
        chain = [*self.bar.focus_chain(), self.clear_button]
        for row in self.shown_rows:
            chain += [row, row.open_button, row.counsel_button, row.show_button, row.delete_button, row.restore_button]
        for widget in chain:
            self.setTabOrder(before, widget)
            before = widget

    def _focus_first_row(self) -> None:
        if self.shown_rows:
            self.shown_rows[0].setFocus(Qt.TabFocusReason)

    def _step(self, row: ReviewRow, step: int) -> None:
        if row not in self.shown_rows:
            return
        at = self.shown_rows.index(row) + step
        if 0 <= at < len(self.shown_rows):
            self.shown_rows[at].setFocus(Qt.TabFocusReason)
        elif at < 0:
            self.bar.search.setFocus(Qt.TabFocusReason)

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
    wide = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._bar is not None:
            self._bar.arrange(self.width() < self.ONE_LINE_FILTERS)
        stacked, wide = self.width() < self.STACK_ROWS, self.width() >= self.WIDE_ROWS
        if (stacked, wide) != (self.stacked, self.wide):
            self.stacked, self.wide = stacked, wide
            for row in self.rows:
                row.arrange(stacked, wide)

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
        from wizard.catalog import CatalogError, delete_review

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
        from wizard.catalog import CatalogError, restore_review

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
