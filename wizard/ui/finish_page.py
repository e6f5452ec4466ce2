"""The last step: what the answers found, and the button that writes the PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
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
    """Summary of findings per term and the report controls."""

    render_requested = Signal(str, str)  # path, paper

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Your review is complete", objectName="questionText")
        self.intro = QLabel(wordWrap=True)
        self.intro.setText(
            "These are the findings that follow from your answers. Create the PDF report and hand it to "
            "counsel; it lists every obligation, risk and open question with the clause it rests on."
        )
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(18)
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
        self.busy = QProgressBar(objectName="busy")
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Creating the report")
        self.status = QLabel(objectName="reportStatus", wordWrap=True)
        self.status.setTextFormat(Qt.PlainText)
        self.open_pdf = QPushButton("Open the PDF", objectName="openPdf")
        self.open_pdf.setVisible(False)
        self.open_pdf.clicked.connect(self._open)
        self.written: Path | None = None

        row = QHBoxLayout()
        row.addWidget(QLabel("Save to:"))
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
        layout.addLayout(self.table)
        layout.addLayout(row)
        layout.addLayout(actions)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def show_findings(self, findings: Findings, default_path: Path) -> None:
        while self.table.count():
            item = self.table.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        headers = ("Term", "Obligations", "High", "Medium", "Low", "Open questions", "Status")
        for col, text in enumerate(headers):
            label = QLabel(text, objectName="tableHeader")
            self.table.addWidget(label, 0, col)
        for row, t in enumerate(findings.terms, 1):
            cells = (t.heading, len(t.obligations), t.risk_count("high"), t.risk_count("medium"),
                     t.risk_count("low"), len(t.questions), t.status)
            for col, value in enumerate(cells):
                label = QLabel(str(value))
                label.setTextFormat(Qt.PlainText)
                if col == 6:
                    label.setObjectName(f"status_{t.status.replace(' ', '_')}")
                self.table.addWidget(label, row, col)
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
