"""Start-up stays light: what the window needs to show its first question imports no report engine.

Time is measured by benchmarks/run.py, never asserted here; this only guards
the imports that made start-up slow if they crept back onto its path.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "weasyprint",
    "pypdf",
    "fontTools",
    "PIL",
    "pydyf",
    "tinycss2",
    "jinja2",  # the report's and the summary's templates: loaded when one is made
    "xlsxwriter",  # the register's spreadsheet
    "openpyxl",
    "pyhanko",  # signing
    "pypdfium2",  # PDF previews
    "cryptography",  # pyHanko's
)
FIRST_SCREEN = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from wizard.paths import flows_dir
from wizard.proven import load_bundled
from wizard.ui.app import apply_style
from wizard.ui.main_window import MainWindow
app = QApplication(sys.argv[:1])
apply_style(app)
window = MainWindow(load_bundled(flows_dir()), Path(sys.argv[1]))
window.show()
app.processEvents()
window.repaint()
assert window.pages.currentWidget().isVisible()
print(sorted(m for m in HEAVY if m in sys.modules))
"""


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


def test_the_windows_first_screen_imports_no_report_engine(tmp_path) -> None:
    """The window shown and painted (the start page, reviews listed): still no template, PDF or spreadsheet library."""
    home = tmp_path / "home"
    home.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{FIRST_SCREEN}", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "BEDROCK_WIZARD_DATA": str(tmp_path / "data"),
        },
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
