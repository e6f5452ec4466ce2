"""Start-up stays light: what the window needs to show its first question imports no report engine.

Time is measured by benchmarks/run.py, never asserted here; this only guards
the imports that made start-up slow if they crept back onto its path.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("weasyprint", "pypdf", "fontTools", "PIL", "pydyf", "tinycss2", "pypdfium2", "pyhanko", "cryptography")


def test_the_window_and_cli_import_no_report_engine() -> None:
    code = (
        "import sys, wizard.cli, wizard.ui.app, wizard.ui.main_window\n"
        "from wizard.flows import load_flows\nfrom wizard.paths import flows_dir\nload_flows(flows_dir())\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert out.strip() == "[]"


def test_warm_up_loads_the_report_engine_in_the_background() -> None:
    from wizard.ui.app import warm_up_report_engine

    thread = warm_up_report_engine()
    thread.join(timeout=60)
    assert not thread.is_alive() and thread.daemon
    assert "weasyprint" in sys.modules
