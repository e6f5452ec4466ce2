"""The report step: where to save the PDF, the paper, and the button that writes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.findings import Findings
from wizard.report import default_paper


class FinishPage(QWidget):
    """The report controls; rendering itself happens in the window's worker thread."""

    render_requested = Signal(str, str)  # path, paper

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Create the report for counsel", objectName="questionText")
        self.intro = QLabel(wordWrap=True, objectName="help")
        self.intro.setTextFormat(Qt.PlainText)
        self.summary = QLabel(wordWrap=True, objectName="reportSummary")
        self.summary.setTextFormat(Qt.PlainText)
        self.path = QLineEdit(objectName="reportPath")
        self.path.setAccessibleName("Where to save the PDF report")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose where to save the PDF report")
        browse.clicked.connect(self._browse)
        self.paper = QComboBox(objectName="paper")
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.setCurrentIndex(self.paper.findData(default_paper()))
        self.paper.setAccessibleName("Paper size")
        self.create = QPushButton("Create PDF report", objectName="createReport")
        self.create.setAccessibleName("Create the PDF report")
        self.create.clicked.connect(self._request)
        self.create.setAutoDefault(True)
        self.busy = QProgressBar(objectName="busy")
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Creating the report")
        self.status = QLabel(objectName="reportStatus", wordWrap=True)
        self.status.setTextFormat(Qt.PlainText)
        self.open_pdf = QPushButton("Open the PDF", objectName="openPdf")
        self.open_pdf.setAccessibleName("Open the PDF in the system viewer")
        self.open_pdf.setVisible(False)
        self.open_pdf.clicked.connect(self._open)
        self.open_pdf.setAutoDefault(True)
        self.written: Path | None = None

        row = QHBoxLayout()
        save_to = QLabel("&Save to:")
        save_to.setBuddy(self.path)
        row.addWidget(save_to)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.paper)
        actions = QHBoxLayout()
        actions.addWidget(self.create)
        actions.addWidget(self.open_pdf)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def show_findings(self, findings: Findings, default_path: Path) -> None:
        risks = sum(len(t.risks) for t in findings.terms)
        high = findings.risk_count("high")
        self.intro.setText(
            "The PDF lists every obligation, risk and open question with the clause it rests on, the answers "
            "they follow from, and an appendix of every answer. The review itself is attached inside the PDF, "
            "so opening the PDF here later resumes it."
        )
        self.summary.setText(
            f"{findings.project or 'This review'}: {findings.total('obligations')} obligations, {risks} risks "
            f"({high} high), {findings.total('open_questions')} open questions."
            + ("" if findings.complete else " Some questions are still unanswered; the report says so.")
        )
        if not self.path.text():
            self.path.setText(str(default_path))
        self.status.clear()
        self.open_pdf.setVisible(False)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the report", self.path.text(), "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def _request(self) -> None:
        self.render_requested.emit(self.path.text().strip(), self.paper.currentData())

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.create.setEnabled(not busy)
        if busy:
            self.status.setText("Creating the report…")

    def done(self, path: str) -> None:
        self.set_busy(False)
        self.written = Path(path)
        self.status.setText(f"Report written to {path}")
        self.open_pdf.setVisible(True)
        self.open_pdf.setFocus()

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self.status.setText(message)

    def _open(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
