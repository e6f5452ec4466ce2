"""The report previewed in the window and printed through Qt's print dialog, with no PDF program.

PDFium (pypdfium2) draws the pages (`wizard.printing`); here they become
QImages, shown on the report step and painted onto a QPrinter, the same way
on every platform.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.printing import PREVIEW_PAGES, PageImage, PdfPages, PrintError, PrintJob

PREVIEW_WIDTH = 460  # pixels of a page image on the report step


def qimage(page: PageImage) -> QImage:
    """A QImage that owns a copy of the page's pixels."""
    return QImage(page.pixels, page.width, page.height, page.stride, QImage.Format_RGBX8888).copy()


class PdfPreview(QWidget):
    """The first pages of a PDF as images, and a button that shows the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.heading = QLabel("Preview", objectName="previewHeading")
        self.all_pages = QPushButton(objectName="previewAll")
        self.all_pages.setAutoDefault(True)
        self.all_pages.clicked.connect(self.show_all)
        self.problem = QLabel(objectName="previewProblem", wordWrap=True)
        self.problem.setTextFormat(Qt.PlainText)
        self.pages: list[QLabel] = []
        self.pdf: Path | None = None
        self.count = 0
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 8, 0, 0)
        self._layout.setSpacing(10)
        for widget in (self.heading, self.problem, self.all_pages):
            self._layout.addWidget(widget)
        self.clear()

    def clear(self) -> None:
        for label in self.pages:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.pages, self.pdf, self.count = [], None, 0
        self.setVisible(False)

    def show_pdf(self, pdf: Path, pages: int = PREVIEW_PAGES) -> None:
        """Show the first `pages` pages of `pdf` (every page when pages is 0)."""
        self.clear()
        self.pdf = Path(pdf)
        self.setVisible(True)
        try:
            with PdfPages(self.pdf) as document:
                self.count = len(document)
                shown = self.count if pages <= 0 else min(pages, self.count)
                for index in range(shown):
                    self._add_page(document, index)
        except PrintError as exc:
            self.problem.setText(f"No preview: {exc}")
            self.problem.setVisible(True)
            self.all_pages.setVisible(False)
            return
        self.problem.setVisible(False)
        self.heading.setText(f"Preview: {len(self.pages)} of {self.count} pages" if len(self.pages) < self.count else "Preview")
        rest = self.count - len(self.pages)
        self.all_pages.setText(f"Show all {self.count} pages")
        self.all_pages.setAccessibleName(f"Show the other {rest} pages of the report")
        self.all_pages.setVisible(rest > 0)

    def show_all(self) -> None:
        if self.pdf is not None:
            self.show_pdf(self.pdf, pages=0)

    def _add_page(self, document: PdfPages, index: int) -> None:
        width, _ = document.size(index)
        image = qimage(document.image(index, dpi=72 * PREVIEW_WIDTH * self.devicePixelRatioF() / width))
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        label = QLabel(objectName="previewPage")
        label.setPixmap(pixmap)
        label.setAccessibleName(f"Page {index + 1} of {self.count} of the report")
        self._layout.insertWidget(self._layout.indexOf(self.all_pages), label, 0, Qt.AlignLeft)
        self.pages.append(label)


def ask_printer(printer, parent: QWidget | None, pages: int, title: str) -> bool:  # noqa: ANN001 - a QPrinter
    """The system print dialog: printer, copies, page range, sides. False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setWindowTitle(f"Print {title}")
    dialog.setOption(QPrintDialog.PrintSelection, False)
    dialog.setOption(QPrintDialog.PrintCurrentPage, False)
    if pages > 0:
        dialog.setMinMax(1, pages)
    return dialog.exec() == QDialog.Accepted


def print_pdf(parent: QWidget | None, pdf: Path, printer=None) -> str | None:  # noqa: ANN001 - a QPrinter
    """Ask for a printer and print `pdf` as page images; the printer's name, or None when cancelled."""
    from PySide6.QtPrintSupport import QPrinter

    pdf = Path(pdf)
    printer = printer or QPrinter(QPrinter.HighResolution)
    printer.setDocName(pdf.name)
    with PdfPages(pdf) as document:
        if not ask_printer(printer, parent, len(document), pdf.name):
            return None
        paint(printer, document, job_of(printer, len(document)))
    return printer.printerName() or printer.outputFileName() or "the printer"


def job_of(printer, pages: int) -> PrintJob:  # noqa: ANN001 - a QPrinter
    from PySide6.QtPrintSupport import QPrinter

    ranged = printer.printRange() == QPrinter.PageRange
    return PrintJob(
        pages=pages,
        copies=printer.copyCount(),
        first_page=printer.fromPage() if ranged else 0,
        last_page=printer.toPage() if ranged else 0,
        collate=printer.collateCopies(),
        printer_copies=printer.supportsMultipleCopies(),
    )


def paint(printer, document: PdfPages, job: PrintJob) -> int:  # noqa: ANN001 - a QPrinter
    """Paint the planned pages, each scaled to fit the paper and centred; returns the pages sent."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("the printer could not be started")
    sent = 0
    try:
        dpi = printer.resolution()
        for index in job.plan():
            if sent:
                printer.newPage()
            image = qimage(document.image(index, dpi))
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - scaled.width()) // 2, area.y(), scaled.width(), scaled.height())
            painter.drawImage(target, image)
            sent += 1
    finally:
        painter.end()
    return sent
