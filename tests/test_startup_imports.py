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


# What the first screen (the start page) does not need: every other page, the parts sidebar, the workspace and
# the review behind it, the core's derived view, counsel's commands, comparing, summaries, printing, signing,
# the YAML parser, and the standard modules only those need (a few milliseconds each at start).
LAZY = (
    "wizard.ui.question_page",
    "wizard.ui.review_page",
    "wizard.ui.finish_page",
    "wizard.ui.counsel_page",
    "wizard.ui.sidebar",
    "wizard.ui.pdf_preview",
    "wizard.ui.sign_decision",
    "wizard.ui.report_worker",
    "wizard.ui.dialogs",
    "wizard.workspace",
    "wizard.review",
    "wizard.derive",
    "wizard.findings",
    "wizard.counsel",
    "wizard.counsel_view",
    "wizard.graph",
    "wizard.diff",
    "wizard.summary",
    "wizard.printing",
    "wizard.report",
    "wizard.signing",
    "wizard.scenario",
    "wizard.yamlsource",  # the bundled flows come from their parsed copy (wizard/proven.py): no YAML parser
    "yaml",
    "uuid",  # a new review's id (`session.new_review_id`), with `platform`
    "platform",
    "subprocess",  # handing files to the desktop (`ui/desktop.py`)
)
# What the start page needs only once it lists the reviews, just after the first paint: the bundled flows (proven
# once per version, wizard/proven.py) and the catalogue of reviews.
AFTER_PAINT = (
    "wizard.flows",
    "wizard.proven",
    "wizard.vocabulary",
    "wizard.conditions",
    "wizard.catalog",
    "wizard.portfolio",
    "pickle",
)
# Enums of widget classes the first screen never shows (a wizard, a calendar, a tab widget). PySide sets every
# widget class up the first time C++ hands it a widget it did not make (as `QScrollArea.viewport()` does): 78
# classes' enums, about 10 ms, before the first paint (`layouts.page_scroll` makes its viewport instead).
UNUSED_ENUMS = ("WizardStyle", "HorizontalHeaderFormat", "TabShape")
# The app's own start-up (`bedrock-wizard` with no command), watched at the first paint of its window and once
# the start page has listed the reviews. Any failure exits the process, so the test never waits on a window.
APP_START = """
import enum, os, sys, traceback

made = []  # the Python enums PySide has made so far: it makes a Qt class's enums when it first sets the class up
_create = enum.EnumType._create_
enum.EnumType._create_ = lambda cls, name, *a, **k: made.append(name) or _create(cls, name, *a, **k)
import wizard.ui.main_window as main_window
from PySide6.QtCore import QTimer

def loaded(names):
    return sorted(m for m in names if m in sys.modules)

class Watched(main_window.MainWindow):
    def show(self):
        super().show()
        QTimer.singleShot(0, self.first_paint)
        QTimer.singleShot(60_000, lambda: os._exit(3))

    def first_paint(self):
        try:
            self.repaint()
            assert self.start_page.isVisible() and self.start_page.new_button.isVisible()
            print("FIRST", loaded(LAZY + AFTER_PAINT), len(self.start_page.rows), flush=True)
            print("UNUSED CLASSES SET UP", sorted(set(UNUSED_ENUMS) & set(made)), flush=True)
            self.wait_for_list()
        except BaseException:
            traceback.print_exc()
            os._exit(2)

    def wait_for_list(self):
        rows = self.start_page.rows
        if not (rows and rows[0].open_button.isVisible()) or "wizard.workspace" not in sys.modules:
            QTimer.singleShot(20, self.wait_for_list)
            return
        print("LISTED", len(rows), rows[0].record.path.name, loaded(AFTER_PAINT) == sorted(AFTER_PAINT), flush=True)
        os._exit(0)

main_window.MainWindow = Watched
from wizard.cli import main
sys.exit(main([]))
"""


def test_the_app_paints_its_start_page_before_the_rest_and_lists_the_reviews_just_after(tmp_path) -> None:
    """The first paint imports no other page, no workspace and no report code; the list of reviews follows it."""
    import os

    from wizard import proven
    from wizard.fsio import save
    from wizard.paths import flows_dir
    from wizard.session import Session

    home, data, cache = tmp_path / "home", tmp_path / "data", tmp_path / "cache"
    home.mkdir()
    data.mkdir()
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "BEDROCK_WIZARD_DATA": str(data),
        "BEDROCK_WIZARD_CACHE": str(cache),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    old = os.environ.get("BEDROCK_WIZARD_CACHE")
    os.environ["BEDROCK_WIZARD_CACHE"] = str(cache)
    try:  # as after the app's first run: the bundled flows proven and parsed once
        flowset = proven.load_bundled(flows_dir())
    finally:
        if old is None:
            del os.environ["BEDROCK_WIZARD_CACHE"]
        else:
            os.environ["BEDROCK_WIZARD_CACHE"] = old
    save(Session(flows_digest=flowset.digest), data / "review-1.json")
    proc = subprocess.run(
        [sys.executable, "-c", f"LAZY = {LAZY!r}\nAFTER_PAINT = {AFTER_PAINT!r}\nUNUSED_ENUMS = {UNUSED_ENUMS!r}\n{APP_START}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith(("FIRST", "LISTED", "UNUSED"))]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert lines == ["FIRST [] 0", "UNUSED CLASSES SET UP []", "LISTED 1 review-1.json True"], (lines, proc.stderr[-2000:])


# The bundled flows found damaged once the window is up (they load just after its first paint).
DAMAGED = """
import sys
from PySide6.QtWidgets import QMessageBox
import wizard.ui.app as app
from wizard.flows import FlowError, Problem

def damaged():
    raise FlowError([Problem("flows/alpha.yaml", 7, "unknown key 'nxt'")])

def critical(parent, title, text):
    print("DIALOG", title, "|", " ".join(text.split()), flush=True)

app.bundled_flows = damaged
QMessageBox.critical = critical
from wizard.cli import main
sys.exit(main([]))
"""


def test_damaged_bundled_flows_found_after_the_first_paint_are_said_in_a_dialog_and_end_with_status_1(tmp_path) -> None:
    import os

    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "BEDROCK_WIZARD_DATA": str(tmp_path / "data"),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    proc = subprocess.run([sys.executable, "-c", DAMAGED], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == [
        "DIALOG The interview files are broken | The wizard cannot start: flows/alpha.yaml:7: unknown key 'nxt'"
    ]
    assert "Traceback" not in proc.stderr
    assert "bedrock-wizard: flows/alpha.yaml:7: unknown key 'nxt'" in proc.stderr
