"""The report step: where to save the PDF, the paper, the button that writes it, then open, print, show it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.bidi import isolate
from wizard.findings import Findings
from wizard.printing import PrintError
from wizard.report import default_paper
from wizard.ui import desktop
from wizard.ui.layouts import AppPage, breakable
from wizard.ui.pdf_preview import PdfPreview, print_pdf
from wizard.ui.popups import ChoiceBox, fit_popup


class FinishPage(AppPage):
    """The report controls; rendering itself happens in the window's worker thread."""

    render_requested = Signal(str, str)  # path, paper
    copy_summary_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Create the report for counsel", objectName="questionText")
        self.intro = QLabel(wordWrap=True, objectName="help")
        self.intro.setTextFormat(Qt.PlainText)
        self.summary = QLabel(wordWrap=True, objectName="reportSummary")
        self.summary.setTextFormat(Qt.PlainText)
        self.path = QLineEdit(objectName="reportPath")
        self.path.setAccessibleName("Where to save the PDF report")
        self.path.returnPressed.connect(self._request)  # Enter in the field creates the report
        browse = QPushButton("Browse…", objectName="browse")
        browse.setAccessibleName("Choose where to save the PDF report")
        browse.clicked.connect(self._browse)
        self.paper = ChoiceBox(objectName="paper")
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.setCurrentIndex(self.paper.findData(default_paper()))
        self.paper.setAccessibleName("Paper size")
        fit_popup(self.paper)
        self.create = QPushButton("Create PDF report", objectName="createReport")
        self.create.setAccessibleName("Create the PDF report")
        self.create.clicked.connect(self._request)
        self.create.setAutoDefault(True)
        self.copy_summary = QPushButton("Copy summary", objectName="copySummary")
        self.copy_summary.setAccessibleName("Copy a one-paragraph summary for e-mail to the clipboard")
        self.copy_summary.clicked.connect(self.copy_summary_requested)
        self.copy_summary.setAutoDefault(True)
        self.busy = QProgressBar(objectName="busy")
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Creating the report")
        self.status = QLabel(objectName="reportStatus", wordWrap=True)
        self.status.setTextFormat(Qt.PlainText)
        self.open_pdf = QPushButton("Open the PDF", objectName="openPdf")
        self.open_pdf.setAccessibleName("Open the PDF in the system viewer")
        self.open_pdf.clicked.connect(self._open)
        self.print_pdf = QPushButton("Print…", objectName="printPdf")
        self.print_pdf.setAccessibleName("Print the PDF report")
        self.print_pdf.clicked.connect(self._print)
        self.show_folder = QPushButton("Show in folder", objectName="showFolder")
        self.show_folder.setAccessibleName("Show the PDF in its folder")
        self.show_folder.clicked.connect(self._show_folder)
        self.after = (self.open_pdf, self.print_pdf, self.show_folder)  # once the report is written
        for button in (self.create, *self.after):
            button.setAutoDefault(True)  # Enter presses the focused button
        for button in self.after:
            button.setVisible(False)
        self.written: Path | None = None
        self.preview = PdfPreview()  # the written PDF's first pages, the rest on request

        save_to = QLabel("&Save to:")
        save_to.setBuddy(self.path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        paper_label = QLabel("&Paper:")
        paper_label.setBuddy(self.paper)
        paper_row = QHBoxLayout()
        paper_row.addWidget(paper_label)
        paper_row.addWidget(self.paper)
        paper_row.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.create)
        actions.addWidget(self.copy_summary)
        actions.addStretch(1)
        self.after_row = QHBoxLayout()  # one above the other on a narrow page
        for button in self.after:
            self.after_row.addWidget(button, 0, Qt.AlignLeft)
        self.after_row.addStretch(1)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addWidget(save_to)
        layout.addLayout(row)
        layout.addLayout(paper_row)
        layout.addLayout(actions)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addLayout(self.after_row)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        self.heading.setWordWrap(True)
        self.scroll = self.fill_scrolled(inner, layout)
        self.setTabOrder(self.path, browse)
        self.setTabOrder(browse, self.paper)
        self.setTabOrder(self.paper, self.create)
        self.setTabOrder(self.create, self.copy_summary)
        self.setTabOrder(self.copy_summary, self.open_pdf)
        self.setTabOrder(self.open_pdf, self.print_pdf)
        self.setTabOrder(self.print_pdf, self.show_folder)

    def narrow_changed(self, narrow: bool) -> None:
        self.after_row.setDirection(QBoxLayout.TopToBottom if narrow else QBoxLayout.LeftToRight)

    def show_findings(self, findings: Findings, default_path: Path, by_counsel: bool = False) -> None:
        """The step for the review on screen; `by_counsel`: counsel makes the report that carries the answer back."""
        risks = sum(len(t.risks) for t in findings.terms)
        by_severity = ", ".join(
            f"{findings.risk_count(s.id)} {s.label.lower()}" for s in findings.severities if findings.risk_count(s.id)
        )
        self.heading.setText("Create the report with your answer" if by_counsel else "Create the report for counsel")
        self.intro.setText(
            "The PDF carries your decision, answers and dispositions back to the team, with every obligation, "
            "risk and open question and the answers they follow from. The review itself is attached inside the "
            "PDF, so opening the PDF in this app shows your answer."
            if by_counsel
            else "The PDF lists every obligation, risk and open question with the clause it rests on, the answers "
            "they follow from, and an appendix of every answer. The review itself is attached inside the PDF, "
            "so opening the PDF here later resumes it."
        )
        self.summary.setText(
            f"{isolate(findings.project) or 'This review'}: {findings.total('obligations')} obligations, {risks} risks"
            + (f" ({by_severity})" if by_severity else "")
            + f", {findings.open_count} open questions."
            + ("" if findings.complete else " Some questions are still unanswered; the report says so.")
        )
        if not self.path.text():
            self.path.setText(str(default_path))
        self._say("")
        for button in self.after:
            button.setVisible(False)
        self.preview.clear()

    def _browse(self) -> None:
        # Parented to the window, not the page, so the page's style rules never reach the dialog.
        chosen, _ = QFileDialog.getSaveFileName(self.window(), "Save the report", self.path.text(), "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def _request(self) -> None:
        if not self.create.isEnabled():  # already rendering
            return
        self.render_requested.emit(self.path.text().strip(), self.paper.currentData())

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.create.setEnabled(not busy)
        if busy:
            self._say("Creating the report…")
            for button in self.after:
                button.setVisible(False)
            self.preview.clear()

    def done(self, path: str) -> None:
        self.set_busy(False)
        self.written = Path(path)
        self._say(f"Report written to {breakable(path)}")
        for button in self.after:
            button.setVisible(True)
        self.preview.show_pdf(self.written)
        self.open_pdf.setFocus()

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self._say(message, problem=True)

    def say(self, message: str) -> None:
        self._say(message)

    def _say(self, message: str, problem: bool = False) -> None:
        """The status line under the buttons; problems in the error colour."""
        self.status.setText(message)
        if self.status.property("problem") != problem:
            self.status.setProperty("problem", problem)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    def _open(self) -> None:
        if self.written is None:
            return
        if desktop.open_path(self.written):
            self._say(f"Opened {self.written.name} in the PDF viewer.")
            return
        self._say(
            f"Could not open the PDF: no program to show PDF files is set up on this computer. "
            f"It is saved as {breakable(self.written)}; use Show in folder to find it.",
            problem=True,
        )
        self.show_folder.setFocus()

    def _show_folder(self) -> None:
        if self.written is not None and not desktop.show_in_folder(self.written):
            self._say(f"Could not open a file manager. The PDF is in {breakable(self.written.parent)}.", problem=True)

    def _print(self) -> None:
        pdf = self.written
        if pdf is None:
            return
        try:
            printer = print_pdf(self.window(), pdf)
        except PrintError as exc:
            self._say(f"Could not print: {exc}. Open the PDF and print it from the viewer instead.", problem=True)
            self.open_pdf.setFocus()
            return
        if printer is not None:
            self._say(f"Sent to {printer}.")
