"""Reviews over time in the window: Export ▸ Findings register, Compare with…, New review from this one.

A thin view: the register is `wizard.register` (through `wizard.export`), the
comparison `wizard.diff` with its text from `templates/compare.txt`, and a
continued review `wizard.continuation`. `add_review_actions()` is the whole
hook in the window's File menu.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wizard.ui.page_table import START

if TYPE_CHECKING:
    from wizard.diff import ReviewDiff
    from wizard.ui.main_window import MainWindow

REGISTER_FILTERS = "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"


class CompareDialog(QDialog):
    """The comparison of two reviews, as `bedrock-wizard diff` prints it, to read and copy."""

    def __init__(self, diff: ReviewDiff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare reviews")
        self.diff = diff
        summary = QLabel(
            "No changes."
            if diff.empty
            else f"{len(diff.answers)} answer(s) and "
            f"{len(diff.findings_added) + len(diff.findings_removed) + len(diff.findings_changed)} finding(s) differ.",
            objectName="compareSummary",
        )
        self.text = QPlainTextEdit(objectName="compareText", readOnly=True)
        self.text.setAccessibleName("What changed between the two reviews")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        from wizard.diff import render_text

        self.text.setPlainText(render_text(diff))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)


def add_review_actions(window: MainWindow, menu: QMenu) -> None:
    """File ▸ Export ▸ Findings register…, File ▸ Compare with…, File ▸ New review from this one."""
    export = menu.addMenu("E&xport")
    export.addAction(QAction("&Findings register (XLSX, CSV)…", window, triggered=lambda: export_register(window)))
    compare = QAction("Co&mpare with…", window, triggered=lambda: compare_with(window))
    again = QAction("New review from &this one", window, triggered=lambda: continue_current(window))
    menu.addAction(compare)
    menu.addAction(again)

    def enable() -> None:  # a review must be open to compare or continue it
        for act in (compare, again):
            act.setEnabled(window.view != START)

    menu.aboutToShow.connect(enable)


def export_register(window: MainWindow) -> Path | None:
    """The register of the open review, or of every review in the data folder (on the start screen, or if chosen)."""
    from wizard.catalog import reviews_of
    from wizard.export import ExportError, write_register
    from wizard.session import SessionError
    from wizard.workspace import read_review

    current = [window.review.session] if window.view != START else []
    sessions = current
    if current:
        ask = QMessageBox(QMessageBox.Question, "Findings register", "Export the findings of this review, or of every review?")
        this = ask.addButton("This review", QMessageBox.AcceptRole)
        every = ask.addButton("All reviews", QMessageBox.AcceptRole)
        ask.addButton(QMessageBox.Cancel)
        ask.setParent(window, ask.windowFlags())
        ask.exec()
        if ask.clickedButton() not in (this, every):
            return None
        if ask.clickedButton() is every:
            sessions = []
    try:
        if not sessions:  # every review in the data folder, and the open one where it has no autosave there yet
            sessions = [read_review(r.path) for r in reviews_of(window.flowset, window.data_dir, read_reports=True) if r.readable]
            sessions += [s for s in current if s.id not in {k.id for k in sessions}]
    except SessionError as exc:
        QMessageBox.warning(window, "Findings register", str(exc))
        return None
    if not sessions:
        QMessageBox.information(window, "Findings register", "There are no reviews to export yet.")
        return None
    start = str((window.document.parent if window.document else Path.home()) / "findings-register.xlsx")
    chosen, chosen_filter = QFileDialog.getSaveFileName(window, "Export the findings register", start, REGISTER_FILTERS)
    if not chosen:
        return None
    target = register_target(chosen, chosen_filter)
    QApplication.setOverrideCursor(Qt.WaitCursor)  # a register of many reviews takes a second or two
    try:
        write_register(window.flowset, sessions, target.suffix.lower()[1:], target)
    except ExportError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "Findings register not written", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Findings register written: {target}", 10_000)
    return target


def register_target(chosen: str, chosen_filter: str) -> Path:
    """The file to write: its own .xlsx or .csv ending decides the format, else the filter chosen adds one."""
    lower = chosen.lower()
    if lower.endswith((".xlsx", ".csv")):
        return Path(chosen)
    return Path(f"{chosen}.csv" if "csv" in chosen_filter.lower() else f"{chosen}.xlsx")


def compare_with(window: MainWindow, path: Path | None = None) -> CompareDialog | None:
    """Compare an earlier review (a session or report PDF) with the open one, in a dialog."""
    from wizard.diff import compare
    from wizard.session import SessionError
    from wizard.workspace import read_review

    if window.view == START:
        return None
    if path is None:
        start = str(window.document.parent if window.document else window.data_dir)
        kinds = "Reviews and reports (*.json *.pdf)"
        chosen, _ = QFileDialog.getOpenFileName(window, "Compare with an earlier review", start, kinds)
        if not chosen:
            return None
        path = Path(chosen)
    try:
        earlier = read_review(path)
    except SessionError as exc:
        QMessageBox.warning(window, "Cannot compare", str(exc))
        return None
    dialog = CompareDialog(compare(window.flowset, earlier, window.review.session), window)
    dialog.open()
    return dialog


def continue_current(window: MainWindow) -> bool:
    """Start a new review from the open one: its answers, linked to it; the window then shows the new review.

    The new review is written as its own autosave first and opened like any
    autosave, so the window's usual steps (save prompt, lock) apply.
    """
    from wizard.session import SessionError
    from wizard.workspace import start_continuation

    if window.view == START or not window.maybe_save():
        return False
    try:
        target = start_continuation(window.flowset, window.data_dir, window.review.session)
    except SessionError as exc:
        QMessageBox.warning(window, "New review not started", str(exc))
        return False
    if not window.open_file(target):
        return False
    window.statusBar().showMessage("New review started from the earlier one: its answers are copied; check each part.", 15_000)
    return True
