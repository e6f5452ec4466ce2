"""benchmarks/run.py still runs: one tiny section, one pair, its line printed (no figure is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench(tmp_path: Path, section: str, prerender: bool = False) -> str:
    """One section of benchmarks/run.py, once, in a private home; what it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), BEDROCK_WIZARD_DATA=str(tmp_path / "data"))
    if prerender:  # the test suite turns the render ahead off; the app has it on
        env.pop("BEDROCK_WIZARD_PRERENDER", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", section, "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=300,
    ).stdout


def test_the_start_pair_runs_and_prints_its_row_with_a_ratio(tmp_path) -> None:
    out = bench(tmp_path, "start")
    row = next(line for line in out.splitlines() if "launch to first paint (offscreen)" in line)
    assert "bare PySide6 window" in row and "ratio" in row and "load" in row


def test_the_redraw_section_prints_its_line_with_the_report_rendered_ahead(tmp_path) -> None:
    """The owner-entry child measures with the render ahead on, as the app runs, and its figures reach the parent."""
    out = bench(tmp_path, "redraw", prerender=True)
    row = next(line for line in out.splitlines() if "owner entry on the review page" in line)
    assert "p95" in row and "while the report rendered ahead" in row and "of 20 entries" in row


def test_the_start_floor_and_the_first_start_print_their_rows(tmp_path) -> None:
    """The styled shell (the floor of any start) and the first start of a version, each against its peer."""
    out = bench(tmp_path, "start,shell,first_start")
    shell = next(line for line in out.splitlines() if "the styled shell" in line)
    assert "bare PySide6 window" in shell and "ratio" in shell and "floor of any start" in shell
    assert any("our start (offscreen) against the styled shell" in line for line in out.splitlines())
    first = next(line for line in out.splitlines() if "the first start of this version" in line)
    assert "a later start" in first and "ratio" in first


def test_the_words_alone_keep_every_word_of_the_report_and_nothing_else(flowset) -> None:
    """The report ceiling's document: the same words in the same order, as plain paragraphs only."""
    import html as entities
    import re

    from wizard.report import render_html
    from wizard.scenario import run_scenario

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    html = render_html(flowset, run_scenario(flowset, ROOT / "examples" / "customer-chatbot.yaml"))
    words = run.words_only(html)
    assert re.fullmatch(r"<html><body>(<p>[^<]+</p>)+</body></html>", words)
    body = html.split("<body", 1)[1].split(">", 1)[1]
    expected = entities.unescape(re.sub(r"<[^>]+>", " ", body)).split()
    assert entities.unescape(re.sub(r"<[^>]+>", " ", words)).split() == expected
