"""The report step: Enter creates the PDF; then open it, print it, show it in its folder, and say when that fails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfWriter
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from wizard.cli import main
from wizard.ui import desktop, pdf_preview
from wizard.ui.finish_page import FinishPage


@pytest.fixture
def written(qtbot, tmp_path: Path) -> tuple[FinishPage, Path]:
    """A report page after a three-page PDF was written."""
    pdf = tmp_path / "Projet Été-bedrock-terms.pdf"
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with open(pdf, "wb") as handle:
        writer.write(handle)
    page = FinishPage()
    qtbot.addWidget(page)
    page.show()
    page.done(str(pdf))
    return page, pdf


def test_enter_in_the_path_field_creates_the_pdf(qtbot, open_window, tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    window = open_window(session)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_next()
    page = window.finish_page
    assert window.view == "report"
    target = tmp_path / "by-enter.pdf"
    page.path.setText(str(target))
    page.path.setFocus()
    QTest.keyClick(page.path, Qt.Key_Return)
    qtbot.waitUntil(lambda: page.open_pdf.isVisible(), timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF-")
    assert page.print_pdf.isVisible() and page.show_folder.isVisible(), "Print and Show in folder next to Open"


def test_the_after_buttons_wait_for_the_report(qtbot) -> None:
    page = FinishPage()
    qtbot.addWidget(page)
    page.show()
    assert not any(b.isVisible() for b in (page.open_pdf, page.print_pdf, page.show_folder))


def test_show_in_folder_hands_the_pdf_to_the_file_manager(written, monkeypatch) -> None:
    page, pdf = written
    shown = []
    monkeypatch.setattr(desktop, "show_in_folder", lambda path: shown.append(path) or True)
    page.show_folder.click()
    assert shown == [pdf]
    monkeypatch.setattr(desktop, "show_in_folder", lambda path: False)
    page.show_folder.click()
    assert "Could not open a file manager" in page.status.text() and page.status.property("problem") is True


def test_a_failed_open_says_so_and_offers_show_in_folder(written, monkeypatch) -> None:
    page, pdf = written
    asked = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url.toLocalFile()) or False)
    page.window().activateWindow()
    page.open_pdf.click()
    assert asked == [str(pdf)]
    text = page.status.text().replace("\u200b", "")
    assert "Could not open the PDF" in text and str(pdf) in text and "Show in folder" in text
    assert page.status.property("problem") is True
    assert page.show_folder.isVisible()


def test_open_reports_no_pdf_viewer_even_when_xdg_open_starts(written, monkeypatch) -> None:
    """On Linux xdg-open starts whatever happens; xdg-mime tells whether any program takes PDF files."""
    page, pdf = written
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    monkeypatch.setattr(desktop.sys, "platform", "linux")
    monkeypatch.setattr(desktop.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(desktop.subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 0, stdout="\n", stderr=""))
    page.open_pdf.click()
    assert "Could not open the PDF" in page.status.text()
    monkeypatch.setattr(
        desktop.subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 0, stdout="okular.desktop\n", stderr="")
    )
    page.open_pdf.click()
    assert page.status.text().startswith("Opened") and page.status.property("problem") is False


def _to_pdf_file(target: Path, first: int = 0, last: int = 0, copies: int = 1):
    """A stand-in for the system print dialog: it picks a printer that writes a PDF file, and accepts."""
    from PySide6.QtPrintSupport import QPrinter

    chosen = []

    def ask(printer, parent, pages, title):
        chosen.append((pages, title))
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setCopyCount(copies)
        if first:
            printer.setPrintRange(QPrinter.PageRange)
            printer.setFromTo(first, last)
        return True

    return ask, chosen


def test_print_paints_the_chosen_pages_onto_the_printer(written, monkeypatch, tmp_path: Path) -> None:
    from pypdf import PdfReader

    page, pdf = written
    out = tmp_path / "printed.pdf"
    ask, chosen = _to_pdf_file(out, first=2, last=3, copies=2)
    monkeypatch.setattr(pdf_preview, "ask_printer", ask)
    page.print_pdf.click()
    assert chosen == [(3, pdf.name)], "the dialog knows the PDF's pages"
    assert len(PdfReader(str(out)).pages) == 4, "pages 2-3, twice (this printer makes no copies itself)"
    assert page.status.text() == f"Sent to {out}." and page.status.property("problem") is False


def test_a_printer_that_cannot_start_says_what_to_do(written, monkeypatch, tmp_path: Path) -> None:
    page, _ = written
    ask, _ = _to_pdf_file(tmp_path / "no-such-folder" / "printed.pdf")
    monkeypatch.setattr(pdf_preview, "ask_printer", ask)
    page.print_pdf.click()
    assert page.status.text().startswith("Could not print: the printer could not be started")
    assert "print it from the viewer" in page.status.text() and page.status.property("problem") is True


def test_cancelling_the_print_dialog_prints_nothing(written, monkeypatch) -> None:
    page, pdf = written
    monkeypatch.setattr(pdf_preview, "paint", lambda *a, **k: pytest.fail("nothing is printed"))
    seen = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, cancel)
            return
        seen.append(dialog.objectName())
        dialog.reject()

    QTimer.singleShot(0, cancel)
    page.print_pdf.click()  # the real system print dialog, cancelled
    assert seen == ["printDialog"]
    assert "Sent" not in page.status.text() and "Could not" not in page.status.text()
