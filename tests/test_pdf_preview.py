"""The report step previews the PDF and prints it through Qt (page images), with no PDF program and no `lp`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

from wizard.cli import main
from wizard.printing import PREVIEW_PAGES, PdfPages, PrintError, PrintJob
from wizard.ui import pdf_preview
from wizard.ui.finish_page import FinishPage


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("preview")
    session, pdf = folder / "s.json", folder / "r.pdf"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf), "--paper", "a4"]) == 0
    return pdf


def _ink(image) -> float:
    """Share of pixels that are not white in a QImage."""
    step = 4
    dark = sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixelColor(x, y).lightness() < 200
    )
    return dark / ((image.height() // step + 1) * (image.width() // step + 1))


def test_the_written_report_shows_its_first_pages_then_all_on_request(qtbot, report_pdf: Path) -> None:
    pages = len(PdfReader(str(report_pdf)).pages)
    page = FinishPage()
    qtbot.addWidget(page)
    page.show()
    assert not page.preview.isVisible(), "no preview before a report is written"
    page.done(str(report_pdf))
    preview = page.preview
    assert preview.isVisible() and len(preview.pages) == PREVIEW_PAGES < pages
    assert preview.heading.text() == f"Preview: {PREVIEW_PAGES} of {pages} pages"
    assert preview.all_pages.isVisible() and preview.all_pages.text() == f"Show all {pages} pages"
    first = preview.pages[0].pixmap().toImage()
    assert first.width() >= pdf_preview.PREVIEW_WIDTH and _ink(first) > 0.01, "the cover is drawn, not a blank page"
    assert preview.pages[1].accessibleName() == f"Page 2 of {pages} of the report"
    preview.all_pages.click()
    assert len(preview.pages) == pages and not preview.all_pages.isVisible() and preview.heading.text() == "Preview"
    page.set_busy(True)
    assert not preview.isVisible() and preview.pages == []


def test_a_pdf_that_cannot_be_read_says_no_preview(qtbot, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really\n")
    widget = pdf_preview.PdfPreview()
    qtbot.addWidget(widget)
    widget.show_pdf(broken)
    assert widget.problem.text().startswith(f"No preview: {broken}: cannot read the PDF")
    assert widget.pages == [] and not widget.all_pages.isVisible()
    with pytest.raises(PrintError, match="cannot read the PDF"):
        PdfPages(broken)


def test_print_paints_every_page_of_the_report_onto_a_qprinter(qtbot, report_pdf: Path, tmp_path: Path, monkeypatch) -> None:
    """Offscreen, with a QPrinter that writes a PDF file in place of paper."""
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "paper.pdf"
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(out))
    monkeypatch.setattr(pdf_preview, "ask_printer", lambda printer, parent, pages, title: True)
    assert pdf_preview.print_pdf(None, report_pdf, printer) == str(out)
    printed = PdfReader(str(out))
    assert len(printed.pages) == len(PdfReader(str(report_pdf)).pages)
    with PdfPages(out) as paper, PdfPages(report_pdf) as source:
        ink = [(_ink(pdf_preview.qimage(d.image(i, 24))) for d in (source, paper)) for i in range(len(paper))]
        assert all(printed >= 0.5 * drawn for drawn, printed in ink), "each sheet carries its page"


def test_a_cancelled_dialog_prints_nothing(report_pdf: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_preview, "ask_printer", lambda *a: False)
    monkeypatch.setattr(pdf_preview, "paint", lambda *a: pytest.fail("nothing is printed"))
    assert pdf_preview.print_pdf(None, report_pdf) is None


@pytest.mark.parametrize(
    ("job", "plan"),
    [
        (PrintJob(pages=3), [0, 1, 2]),
        (PrintJob(pages=5, first_page=2, last_page=3), [1, 2]),
        (PrintJob(pages=5, first_page=4, last_page=9), [3, 4]),
        (PrintJob(pages=5, first_page=3, last_page=1), [2]),
        (PrintJob(pages=3, first_page=1, last_page=2, copies=2), [0, 1, 0, 1]),
        (PrintJob(pages=3, first_page=1, last_page=2, copies=2, collate=False), [0, 0, 1, 1]),
        (PrintJob(pages=3, copies=3, printer_copies=True), [0, 1, 2]),
        (PrintJob(pages=3, copies=0), [0, 1, 2]),
    ],
)
def test_the_print_plan_follows_range_copies_and_collation(job: PrintJob, plan: list[int]) -> None:
    assert job.plan() == plan


def test_preview_before_saving_renders_into_memory_and_writes_nothing(qtbot, open_window, finished: Path, tmp_path: Path) -> None:
    window = open_window(finished)
    window.go_next()
    page = window.finish_page
    assert window.view == "report" and window.report_preview.button.isVisible()
    target = tmp_path / "not-yet.pdf"
    page.path.setText(str(target))
    window.report_preview.button.click()
    qtbot.waitUntil(lambda: bool(page.preview.pages) and window.report_preview.button.isEnabled(), timeout=60_000)
    assert len(page.preview.pages) == PREVIEW_PAGES and isinstance(page.preview.pdf, bytes)
    assert page.preview.heading.text().endswith("(not saved yet)")
    assert not target.exists() and not page.open_pdf.isVisible(), "nothing is saved by a preview"
    page.preview.all_pages.click()
    assert len(page.preview.pages) == page.preview.count > PREVIEW_PAGES
