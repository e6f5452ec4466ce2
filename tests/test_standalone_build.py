"""The PyInstaller one-folder build starts and writes a report from outside the checkout.

Too slow for every run (a minute or more): it runs only when
BEDROCK_WIZARD_TEST_PYINSTALLER=1 is set.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from pypdf import PdfReader

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("BEDROCK_WIZARD_TEST_PYINSTALLER") != "1",
        reason="set BEDROCK_WIZARD_TEST_PYINSTALLER=1 to build and test the PyInstaller app",
    ),
]


def test_frozen_app_checks_answers_reports_and_opens(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BEDROCK_WIZARD_NO_DEB": "1"}  # the .deb: test_deb_package
    env["BEDROCK_WIZARD_CACHE"] = str(tmp_path / "cache")  # a user's cache, empty: their first start
    subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(tmp_path / "dist")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=900,
    )
    app = tmp_path / "dist" / "bedrock-wizard" / "bedrock-wizard"
    outside = tmp_path / "elsewhere"
    outside.mkdir()

    def run(*args: str) -> str:
        proc = subprocess.run([str(app), *args], cwd=outside, env=env, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "_internal" in run("check") and "ok" in run("check")
    run("answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", "s.json")
    run("report", "s.json", "-o", "out.pdf", "--paper", "a4")
    # The build proved the flows: the bundle carries the proof, and no user's first start proves them again.
    assert (app.parent / "_internal" / "wizard" / "_data" / "flows" / ".proven").is_file()
    assert (tmp_path / "cache").is_dir() and not list((tmp_path / "cache").glob("proven-flows-*"))
    reader = PdfReader(str(outside / "out.pdf"))
    assert "bedrock-wizard-session.json" in reader.attachments
    assert "Helios customer support assistant" in " ".join(reader.pages[0].extract_text().split())

    gui = subprocess.Popen([str(app)], cwd=outside, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4)
    try:
        assert gui.poll() is None, f"the window closed at once: {gui.stderr.read().decode()[-2000:] if gui.stderr else ''}"
    finally:
        gui.terminate()
        gui.wait(timeout=30)
