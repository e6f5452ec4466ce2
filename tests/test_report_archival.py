"""Archival properties of the report: PDF/A-3a, attached session, embedded fonts, reproducible bytes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

from wizard.cli import main
from wizard.fsio import load
from wizard.pdfsession import ATTACHMENT_NAME, load_any
from wizard.session import SessionError


@pytest.fixture(scope="module")
def chatbot(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("chatbot")
    session, pdf = folder / "s.json", folder / "r.pdf"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf), "--paper", "a4"]) == 0
    return session, pdf


def test_pdfa_3a_identification_and_metadata(chatbot) -> None:
    reader = PdfReader(str(chatbot[1]))
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.pdfaid_part == "3" and xmp.pdfaid_conformance == "A"
    meta = reader.metadata
    assert meta.title.startswith("Helios customer support assistant")
    assert meta.author == "Marco Ruiz, Vendor Management"
    assert "Commercial Terms of Service" in meta.subject
    assert "Amazon Bedrock" in meta["/Keywords"]


def test_attached_session_round_trips(chatbot) -> None:
    session_path, pdf = chatbot
    reader = PdfReader(str(pdf))
    assert list(reader.attachments) == [ATTACHMENT_NAME]
    assert load_any(pdf).to_json() == load(session_path).to_json()


def test_every_font_is_embedded(chatbot) -> None:
    reader = PdfReader(str(chatbot[1]))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            seen += 1
    assert seen


def test_running_headers_and_page_x_of_y(chatbot) -> None:
    reader = PdfReader(str(chatbot[1]))
    total = len(reader.pages)
    assert total >= 8
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"page {number} of {total}" in text
        if number > 1:
            assert "Helios customer support assistant" in text
    # The cover lists every profile answer, so how many pages it takes depends on the profile;
    # the contents, the one-page summary and the first part follow it in that order.
    contents = next(i for i, page in enumerate(reader.pages) if "Contents" in page.extract_text())
    assert contents <= 2, "the cover takes at most two pages"
    summary = reader.pages[contents + 1].extract_text()
    assert "Summary" in summary and "Highest risks" in summary, "the executive summary fits on one page"
    assert "Customer Content and Code Ownership" in reader.pages[contents + 2].extract_text()
    toc = reader.pages[contents].extract_text()
    assert "Contents" in toc and re.search(r"Indemnification for IP claims\D+\d+", toc), "parts by their one name"


def test_same_session_gives_byte_identical_pdf(chatbot, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    assert main(["report", str(chatbot[0]), "-o", str(again), "--paper", "a4"]) == 0
    assert again.read_bytes() == chatbot[1].read_bytes()


def test_report_pdf_reopens_as_the_session(chatbot, tmp_path: Path, capsys) -> None:
    """`report` and `open` take a report PDF wherever they take a session."""
    second = tmp_path / "from-pdf.pdf"
    assert main(["report", str(chatbot[1]), "-o", str(second), "--paper", "a4"]) == 0
    assert second.read_bytes() == chatbot[1].read_bytes()


def test_pdf_without_session_is_one_line_error(tmp_path: Path, capsys) -> None:
    bare = tmp_path / "bare.pdf"
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    with open(bare, "wb") as handle:
        writer.write(handle)
    with pytest.raises(SessionError, match="carries no wizard session"):
        load_any(bare)
    assert main(["report", str(bare), "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bare) in err[0]


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_sizes(chatbot, tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    out = tmp_path / f"{paper}.pdf"
    assert main(["report", str(chatbot[0]), "-o", str(out), "--paper", paper]) == 0
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_default_paper_follows_locale(monkeypatch) -> None:
    import locale

    from wizard.report import default_paper

    monkeypatch.setattr(locale, "getlocale", lambda *_: ("en_US", "UTF-8"))
    assert default_paper() == "letter"
    monkeypatch.setattr(locale, "getlocale", lambda *_: ("de_DE", "UTF-8"))
    assert default_paper() == "a4"
