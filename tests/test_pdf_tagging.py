"""The report is tagged PDF/A-3a and claims PDF/UA-1: what a screen reader gets, checked in the tag tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from pdf_structure import headings, structure
from pypdf import PdfReader

from wizard import pdf_tagging
from wizard.cli import main


@pytest.fixture(scope="module")
def chatbot_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tagged")
    session, pdf = folder / "s.json", folder / "r.pdf"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    return pdf


def test_marked_with_a_language_and_a_title_shown(chatbot_pdf: Path) -> None:
    catalog, root = structure(chatbot_pdf)
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert [e.kind for e in root.kids] == ["Document"]


def test_one_xmp_packet_claims_pdfa_3a_and_pdfua_1_with_the_extension_schema(chatbot_pdf: Path) -> None:
    reader = PdfReader(str(chatbot_pdf))
    xmp = reader.xmp_metadata
    assert xmp.pdfaid_part == "3" and xmp.pdfaid_conformance == "A"
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert packet.count(b"<x:xmpmeta") == 1 and packet.count(b"<rdf:RDF") == 1
    assert b'pdfuaid:part="1"' in packet
    assert b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in packet
    assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in packet


def test_headings_start_at_one_and_never_skip_a_level(chatbot_pdf: Path) -> None:
    levels = headings(structure(chatbot_pdf)[1])
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert {2, 3} <= set(levels)


def test_every_header_cell_has_an_id_and_holds_text(chatbot_pdf: Path) -> None:
    """Each TH is named (the data cells point at it through Headers) and none is empty, not even the tick column's."""
    elements = list(structure(chatbot_pdf)[1].walk())
    cells = [e for e in elements if e.kind == "TH"]
    assert len(cells) > 20
    assert all(e.identifier or "/Scope" in e.attributes for e in cells)
    assert all(sum(d.marked for d in e.walk()) for e in cells), "a header cell without any marked content"
    named = {e.identifier for e in cells}
    data = [e for e in elements if e.kind == "TD"]
    assert all(str(h) in named for e in data for h in e.attributes.get("/Headers", []))
    assert sum(1 for e in data if e.attributes.get("/Headers")) > len(data) // 2


def test_row_headers_are_headers_of_their_row_not_of_a_column(chatbot_pdf: Path) -> None:
    """The cover's fact table: each answer cell points at its own row's header, the question."""
    tables = [e for e in structure(chatbot_pdf)[1].walk() if e.kind == "Table"]
    facts = tables[0]
    rows = [e for e in facts.walk() if e.kind == "TR"]
    for row in rows:
        th, td = ([k for k in row.kids if k.kind == kind] for kind in ("TH", "TD"))
        assert len(th) == 1 and len(td) == 1
        assert [str(h) for h in td[0].attributes["/Headers"]] == [th[0].identifier]


def test_every_link_is_described_by_its_words_not_an_anchor_id(chatbot_pdf: Path) -> None:
    links = [e for e in structure(chatbot_pdf)[1].walk() if e.kind == "Link"]
    assert links
    annotations = [a for link in links for a in link.annotations]
    assert annotations and all(a["/Subtype"] == "/Link" for a in annotations)
    described = [str(a["/Contents"]) for a in annotations]
    assert "Go to Summary" in described and "Go to Appendix: questions and answers" in described
    assert not [text for text in described if "term-" in text or text.islower()]


def test_the_visually_hidden_header_is_not_drawn(chatbot_pdf: Path) -> None:
    """The tick column's header 'Done' is in the page's text (for screen readers) but drawn transparent and clipped."""
    assert "Done" in " ".join(page.extract_text() for page in PdfReader(str(chatbot_pdf)).pages)
    css = (Path(pdf_tagging.__file__).parent.parent / "templates" / "report.css").read_text(encoding="utf-8")
    rule = next(line for line in css.splitlines() if line.startswith(".visually-hidden"))
    assert "color: transparent" in rule and "overflow: hidden" in rule


def test_a_failing_tag_tree_falls_back_to_pdfa_3b_and_says_so(tmp_path: Path, monkeypatch, capsys) -> None:
    session, pdf = tmp_path / "s.json", tmp_path / "r.pdf"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    capsys.readouterr()

    def broken(texts):
        def finish(document, pdf):
            raise IndexError("list index out of range")  # the class of failure of WeasyPrint's #2601

        return finish

    monkeypatch.setattr(pdf_tagging, "finisher", broken)
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    err = capsys.readouterr().err
    assert "the tagged (accessible) PDF could not be made (list index out of range)" in err
    assert "untagged PDF/A-3b" in err
    reader = PdfReader(str(pdf))
    assert reader.xmp_metadata.pdfaid_conformance == "B"
    assert "/StructTreeRoot" not in reader.trailer["/Root"]
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "This copy is untagged PDF/A-3b" in text


def test_pdfua_identifier_is_merged_once() -> None:
    packet = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        b'<rdf:Description rdf:about="" pdfaid:part="3" pdfaid:conformance="A" /></rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>'
    )
    merged = pdf_tagging.with_pdfua_identifier(packet)
    assert merged.startswith(packet[: packet.find(b"<rdf:RDF")]) and merged.endswith(b'</x:xmpmeta>\n<?xpacket end="r"?>')
    assert merged.count(b'pdfuaid:part="1"') == 1 and b'pdfaid:conformance="A"' in merged
    assert pdf_tagging.with_pdfua_identifier(merged) == merged
    with pytest.raises(ValueError, match="no rdf:RDF"):
        pdf_tagging.with_pdfua_identifier(b"<x:xmpmeta/>")


def test_link_texts_come_from_the_links_words() -> None:
    html = '<a href="#a">Obli&shy;gations <b>here</b></a><a href="#a">other</a><a href="http://x">out</a><a href="#b"> </a>'
    assert pdf_tagging.link_texts(html) == {"a": "Obligations here"}
