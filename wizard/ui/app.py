"""Start the desktop application: load flows, style, open the window."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from wizard.flows import FlowError, load_flows
from wizard.paths import flows_dir, resources_dir, user_data_dir


def run(flows: Path | None = None, open_file: Path | None = None) -> int:
    from PySide6.QtGui import QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wizard.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Bedrock Terms Wizard")
    app.setOrganizationName("bedrock-terms-wizard")
    apply_style(app)
    icon = resources_dir() / "icons" / "app.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    for font in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    try:
        flowset = load_flows(flows or flows_dir())
    except FlowError as exc:
        shown = "\n".join(str(p) for p in exc.problems[:10])
        QMessageBox.critical(None, "The interview files are broken", f"The wizard cannot start:\n\n{shown}")
        print(f"bedrock-wizard: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(flowset, user_data_dir(), open_file)
    window.show()
    failed = window.open_error  # shown in a dialog; a terminal also gets the line and exit status 1
    if failed:
        print(f"bedrock-wizard: {failed}", file=sys.stderr)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(WARM_UP_DELAY_MS, warm_up_report_engine)
    status = app.exec()
    return 1 if failed else status


WARM_UP_DELAY_MS = 1000


def warm_up_report_engine() -> threading.Thread:
    """Import WeasyPrint in the background once the first question is on screen.

    Start-up imports nothing heavy, so the first question shows fast; loading
    the report engine (about 0.4 s) while the user reads means the first
    report does not pay for it. A broken install is reported when a report is
    actually made, never here.
    """

    def load() -> None:
        try:
            import weasyprint  # noqa: F401
            import weasyprint.text.fonts  # noqa: F401
        except Exception:  # noqa: BLE001 - see the docstring
            pass

    thread = threading.Thread(target=load, name="warm-up-report-engine", daemon=True)
    thread.start()
    return thread


def apply_style(app) -> None:
    """The bundled style sheet in the system's light or dark colours (wizard/ui/style.py); nothing is fetched.

    A damaged install (style files missing or broken) starts unstyled, with one line on stderr.
    """
    from wizard.ui import style

    try:
        style.apply_style(app)
    except (OSError, ValueError, KeyError) as exc:
        print(f"bedrock-wizard: the style could not be loaded ({exc}); starting with the system's look",
              file=sys.stderr)
