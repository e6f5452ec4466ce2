"""What reaches the PDF (issue 13, cases 7, 8, 12) and how the PDF engine is loaded (the 86 child processes)."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from markupsafe import Markup

from wizard.printable import STEP, ZERO_WIDTH_SPACE, printable
from wizard.review import Review

LONG_URL = "https://example.com/" + "a" * 243  # 263 characters, no break opportunity


def finished(mini, project: str = "P", note: str | None = None) -> Review:
    review = Review(mini)
    for value in (project, "internal", "yes_branch", ["a"], "y"):
        review.answer(value, note=note)
    return review


def overflow(review: Review) -> float:
    """How far, in CSS pixels, the widest line of text reaches past the right edge of its page."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from wizard.paths import templates_dir
    from wizard.report import PackageFetcher, render_html

    document = HTML(
        string=render_html(review.flowset, review.session),
        base_url=templates_dir().resolve().as_uri() + "/",
        url_fetcher=PackageFetcher(),
    ).render()
    return max(
        box.position_x + box.width - page.width
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox)
    )


def test_a_long_url_wraps_inside_its_cell(mini) -> None:
    """Case 7: a 263-character URL in a note or the use case ran out of its cell and off the page."""
    assert overflow(finished(mini, project=LONG_URL, note=LONG_URL)) <= 0


def test_long_runs_get_break_opportunities_that_keep_marks_with_their_letter() -> None:
    """Case 8: an unbroken run is laid out again for every line (quadratic) unless it can break."""
    run = ("e\u0301" * 60) + "x" * 100
    shown = printable(run)
    assert shown.replace(ZERO_WIDTH_SPACE, "") == run
    pieces = shown.split(ZERO_WIDTH_SPACE)
    assert all(not unicodedata.combining(piece[0]) for piece in pieces), "a mark never starts a piece"
    assert max(len(p.replace("\u0301", "")) for p in pieces) <= STEP
    assert printable("short words stay as they are") == "short words stay as they are"
    assert printable("f" * 64) == "f" * 64, "a sha256 digest is printed whole"


def test_unprintable_characters_become_visible_symbols() -> None:
    assert printable("bell\x07 esc\x1b del\x7f c1\x85 half\ud800 end\uffff") == "bell␇ esc␛ del␡ c1\ufffd half\ufffd end\ufffd"
    assert printable("tab\tnew\nline\r") == "tab\tnew\nline\r"
    assert printable(Markup("<b>\x07</b>")) == Markup("<b>\x07</b>"), "template output is left alone"
    assert printable(42) == 42


def test_control_characters_keep_the_xmp_well_formed(mini) -> None:
    """Case 12: text typed in the window with control characters reached the XMP raw; pypdf could not parse it."""
    from pypdf import PdfReader

    from wizard.answers import AnswerError
    from wizard.report import render_pdf

    review = Review(mini)
    with pytest.raises(AnswerError, match="control character"):  # refused where it is typed, since the window too
        review.answer("Kestrel\x07\x1b[31m")
    review.answer('Kestrel\tTab & <angle> "quote"')
    reader = PdfReader(io.BytesIO(render_pdf(review.flowset, review.session)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    title = " ".join(xmp.dc_title.values()) if isinstance(xmp.dc_title, dict) else str(xmp.dc_title)
    assert "Kestrel" in title and "<angle>" in title
    assert reader.metadata.title.startswith("Kestrel")


def test_a_report_runs_no_other_programs(tmp_path: Path) -> None:
    """The PDF stack used to start ldconfig, gcc and ld 54 times per report (86 processes with gcc's children)."""
    session = tmp_path / "s.json"
    pdf = tmp_path / "r.pdf"
    code = textwrap.dedent(f"""
        import sys
        spawned = []
        sys.addaudithook(lambda event, args: spawned.append(repr(args)[:80])
                         if event in ("subprocess.Popen", "os.posix_spawn", "os.exec", "os.fork") else None)
        from wizard.cli import main
        flows = ["--flows", {str(FIXTURES / "mini")!r}]
        assert main([*flows, "answer", {str(ROOT / "tests" / "fixtures" / "mini-scenario.yaml")!r},
                     "-o", {str(session)!r}]) == 0
        assert main([*flows, "report", {str(session)!r}, "-o", {str(pdf)!r}]) == 0
        print("spawned", len(spawned), spawned[:3])
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "spawned 0 []" in done.stdout, done.stdout
    assert pdf.read_bytes().startswith(b"%PDF")


def test_the_library_lookup_falls_back_to_the_ordinary_one() -> None:
    """On a system whose libraries carry other names, the import is done again the usual way (own process:
    the fallback imports WeasyPrint afresh)."""
    code = textwrap.dedent("""
        import ctypes.util, sys
        from wizard import nativelibs
        calls = []
        real_import = nativelibs._import
        def first_fails():
            calls.append(ctypes.util.find_library.__name__)
            if len(calls) == 1:
                import weasyprint  # half imported, as when a library is missing
                raise OSError("cannot load library 'libpango-1.0.so.0'")
            return real_import()
        nativelibs._import = first_fails
        sys.platform = "linux"
        print(nativelibs.import_weasyprint().__name__, calls, ctypes.util.find_library.__name__)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "weasyprint ['_not_searched', 'find_library'] find_library", done.stderr
