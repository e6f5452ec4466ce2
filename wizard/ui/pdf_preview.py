"""The report previewed in the window and printed through Qt's print dialog, with no PDF program.

PDFium (pypdfium2) draws the pages (`wizard.printing`); here they become
QImages, shown on the report step and painted onto a QPrinter, the same way
on every platform.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.printing import PREVIEW_PAGES, PageImage, PdfPages, PrintError, PrintJob

if TYPE_CHECKING:
    from wizard.prerender import RenderCache

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
        self.pdf: Path | bytes | None = None
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

    def show_pdf(self, pdf: Path | bytes, pages: int = PREVIEW_PAGES) -> None:
        """Show the first `pages` pages of `pdf`, a file or a PDF not saved yet (every page when pages is 0)."""
        self.clear()
        self.pdf = pdf if isinstance(pdf, bytes) else Path(pdf)
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
        unsaved = " (not saved yet)" if isinstance(self.pdf, bytes) else ""
        shown = f"Preview: {len(self.pages)} of {self.count} pages" if len(self.pages) < self.count else "Preview"
        self.heading.setText(shown + unsaved)
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


class PreviewWorker(QThread):
    """Renders the report into memory off the GUI thread, so it can be looked at before it is saved.

    The bytes come from the window's `RenderCache` when the report was rendered ahead (then the
    preview is at once), and a render ahead under way is waited for rather than run beside; what
    is rendered here is kept there, so Create PDF then only writes the file.
    """

    ready = Signal(object)  # the PDF's bytes
    failed = Signal(str)

    def __init__(self, review, paper: str, cache: RenderCache, ahead: QThread | None = None) -> None:  # noqa: ANN001 - a Review
        super().__init__()
        self.flowset, self.snapshot, self.paper = review.flowset, copy.deepcopy(review.session), paper
        self.cache, self.ahead = cache, ahead

    def run(self) -> None:
        if self.ahead is not None:
            self.ahead.wait()  # one render at a time: it may be of these very answers
        try:
            self.ready.emit(self.cache.render(self.flowset, self.snapshot, self.paper))
        except Exception as exc:  # noqa: BLE001 - said on the page, never a traceback
            self.failed.emit(f"No preview: {' '.join(str(exc).split())[:200] or type(exc).__name__}")


class ReportPreview(QObject):
    """The report step's "Preview": the report rendered into memory and its first pages shown, before any saving."""

    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow
        super().__init__(window)
        self.window_, self.page = window, window.finish_page
        self.worker: PreviewWorker | None = None
        self.button = QPushButton("Preview", objectName="previewReport")
        self.button.setAccessibleName("Preview the report before saving it")
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self.start)
        row = _row_of(self.page.paper)  # beside the paper size, which the preview follows
        row.insertWidget(row.indexOf(self.page.paper) + 1, self.button)
        window.installEventFilter(self)

    def start(self) -> None:
        if self.window_.review is None or (self.worker is not None and self.worker.isRunning()):
            return
        self.button.setEnabled(False)
        self.page.say("Rendering the preview…")
        window = self.window_
        ahead = window.render_ahead_under_way()
        self.worker = PreviewWorker(window.review, self.page.paper.currentData(), window.render_cache, ahead)
        self.worker.ready.connect(self._ready)
        self.worker.failed.connect(self.page.failed)
        self.worker.finished.connect(self._done)
        self.worker.finished.connect(window.prerender)  # a render ahead held back meanwhile may go on
        self.worker.start()

    def running(self) -> bool:
        """The preview's render is under way: no render ahead starts beside it."""
        return self.worker is not None and self.worker.isRunning()

    def _done(self) -> None:
        self.button.setEnabled(True)

    def _ready(self, data: bytes) -> None:
        self.page.say("")
        self.page.preview.show_pdf(data)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Close and self.worker is not None:
            self.worker.wait(60_000)  # a thread must not outlive the window
        return False


def attach(window) -> ReportPreview:  # noqa: ANN001 - the MainWindow
    """Add "Preview" to the window's report step, beside the paper size."""
    return ReportPreview(window)


def _row_of(widget: QWidget):  # noqa: ANN202 - a QBoxLayout
    """The row (a layout nested in its parent's layout) that holds `widget`."""
    outer = widget.parentWidget().layout()
    for index in range(outer.count()):
        row = outer.itemAt(index).layout()
        if row is not None and row.indexOf(widget) >= 0:
            return row
    return outer


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
