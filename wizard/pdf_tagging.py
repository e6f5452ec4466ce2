"""Tagged PDF/A-3a that is also PDF/UA-1: what WeasyPrint leaves for us to finish (no Qt).

WeasyPrint writes one PDF variant per file (its issue #2783), so the report is
rendered as PDF/A-3a (tagged) and finished here, in WeasyPrint's own
`finisher` hook before the file is written: the PDF/UA identifier and the
extension schema that declares it for PDF/A go into the one XMP packet (a
second packet would be ignored by validators), and each link annotation gets
the link's own words as its description instead of the anchor's internal id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

TAGGED_VARIANT = "pdf/a-3a"
FALLBACK_VARIANT = "pdf/a-3b"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
PDFAEXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFASCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFAPROPERTY = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (
    ("rdf", RDF),
    ("pdfuaid", PDFUAID),
    ("pdfaExtension", PDFAEXTENSION),
    ("pdfaSchema", PDFASCHEMA),
    ("pdfaProperty", PDFAPROPERTY),
):
    register_namespace(_prefix, _uri)

PACKET_START = b"<x:xmpmeta"
RDF_START, RDF_END = b"<rdf:RDF", b"</rdf:RDF>"


# The report's own links, as its template writes them: `<a href="#anchor">words</a>`, the words
# perhaps with inline markup. User text reaches the HTML autoescaped, so a "<" inside is a tag of
# the template. Two regular expressions over the text cost a millisecond where an HTML parser
# took a fiftieth of a second per report.
_LINK = re.compile(r'<a\b[^>]*?\shref="#([^"]*)"[^>]*>(.*?)</a\s*>', re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def link_texts(html: str) -> dict[str, str]:
    """Anchor id -> the words of the first link to it, as a reader would hear them."""
    texts: dict[str, str] = {}
    for anchor, inner in _LINK.findall(html):
        text = " ".join(unescape(_TAG.sub("", inner)).replace("\u00ad", "").split())
        if text:
            texts.setdefault(unescape(anchor), text)
    return texts


def with_pdfua_identifier(packet: bytes) -> bytes:
    """The XMP packet with `pdfuaid:part=1` and the PDF/A extension schema that declares it."""
    start, end = packet.find(RDF_START), packet.find(RDF_END)
    if start < 0 or end < 0:
        raise ValueError("the XMP packet has no rdf:RDF element")
    end += len(RDF_END)
    rdf = fromstring(packet[start:end])
    if any(description.get(f"{{{PDFUAID}}}part") for description in rdf):
        return packet
    identifier = SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    identifier.set(f"{{{PDFUAID}}}part", "1")
    rdf.append(_extension_schema())
    return packet[:start] + tostring(rdf, encoding="utf-8", xml_declaration=False) + packet[end:]


def _extension_schema() -> Element:
    """PDF/A-3 accepts only declared XMP properties; pdfuaid is not predefined, so it is declared here."""
    description = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    schemas = SubElement(SubElement(description, f"{{{PDFAEXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = SubElement(schemas, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for name, text in (("schema", "PDF/UA Universal Accessibility Schema"), ("namespaceURI", PDFUAID), ("prefix", "pdfuaid")):
        SubElement(schema, f"{{{PDFASCHEMA}}}{name}").text = text
    properties = SubElement(SubElement(schema, f"{{{PDFASCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(properties, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    for name, text in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "Indicates, which part of ISO 14289 standard is followed"),
    ):
        SubElement(part, f"{{{PDFAPROPERTY}}}{name}").text = text
    return description


def finisher(texts: dict[str, str]) -> Callable[[Any, Any], None]:
    """WeasyPrint's finisher: PDF/UA identifier in the XMP, each link described by its words."""

    def finish(document: Any, pdf: Any) -> None:  # noqa: ARG001 - WeasyPrint's signature
        import pydyf

        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                obj.stream = [with_pdfua_identifier(b"".join(_as_bytes(part) for part in obj.stream))]
            elif isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Link" and "Dest" in obj:
                anchor = _as_text(obj["Dest"])
                obj["Contents"] = pydyf.String(f"Go to {texts.get(anchor, anchor.replace('-', ' '))}")

    return finish


def _as_bytes(part: Any) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode("utf-8")


def _as_text(value: Any) -> str:
    """A pydyf.String's text (it keeps the Python string it was made from)."""
    return str(getattr(value, "string", value))
