"""Hostile report PDFs (issue 13, cases 1, 2, 3, 11): the attachment is found and inflated with a budget.

A 59 KB PDF used to take 7.2 GB: a hundred attachments under the session's
name, each inflating to 74 MB, were all inflated before the size check.
"""

from __future__ import annotations

import json
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hostile import MINI, assert_one_line, pdf_with_attachments, run_cli, session_data

from wizard.pdfsession import MAX_NAMES, load_any
from wizard.session import MAX_BYTES, SessionError

BOMB_SIZE = 74 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """74 MB of zeros, stored as about 74 KB."""
    return zlib.compress(bytes(BOMB_SIZE), 9)


def refused_in_one_line(path: Path, *expected: str) -> str:
    with pytest.raises(SessionError) as info:
        load_any(path)
    text = str(info.value)
    assert "\n" not in text and text.startswith(f"{path}"), text
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"
    return text


def test_a_good_attachment_is_read(tmp_path: Path) -> None:
    payload = json.dumps(session_data()).encode()
    pdf = pdf_with_attachments(tmp_path / "r.pdf", payload)
    assert load_any(pdf).profile["project_name"] == "Kestrel"


def test_a_hundred_bombs_under_the_sessions_name_cost_one_capped_inflate(tmp_path: Path, bomb: bytes) -> None:
    pdf = pdf_with_attachments(tmp_path / "bomb.pdf", b"", names=100, raw=bomb)
    assert pdf.stat().st_size < 200_000
    tracemalloc.start()
    try:
        refused_in_one_line(pdf, "the attached session is too large (the limit is 20 MB)")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BYTES, f"peak {peak / 2**20:.0f} MB: more than one capped inflate"


def test_the_bomb_pdf_through_the_real_command_under_the_memory_cap(tmp_path: Path, bomb: bytes) -> None:
    pdf = pdf_with_attachments(tmp_path / "bomb.pdf", b"", names=100, raw=bomb)
    done = run_cli(*MINI, "report", str(pdf), "-o", str(tmp_path / "out.pdf"))
    assert_one_line(done, str(pdf), "the attached session is too large")
    assert not (tmp_path / "out.pdf").exists()


def test_a_declared_size_over_the_limit_is_refused_without_inflating(tmp_path: Path, monkeypatch) -> None:
    pdf = pdf_with_attachments(tmp_path / "big.pdf", b"{}", declared=MAX_BYTES + 1)
    monkeypatch.setattr(zlib, "decompressobj", lambda *a: pytest.fail("inflated a stream it could refuse by size"))
    refused_in_one_line(pdf, "the attached session is too large")


def test_an_attachment_list_that_loops_is_refused(tmp_path: Path) -> None:
    pdf = pdf_with_attachments(tmp_path / "loop.pdf", b"{}", loop=True)
    refused_in_one_line(pdf, "carries no wizard session")


def test_too_many_attachments_are_refused(tmp_path: Path) -> None:
    pdf = pdf_with_attachments(tmp_path / "many.pdf", b"{}", names=MAX_NAMES + 1, name="other.json")
    refused_in_one_line(pdf, f"more than {MAX_NAMES} attachments")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"filters": "/LZWDecode", "raw": b"\x80\x0b\x60\x50"}, "stored in a way this app does not write"),
        ({"raw": b"not zlib at all"}, "damaged (it does not decompress)"),
        ({"name": "someone-else.json"}, "carries no wizard session"),
        ({"filters": None}, "not valid JSON"),
    ],
)
def test_odd_attachments_are_one_line(tmp_path: Path, kwargs: dict, expected: str) -> None:
    payload = kwargs.pop("payload", b"{not json")
    pdf = pdf_with_attachments(tmp_path / "odd.pdf", payload, **kwargs)
    refused_in_one_line(pdf, expected)


def test_set_aside_answers_carried_in_a_pdf_are_bounded(tmp_path: Path, capsys) -> None:
    """Case 2 through a PDF: 100,000 set-aside answers compress to little and took 6 minutes to render."""
    from wizard.cli import main

    stale = {"gone": {f"q{i}": {"value": "x", "reason": "gone"} for i in range(100_000)}}
    pdf = pdf_with_attachments(tmp_path / "r.pdf", json.dumps(session_data(stale=stale)).encode())
    code = main([*MINI, "report", str(pdf), "-o", str(tmp_path / "out.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and f"{pdf} (attached session): stale.gone: more than 200" in err
    assert not (tmp_path / "out.pdf").exists()


def test_a_lone_surrogate_carried_in_a_pdf_is_refused(tmp_path: Path) -> None:
    """Case 3 through a PDF."""
    data = json.dumps(session_data(profile={"project_name": "\ud800", "audience": "internal"}))
    pdf = pdf_with_attachments(tmp_path / "r.pdf", data.encode())
    refused_in_one_line(pdf, "(attached session): profile.project_name: contains an invalid character (U+D800)")


def test_surrogates_encoded_into_the_attachment_bytes_are_not_utf8(tmp_path: Path) -> None:
    data = json.dumps(session_data(profile={"project_name": "x", "audience": "internal"}))
    raw = data.replace('"x"', '"\ud800"').encode("utf-8", "surrogatepass")
    pdf = pdf_with_attachments(tmp_path / "r.pdf", raw)
    refused_in_one_line(pdf, "the attached session is not UTF-8 text")
