"""Streams deflated once before pydyf writes: the same content, the same dictionary, one Flate filter."""

from __future__ import annotations

import io
import zlib

import pydyf
from pypdf import PdfReader

from wizard.pdfpack import compress_streams, raw_bytes


def _pdf_with(stream: pydyf.Stream) -> pydyf.PDF:
    pdf = pydyf.PDF()
    pdf.add_object(stream)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page", "MediaBox": pydyf.Array([0, 0, 10, 10]), "Contents": stream.reference}))
    return pdf


def _content() -> pydyf.Stream:
    stream = pydyf.Stream(compress=True)
    stream.begin_marked_content("Artifact", pydyf.Dictionary({"MCID": 3}))
    stream.set_color_rgb(0.5, 1.0, 0.25)
    stream.rectangle(1.5, 2, 3.25, 4)
    stream.fill()
    stream.end_marked_content()
    return stream


def test_raw_bytes_are_what_pydyf_writes_uncompressed() -> None:
    stream = _content()
    expected = b"\n".join([b"/Artifact", b"<</MCID 3>>", b"BDC", b"0.5 1 0.25 rg", b"1.5 2 3.25 4 re", b"f", b"EMC"])
    assert raw_bytes(stream) == expected
    assert pydyf.Stream(stream.stream).data == b"<</Length %d>>\nstream\n" % len(expected) + expected + b"\nendstream"


def test_a_compressed_stream_is_deflated_once_and_reads_back_the_same() -> None:
    stream = _content()
    stream.extra["Type"] = "/Example"
    raw = raw_bytes(stream)
    pdf = _pdf_with(stream)
    assert compress_streams(pdf) == 1
    assert stream.compress is False and stream.stream == [zlib.compress(raw, 6)]
    assert list(stream.extra) == ["Type", "Filter"]  # as pydyf orders them: its own keys, Filter, then Length
    out = io.BytesIO()
    pdf.write(out, b"1.7", b"id", compress=True)
    assert out.getvalue().count(b"/FlateDecode") >= 1
    contents = PdfReader(io.BytesIO(out.getvalue())).pages[0].get_contents()
    assert contents is not None and contents.get_data() == raw


def test_streams_pydyf_would_leave_alone_are_left_alone() -> None:
    plain, filtered = pydyf.Stream([b"q Q"]), pydyf.Stream([b"\xff\xd8"], {"Filter": "/DCTDecode"}, compress=True)
    pdf = pydyf.PDF()
    pdf.add_object(plain)
    pdf.add_object(filtered)
    assert compress_streams(pdf) == 0
    assert plain.stream == [b"q Q"] and filtered.extra == {"Filter": "/DCTDecode"} and filtered.compress
