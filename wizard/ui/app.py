"""Start the desktop application: style, fonts, the window; the bundled flows just after its first paint."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.paths import flows_dir, resources_dir, user_data_dir

if TYPE_CHECKING:
    from wizard.flows import FlowError, FlowSet


def run(flows: Path | None = None, open_file: Path | None = None) -> int:
    fewer_malloc_arenas()  # before any thread is started
    from PySide6.QtGui import QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication

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
    flowset = flows_for_start(flows, open_file)
    if flowset is None:
        return 1
    data_dir = usable_data_dir()
    if data_dir is None:
        return 1
    window = MainWindow(flowset, data_dir, open_file, quick_start=True)
    window.show()
    failed = window.open_error  # shown in a dialog; a terminal also gets the line and exit status 1
    if failed:
        print(f"bedrock-wizard: {failed}", file=sys.stderr)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(WARM_UP_DELAY_MS, warm_up_report_engine)
    status = app.exec()
    return 1 if failed else status


def flows_for_start(flows: Path | None, open_file: Path | None) -> FlowSet | Callable[[], FlowSet] | None:
    """The flows for the window, or how to load them; None (the user told why) when they cannot be used.

    Flows the user names with --flows are checked in full before the window, and
    a file to open needs its flows at once. Otherwise the window is given
    `bundled_flows`, which it calls just after its first paint: the bundled flows
    are proven once per version (wizard/proven.py), so the first screen need not
    wait for their modules and files.
    """
    if flows is None and open_file is None:
        return bundled_flows
    from wizard.flows import FlowError, load_flows

    try:
        return load_flows(flows) if flows else bundled_flows()
    except FlowError as exc:
        broken_flows(exc)
        return None


def bundled_flows() -> FlowSet:
    from wizard.proven import load_bundled

    return load_bundled(flows_dir())


def broken_flows(exc: FlowError) -> None:
    """The wizard cannot start: a dialog names the first problems and stderr gets the line."""
    from PySide6.QtWidgets import QMessageBox

    shown = "\n".join(str(p) for p in exc.problems[:10])
    QMessageBox.critical(None, "The interview files are broken", f"The wizard cannot start:\n\n{shown}")
    print(f"bedrock-wizard: {exc}", file=sys.stderr)


WARM_UP_DELAY_MS = 1000
MALLOC_ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def fewer_malloc_arenas() -> bool:
    """On glibc, let the report's worker threads share two heaps; True if it was set.

    glibc gives threads that allocate their own heap ("arena", up to eight per
    core) and memory freed in one is not reused by another, so a render ahead in
    one thread and Create PDF in the next each kept a full layout's memory (about
    20 MB more at the peak). Python allocates under its interpreter lock, so
    fewer arenas cost no speed. Other C libraries: nothing to do.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(M_ARENA_MAX, MALLOC_ARENAS))


def usable_data_dir() -> Path | None:
    """The folder for autosaves; if it cannot be used, a dialog says why and where and offers another one.

    A data folder that is a file, or a HOME that cannot be written, must not
    stop the user from working: they choose a folder for this run's autosaves
    (and can open or save a review anywhere). None when they quit instead;
    the reason is then printed on stderr.
    """
    from wizard.datafolder import usable_folder  # the workspace's check, without loading the workspace

    try:
        folder = user_data_dir()
        problem = usable_folder(folder)
    except Exception as exc:  # noqa: BLE001 - e.g. no home folder at all: platformdirs cannot name one
        folder, problem = Path("~"), f"the user's folders cannot be found ({exc})"
    while problem:
        chosen = ask_for_data_dir(folder, problem)
        if chosen is None:
            print(f"bedrock-wizard: {folder}: cannot keep autosaves there: {problem}", file=sys.stderr)
            return None
        folder, problem = chosen, usable_folder(chosen)
    return folder


def ask_for_data_dir(folder: Path, problem: str) -> Path | None:
    """Say what is wrong with the autosave folder and where; the folder the user picks instead, or None to quit."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    box = QMessageBox(
        QMessageBox.Critical,
        "Autosave folder unusable",
        f"The wizard keeps every answer in an autosave, but it cannot use the folder\n\n{folder}\n\n"
        f"because {problem}.\n\nChoose another folder for this run's autosaves; you can still open and save "
        "reviews anywhere. To use another folder every time, set BEDROCK_WIZARD_DATA.",
    )
    box.setObjectName("dataFolderPrompt")
    choose = box.addButton("Choose a folder…", QMessageBox.AcceptRole)
    box.addButton("Quit", QMessageBox.RejectRole)
    box.setDefaultButton(choose)
    box.exec()
    if box.clickedButton() is not choose:
        return None
    chosen = QFileDialog.getExistingDirectory(None, "Folder for autosaves", str(Path.home()))
    return Path(chosen) if chosen else folder  # cancelled: ask again


def warm_up_report_engine() -> threading.Thread:
    """Import WeasyPrint in the background once the first question is on screen.

    Start-up imports nothing heavy, so the first question shows fast; loading
    the report engine (about 0.4 s) while the user reads means the first
    report does not pay for it. A broken install is reported when a report is
    actually made, never here.
    """

    def load() -> None:
        try:
            from wizard.nativelibs import import_weasyprint

            import_weasyprint()
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
        print(f"bedrock-wizard: the style could not be loaded ({exc}); starting with the system's look", file=sys.stderr)
