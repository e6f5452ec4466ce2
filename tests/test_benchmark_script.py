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
