"""Benchmarks for issue #6: cold start, step latency, report render, memory, path lengths.

Plain Python, no service: `.venv/bin/python benchmarks/run.py [--runs N] [--only NAMES]`.
Every figure is the median of N runs (default 5), each GUI figure in a fresh
child process (Qt offscreen), so one run never warms the next. Figures are
printed against the issue's targets; they are never asserted in tests,
because wall-clock numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TARGETS = {
    "cold_start_s": 0.8,
    "step_ms": 16.0,
    "report_s": 1.0,
    "chromium_ratio": 1.0,
    "peak_rss_mb": 200.0,
    "register_s": 2.0,  # issue #18: the findings register of 200 reviews
    "redraw_ms": 16.0,  # issue 22: an owner or due date entry -> its row redrawn (issue 21: at p95)
    "create_s": 0.15,  # issue 21: Create PDF once the review page has shown, nothing changed
}
SECTIONS = (
    "cold",
    "steps",
    "redraw",
    "create",
    "report",
    "chromium",
    "paths",
    "register",
    "pdf",
    "start",
    "xvfb",
    "floor",
    "chromium_cli",
    "shell",
    "first_start",
    "unstyled",
)
REGISTER_REVIEWS = 200
SETTLE_TURNS = 50  # turns of the event loop a click may leave work for (layout passes), at most


# -- children: each runs in a fresh interpreter --------------------------------------------
# Runs as `python -c`, so the timed process imports nothing the app itself would not.
# Prints WINDOW when the first screen is painted and SHOWN when the first
# question is; with a start screen, "New review" is chosen at once. Any failure
# exits the process, so the parent never waits on a hung window.
COLD_START = """
import os, sys, traceback
import wizard.ui.main_window as main_window
from PySide6.QtCore import QTimer

class Timed(main_window.MainWindow):
    def show(self):
        super().show()
        QTimer.singleShot(0, self._bench_shown)
        QTimer.singleShot(30_000, lambda: os._exit(3))

    def _bench_shown(self):
        try:
            self.repaint()
            print("WINDOW", flush=True)
            if self.pages.currentWidget() is not self.question_page:
                self.new_review()
                self.repaint()
            page = self.question_page
            assert page.isVisible() and page.title.text(), "no question on screen"
            print("SHOWN", flush=True)
            os._exit(0)
        except BaseException:
            traceback.print_exc()
            os._exit(2)

main_window.MainWindow = Timed
from wizard.cli import main
sys.exit(main([]))
"""


def paint_counter():  # noqa: ANN201 - a QObject, made after Qt is imported in the child
    """An event filter counting paint events, and when the last came: the moment the redrawn widget was drawn."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count, last = 0, 0.0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Paint:
                self.count += 1
                self.last = time.perf_counter()
            return False

    return PaintCounter()


def settle() -> None:
    """Turn the event loop until a turn delivers nothing: the window idle again, the click's layout passes done."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop

    dispatcher = QAbstractEventDispatcher.instance()
    for _ in range(SETTLE_TURNS):
        if not dispatcher.processEvents(QEventLoop.AllEvents):
            return


def edits_jumps_and_backs(window, click, enter) -> None:  # noqa: ANN001 - the window, the timer, the tests' input
    """On the review page: Edit, a new answer and Next, back to it; then each part from the sidebar and Back in it."""
    for i in range(EDITS):  # Edit on the review page, a new answer, Next: back on the review page, one group redrawn
        window.edit_answer("profile", "project_name")
        settle()
        enter(window.question_page, f"Helios v{i + 2}")
        settle()
        click("edit_ms", window.go_next)
        assert window.pages.currentWidget() is window.review_page, f"the edit did not return to the review: {window.view}"
    for row in range(window.sidebar.count() - 1):  # each part from the sidebar, then Back three times in it
        click("jump_ms", lambda row=row: window.sidebar.itemClicked.emit(window.sidebar.item(row)))
        assert window.pages.currentWidget() is window.question_page, "the sidebar did not open the part"
        for _ in range(3):
            if window.back_button.isEnabled():
                click("back_ms", window.go_back)
    window.show_review()
    settle()


def child_review(example: str, out_dir: str, warm: str = "warm") -> None:
    """A full scripted review in the real MainWindow, sidebar jumps and Backs, then the report through its worker.

    Prints JSON: milliseconds per click from the input to the redrawn page drawn (the last paint of the
    page the click caused) and to the window idle again (its autosave on disk), for each answered question
    (answer -> next question, the last one -> the review page), each jump from the sidebar to a part and
    each Back; the report's seconds and the process's peak RSS.
    """
    import resource

    import yaml
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from wizard.flows import load_flows
    from wizard.paths import flows_dir, resources_dir
    from wizard.ui.app import apply_style, fewer_malloc_arenas, warm_up_report_engine
    from wizard.ui.main_window import MainWindow

    fewer_malloc_arenas()  # as the app starts
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from scripted_input import enter  # the tests' way to answer a page without keys

    warm_up = warm == "warm"
    app = QApplication(sys.argv[:1])
    apply_style(app)
    from PySide6.QtGui import QFontDatabase

    for font in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    answers = yaml.safe_load(Path(example).read_text(encoding="utf-8"))
    window = MainWindow(load_flows(flows_dir()), Path(out_dir) / "data")
    painter = paint_counter()
    window.question_page, window.review_page, window.finish_page  # noqa: B018 - built now (else on first use), to be watched
    for i in range(window.pages.count()):
        window.pages.widget(i).installEventFilter(painter)
    window.question_page.title.installEventFilter(painter)
    window.show()
    app.processEvents()
    if warm_up:  # as the app does a second after start; a person reads the first question for longer than that
        warm_up_report_engine().join()
    if window.pages.currentWidget() is not window.question_page:  # a start screen: choose New review
        window.new_review()
        app.processEvents()
    clicks: dict[str, list[float]] = {kind: [] for kind in CLICKS}
    idle: dict[str, list[float]] = {kind: [] for kind in clicks}

    def click(kind: str, action) -> None:  # noqa: ANN001 - a slot of the window
        painted = painter.count
        start = time.perf_counter()
        action()
        app.sendPostedEvents(None, QEvent.DeferredDelete)  # old answer widgets, as the event loop would
        app.processEvents()  # the offscreen platform paints the new page here, if the click did not already
        settle()  # the layout passes the click left queued: before the next input, as a person's pause would
        idle[kind].append((time.perf_counter() - start) * 1000)
        assert painter.count > painted, f"{kind}: the page was not painted"
        clicks[kind].append((painter.last - start) * 1000)

    while window.pages.currentWidget() is window.question_page:
        flow_id, question = window.review.flow_id, window.review.question
        value = answers[flow_id][question.id]
        enter(window.question_page, value)
        app.processEvents()
        assert window.next_button.isEnabled(), f"{flow_id}.{question.id}: not accepted"
        click("steps_ms", window.go_next)
        assert len(clicks["steps_ms"]) < 200, "the review does not end"
    edits_jumps_and_backs(window, click, enter)
    if window.pages.currentWidget() is not window.finish_page:  # a review page before the report: go on
        window.go_next()
        app.processEvents()
    assert window.pages.currentWidget() is window.finish_page, "the review did not reach the report page"
    target = Path(out_dir) / "report.pdf"
    start = time.perf_counter()
    window.render_report(str(target), window.finish_page.paper.currentData())  # the paper the page shows, as a person clicks
    while window.worker is not None and not window.worker.isFinished():
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()
    report_s = time.perf_counter() - start
    assert target.is_file() and target.read_bytes()[:5] == b"%PDF-", window.finish_page.status.text()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    idle_of = {kind.replace("_ms", "_idle_ms"): times for kind, times in idle.items()}
    print(json.dumps({**clicks, **idle_of, "report_s": report_s, "peak_rss_mb": rss_mb}), flush=True)
    os._exit(0)


def child_redraw(runs: int, out_dir: str) -> None:
    """An owner entry on the review page of a finished review: command to redrawn row, and widgets replaced.

    As the app runs: the report is rendered ahead in the background, and the entries are made while that
    render is under way (a user typing an owner just after the page appears).
    """
    from PySide6.QtWidgets import QApplication, QWidget

    from wizard.flows import load_flows
    from wizard.fsio import save
    from wizard.paths import flows_dir
    from wizard.scenario import run_scenario
    from wizard.ui.main_window import MainWindow

    os.environ["BEDROCK_WIZARD_PRERENDER"] = "1"
    app = QApplication.instance() or QApplication([])
    flowset = load_flows(flows_dir())
    session = Path(out_dir) / "finished.json"
    save(run_scenario(flowset, ROOT / "examples" / "customer-chatbot.yaml"), session)
    window = MainWindow(flowset, Path(out_dir) / "data", session)
    window.show()
    app.processEvents()
    while not (window.ahead is not None and window.ahead.running()):  # the render ahead starts once the user pauses
        app.processEvents()
        time.sleep(0.01)
    box = window.review_page.counsel_panel.actions
    target = next(iter(box.rows))
    painter = paint_counter()
    for widget in (box.rows[target], *box.rows[target].findChildren(QWidget)):
        widget.installEventFilter(painter)
    window.review_page.scroll.ensureWidgetVisible(box.rows[target])  # on screen, as the field being typed in is
    app.processEvents()
    before = set(map(id, window.review_page.findChildren(QWidget)))
    times, idle, rendering = [], [], 0
    for i in range(runs):
        rendering += window.ahead.running()
        painted = painter.count
        start = time.perf_counter()
        window.set_action(target, f"Owner {i}", f"2026-12-{1 + i % 28:02d}")
        app.processEvents()
        idle.append((time.perf_counter() - start) * 1000)
        assert box.rows[target].owner.text() == f"Owner {i}" and painter.count > painted, "the row was not redrawn"
        times.append((painter.last - start) * 1000)
    after = set(map(id, window.review_page.findChildren(QWidget)))
    window.workspace.modified = False
    window.setWindowModified(False)
    window.close()  # the render ahead ends before the process does
    result = {"redraw_ms": times, "idle_ms": idle, "widgets": len(after), "replaced": len(after - before)}
    result["while_rendering"] = rendering
    print(json.dumps(result), flush=True)


def child_create(runs: int, out_dir: str) -> None:
    """Create PDF on the report step of a finished review: click to written file, with the render ahead on and off.

    Interleaved in one process, so both see the same load: "ahead" waits until the review page's
    background render is in the cache (as a user reading the page would), "cold" renders on the click.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from wizard.flows import load_flows
    from wizard.fsio import save
    from wizard.paths import flows_dir
    from wizard.prerender import key_of
    from wizard.scenario import run_scenario
    from wizard.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    flowset, out = load_flows(flows_dir()), Path(out_dir)
    session = out / "finished.json"
    save(run_scenario(flowset, ROOT / "examples" / "customer-chatbot.yaml"), session)
    times: dict[str, list[float]] = {"ahead": [], "cold": []}
    for i in range(runs * 2):
        mode = ("ahead", "cold")[(i + i // 2) % 2]  # alternate which goes first
        os.environ["BEDROCK_WIZARD_PRERENDER"] = "1" if mode == "ahead" else "0"
        window = MainWindow(flowset, out / f"data{i}", session, settings=QSettings(str(out / f"s{i}.ini"), QSettings.IniFormat))
        window.show()
        window.finish_page.paper.setCurrentIndex(window.finish_page.paper.findData("a4"))
        window.show_review()
        while mode == "ahead" and window.render_cache.get(key_of(flowset, window.review.session, "a4")) is None:
            app.processEvents()
            time.sleep(0.01)
        window.show_page("report")
        window.finish_page.path.setText(str(out / f"report{i}.pdf"))
        start = time.perf_counter()
        window.finish_page.create.click()
        while not window.finish_page.open_pdf.isVisible():
            app.processEvents()
            time.sleep(0.002)
        times[mode].append(time.perf_counter() - start)
        window.workspace.modified = False
        window.setWindowModified(False)
        window.close()
    print(json.dumps(times), flush=True)


def child_report(runs: int, out_dir: str, chromium: str = "-") -> None:
    """Scenario file -> session -> PDF for each example, `runs` times; the first render also pays the imports.

    With a Chromium binary, each WeasyPrint run is followed by Chromium printing
    the same HTML, so both see the same load on a shared machine.
    """
    from wizard.flows import load_flows
    from wizard.paths import flows_dir
    from wizard.report import render_html, write_report
    from wizard.scenario import run_scenario

    flowset = load_flows(flows_dir())
    result: dict[str, dict] = {}
    first: float | None = None
    for example in EXAMPLES:
        html = Path(out_dir) / f"{example.stem}.html"
        html.write_text(_for_chromium(render_html(flowset, run_scenario(flowset, example), "a4")), encoding="utf-8")
        times, chromium_times = [], []
        for i in range(runs + (1 if first is None else 0)):
            target = Path(out_dir) / f"{example.stem}-{i}.pdf"
            start = time.perf_counter()
            session = run_scenario(flowset, example)
            write_report(flowset, session, target, paper="a4")
            elapsed = time.perf_counter() - start
            if first is None:
                first = elapsed
                continue
            times.append(elapsed)
            if chromium != "-":
                chromium_times.append(print_with_chromium(chromium, html, Path(out_dir) / f"chromium-{example.stem}.pdf"))
        result[example.stem] = {
            "times_s": times,
            "chromium_s": chromium_times,
            "pages": _pages(target),
            "chromium_pages": _pages(Path(out_dir) / f"chromium-{example.stem}.pdf") if chromium_times else None,
        }
    print(json.dumps({"first_s": first, "examples": result}), flush=True)


def child_pdf(runs: int, out_dir: str) -> None:
    """Issue #19's costs: tagged (PDF/A-3a + PDF/UA-1) against untagged (PDF/A-3b) size and render time,
    signing and verifying a report, and the report step's two-page preview. Prints JSON."""
    from wizard import report, signing, verify
    from wizard.flows import load_flows
    from wizard.paths import flows_dir
    from wizard.printing import PREVIEW_PAGES, PdfPages
    from wizard.scenario import run_scenario

    flowset = load_flows(flows_dir())
    report.render_pdf(flowset, run_scenario(flowset, EXAMPLES[0]))  # imports and fonts, not timed
    result: dict[str, dict] = {}
    for example in EXAMPLES:
        session = run_scenario(flowset, example)
        times: dict[bool, list[float]] = {True: [], False: []}
        size: dict[bool, int] = {}
        for _ in range(runs):  # back to back, so both see the same load on a shared machine
            for tagged in (True, False):
                start = time.perf_counter()
                size[tagged] = len(report._render(flowset, session, "a4", None, tagged=tagged))
                times[tagged].append(time.perf_counter() - start)
        result[example.stem] = {
            name: {"s": statistics.median(times[tagged]), "bytes": size[tagged]}
            for name, tagged in (("tagged", True), ("untagged", False))
        }
    pdf = Path(out_dir) / "sign-me.pdf"
    pdf.write_bytes(report.render_pdf(flowset, run_scenario(flowset, EXAMPLES[0])))
    start = time.perf_counter()
    identity = signing.self_made_identity("Bench Counsel", Path(out_dir) / "keys")
    made_s = time.perf_counter() - start
    sign_times, verify_times = [], []
    for i in range(runs):
        target = Path(out_dir) / f"signed-{i}.pdf"
        start = time.perf_counter()
        signing.sign_pdf(pdf, target, identity)
        sign_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert verify.signatures(target, trusted=set())[0].counts
        verify_times.append(time.perf_counter() - start)
    preview = []
    for _ in range(runs):
        start = time.perf_counter()
        with PdfPages(pdf) as pages:
            for index in range(PREVIEW_PAGES):
                pages.image(index, 72 * 460 / pages.size(index)[0])
        preview.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "examples": result,
                "certificate_s": made_s,
                "first_sign_s": sign_times[0],
                "sign_s": statistics.median(sign_times[1:] or sign_times),
                "verify_s": statistics.median(verify_times[1:] or verify_times),
                "first_verify_s": verify_times[0],
                "signed_extra_bytes": Path(out_dir, "signed-0.pdf").stat().st_size - pdf.stat().st_size,
                "preview_s": statistics.median(preview),
            }
        ),
        flush=True,
    )


def print_with_chromium(binary: str, html: Path, pdf: Path) -> float:
    """Seconds for one `chromium --headless --print-to-pdf` of a file, start-up included."""
    start = time.perf_counter()
    subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={pdf.parent / 'chromium-profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - start
    if not pdf.is_file():
        raise RuntimeError(f"chromium wrote no PDF for {html.name}")
    return elapsed


def _for_chromium(html: str) -> str:
    """The report HTML with a file:// base, so Chromium finds report.css and the fonts as WeasyPrint does."""
    from wizard.paths import templates_dir

    base = templates_dir().resolve().as_uri() + "/"
    return html.replace("<head>", f'<head>\n  <base href="{base}">', 1)


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


# -- issue #21: every row against its peer, measured in the same run ----------------------
# Each pair runs back to back (us, then the peer, alternating which goes first), so
# both see the same load from other work; the ratio of each pair is the figure to read.
FRAME_MS = 16.0
PEER_SECTIONS = ("start", "xvfb", "shell", "first_start", "floor", "chromium_cli", "unstyled")
# The end of each peer window's code: `shown` is shown, and once painted the child says WINDOW and exits.
PAINTED_THEN_EXIT = """
def painted():
    shown.repaint()
    print("WINDOW", flush=True)
    os._exit(0)

shown.show()
QTimer.singleShot(0, painted)
QTimer.singleShot(30_000, lambda: os._exit(3))
app.exec()
"""
BARE_WINDOW = (
    """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
shown = QLabel("Bedrock Terms Wizard")
"""
    + PAINTED_THEN_EXIT
)
WEASYPRINT_FLOOR = """
import sys
from wizard.nativelibs import import_weasyprint

import_weasyprint()
from weasyprint import HTML

HTML(string="<p>Bedrock Terms Wizard</p>").write_pdf(sys.argv[1])
"""
# What any window of this product costs before a line of its own: the bare window as a main window with the
# app's style sheet, its bundled fonts and its three menus, nothing else of the app (issue #21's start floor).
STYLED_SHELL = (
    """
import os, sys
from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from wizard.paths import resources_dir
from wizard.ui.style import style_sheet

app = QApplication(sys.argv[:1])
app.setStyleSheet(style_sheet("light"))
for font in sorted((resources_dir() / "fonts").glob("*.ttf")):
    QFontDatabase.addApplicationFont(str(font))
window = QMainWindow()
for name in ("&File", "&Go", "&Help"):
    window.menuBar().addMenu(name)
label = QLabel("Bedrock Terms Wizard")
label.setAlignment(Qt.AlignmentFlag.AlignCenter)
window.setCentralWidget(label)
shown = window
"""
    + PAINTED_THEN_EXIT
)
# WeasyPrint alone printing an HTML file as it is: the report's own HTML without its style sheet, untagged,
# no attachment, is what no CSS change and nothing of the app can go below (issue #21's report ceiling).
PLAIN_WEASYPRINT = """
import sys
from wizard.nativelibs import import_weasyprint

import_weasyprint()
from weasyprint import HTML

HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""
CLI = "import sys; from wizard.cli import main; sys.exit(main())"  # as the console script calls it: the program


def _until_window(code: str, env: dict[str, str], wanted: str = "WINDOW") -> float:
    """Seconds from launch to the child's `wanted` line (WINDOW: its first screen painted); the child then exits."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    while line and line.strip() != wanted:
        line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=60)
    if line.strip() != wanted:
        raise RuntimeError(f"no {wanted} line (exit {proc.returncode}): {err[-2000:]}")
    return elapsed


def _timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env, timeout=300)
    return time.perf_counter() - start


def _pairs(runs: int, ours, peer) -> dict:  # noqa: ANN001 - two callables returning seconds
    """`runs` back-to-back pairs, the order alternating; medians and the median of the pairs' ratios."""
    us, them = [], []
    for i in range(runs):
        if i % 2:
            them.append(peer())
            us.append(ours())
        else:
            us.append(ours())
            them.append(peer())
    return {
        "us_s": statistics.median(us),
        "peer_s": statistics.median(them),
        "ratio": statistics.median(a / b for a, b in zip(us, them, strict=True)),
        "us_runs_s": us,
        "peer_runs_s": them,
        "load": os.getloadavg()[0],
    }


def bench_start_pair(runs: int, tmp: Path, env: dict[str, str] | None = None) -> dict:
    """Launch to the first screen painted (the start page, offscreen unless env says otherwise) against a bare window."""
    env = env or _env(tmp)
    first_paint = COLD_START.replace('print("WINDOW", flush=True)', 'print("WINDOW", flush=True); os._exit(0)')
    return _pairs(runs, lambda: _until_window(first_paint, env), lambda: _until_window(BARE_WINDOW, env))


def bench_shell_pair(runs: int, tmp: Path) -> dict:
    """The styled shell (the app's style sheet, fonts and menus, nothing else) against the bare window: #21's start floor."""
    env = _env(tmp)
    return _pairs(runs, lambda: _until_window(STYLED_SHELL, env), lambda: _until_window(BARE_WINDOW, env))


def bench_first_start_pair(runs: int, tmp: Path) -> dict:
    """Launch to the first question, the first start of this version for a user (no proof of the flows, no parsed
    copy: they are made just after the first paint) against a later start."""
    warm = _env(tmp)
    counter = iter(range(10_000))

    def first() -> float:
        cache = tmp / f"empty-cache-{next(counter)}"  # the user's cache folder, new each time
        return _until_window(COLD_START, dict(warm, BEDROCK_WIZARD_CACHE=str(cache)), "SHOWN")

    _until_window(COLD_START, warm, "SHOWN")  # the later starts' cache, filled once
    return _pairs(runs, first, lambda: _until_window(COLD_START, warm, "SHOWN"))


def bench_xvfb_pair(runs: int, tmp: Path) -> dict:
    """The same under Xvfb with a window manager (openbox): the first window mapped and painted on a real X server."""
    if not (shutil.which("Xvfb") and shutil.which("openbox")):
        return {"skipped": "Xvfb or openbox not found (Debian: apt-get install xvfb openbox)"}
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = dict(_env(tmp), DISPLAY=display, QT_QPA_PLATFORM="xcb")
        wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            return bench_start_pair(runs, tmp, env)
        finally:
            wm.terminate()
            wm.wait(timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answered(tmp: Path) -> tuple[Path, dict[str, str]]:
    env = _env(tmp)
    session = tmp / "peer-session.json"
    if not session.is_file():
        example = ROOT / "examples" / "customer-chatbot.yaml"
        subprocess.run(
            [sys.executable, "-c", CLI, "answer", str(example), "-o", str(session)], check=True, capture_output=True, env=env
        )
    return session, env


def bench_floor_pair(runs: int, tmp: Path) -> dict:
    """`bedrock-wizard report` (whole process) against the WeasyPrint floor: import it and write a one-line PDF."""
    session, env = _answered(tmp)
    ours = [sys.executable, "-c", CLI, "report", str(session), "-o", str(tmp / "peer-report.pdf"), "--paper", "a4"]
    floor = [sys.executable, "-c", WEASYPRINT_FLOOR, str(tmp / "floor.pdf")]
    cpu: dict[str, list[float]] = {"us": [], "peer": []}
    result = _pairs(runs, lambda: _timed_cpu(ours, env, cpu["us"]), lambda: _timed_cpu(floor, env, cpu["peer"]))
    result.update(_cpu_figures(cpu))
    result["pages"] = _pages(tmp / "peer-report.pdf")
    return result


def bench_chromium_pair(runs: int, tmp: Path) -> dict:
    """`bedrock-wizard report` against `chromium --headless --print-to-pdf` of the same report HTML, both whole processes."""
    binary = chromium_binary()
    if binary is None:
        return {"skipped": "chromium not found (Debian: apt-get install chromium)"}
    session, env = _answered(tmp)
    html = tmp / "peer-report.html"
    html.write_text(_for_chromium(_report_html(session)), encoding="utf-8")
    ours = [sys.executable, "-c", CLI, "report", str(session), "-o", str(tmp / "peer-report.pdf"), "--paper", "a4"]
    counter = iter(range(10_000))
    cpu: dict[str, list[float]] = {"us": [], "peer": []}

    def chromium() -> float:
        profile = tmp / f"chromium-profile-{next(counter)}"  # a fresh profile each time: nothing cached from the last run
        argv = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp / 'chromium.pdf'}", html.as_uri()]
        return _timed_cpu(argv, env, cpu["peer"])

    result = _pairs(runs, lambda: _timed_cpu(ours, env, cpu["us"]), chromium)
    result.update(_cpu_figures(cpu))
    result["pages"], result["peer_pages"] = _pages(tmp / "peer-report.pdf"), _pages(tmp / "chromium.pdf")
    return result


def _report_html(session: Path) -> str:
    """The report HTML of the answered session, A4, as `bedrock-wizard report` lays it out."""
    from wizard.flows import load_flows
    from wizard.paths import flows_dir
    from wizard.pdfsession import load_any
    from wizard.report import render_html

    return render_html(load_flows(flows_dir()), load_any(session), "a4")


def words_only(html: str) -> str:
    """The report's words and nothing else: one plain paragraph per block of text, no table, box or style."""
    import html as entities

    body = html.split("<body", 1)[1].split(">", 1)[1]
    blocks = re.split(r"</(?:p|li|td|th|h[1-6]|dt|dd|div|caption)>", body)
    paragraphs = (" ".join(entities.unescape(re.sub(r"<[^>]+>", " ", b)).split()) for b in blocks)
    return "<html><body>" + "".join(f"<p>{entities.escape(t)}</p>" for t in paragraphs if t) + "</body></html>"


def bench_unstyled_pair(runs: int, tmp: Path) -> dict:
    """WeasyPrint alone on the report's HTML without its style sheet against the floor: the ceiling of any CSS change.

    Then the report's words alone, as plain paragraphs: the ceiling of any change to the template too.
    """
    session, env = _answered(tmp)
    report = _report_html(session)
    html = tmp / "unstyled-report.html"
    html.write_text(re.sub(r"<link[^>]*stylesheet[^>]*>", "", report), encoding="utf-8")
    unstyled = [sys.executable, "-c", PLAIN_WEASYPRINT, str(html), str(tmp / "unstyled.pdf")]
    floor = [sys.executable, "-c", WEASYPRINT_FLOOR, str(tmp / "floor.pdf")]
    cpu: dict[str, list[float]] = {"us": [], "peer": []}
    result = _pairs(runs, lambda: _timed_cpu(unstyled, env, cpu["us"]), lambda: _timed_cpu(floor, env, cpu["peer"]))
    result.update(_cpu_figures(cpu))
    result["pages"] = _pages(tmp / "unstyled.pdf")
    words = tmp / "words-only.html"
    words.write_text(words_only(report), encoding="utf-8")
    plain = [sys.executable, "-c", PLAIN_WEASYPRINT, str(words), str(tmp / "words-only.pdf")]
    result["words"] = _pairs(runs, lambda: _timed(plain, env), lambda: _timed(floor, env))
    result["words"]["pages"] = _pages(tmp / "words-only.pdf")
    return result


def _timed_cpu(argv: list[str], env: dict[str, str], cpu: list[float]) -> float:
    """Wall seconds of one whole process, as `_timed`; its CPU seconds (user + system, with its own children) go in `cpu`.

    On a machine shared with other work the wall time swings with the load; the CPU time a
    process needs hardly does, so the CPU ratio says whether a change made the work smaller.
    Chromium's figure counts only the helper processes it waits for, so it is a lower bound,
    and its wall time also holds idle waits of its own: read its CPU ratio with care.
    """
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = _timed(argv, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _cpu_figures(cpu: dict[str, list[float]]) -> dict:
    return {
        "us_cpu_s": statistics.median(cpu["us"]),
        "peer_cpu_s": statistics.median(cpu["peer"]),
        "cpu_ratio": statistics.median(a / b for a, b in zip(cpu["us"], cpu["peer"], strict=True)),
    }


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def run_peers(only: set[str], runs: int, tmp: Path) -> dict:
    """The issue #21 sections that were asked for, each a set of interleaved pairs."""
    benches = {
        "start": bench_start_pair,
        "xvfb": bench_xvfb_pair,
        "shell": bench_shell_pair,
        "first_start": bench_first_start_pair,
        "floor": bench_floor_pair,
        "chromium_cli": bench_chromium_pair,
        "unstyled": bench_unstyled_pair,
    }
    return {name: benches[name](runs, tmp) for name in PEER_SECTIONS if name in only}


def _pair_line(what: str, pair: dict, peer: str, goal: float | None) -> str:
    if "skipped" in pair:
        return f"   {what}: skipped: {pair['skipped']}"
    verdict = f"goal <= {goal}x: {_mark(pair['ratio'], goal)}; " if goal is not None else ""
    return (
        f"   {what}: {pair['us_s']:.2f} s | {peer}: {pair['peer_s']:.2f} s | ratio {pair['ratio']:.2f}x"
        f" (median of {len(pair['us_runs_s'])} interleaved pairs; {verdict}load {pair['load']:.1f})"
        + (
            f"; CPU {pair['us_cpu_s']:.2f} s | {pair['peer_cpu_s']:.2f} s, ratio {pair['cpu_ratio']:.2f}x"
            if "cpu_ratio" in pair
            else ""
        )
    )


def _against(what: str, ours: dict | None, bound: dict | None, name: str) -> list[str]:
    """Ours against a floor or ceiling measured in another pair of the same run (a ratio of medians)."""
    if not ours or not bound or "skipped" in ours or "skipped" in bound:
        return []
    return [f"     {what}: {ours['us_s']:.2f} s | {name}: {bound['us_s']:.2f} s | ratio {ours['us_s'] / bound['us_s']:.2f}x"]


def _bound_lines(p: dict) -> list[str]:
    """The floor of the start and the ceiling of the report: what no change of ours can go below."""
    lines = []
    if "shell" in p:
        lines.append(
            _pair_line(
                "the styled shell: a main window with the app's style sheet, fonts and menus, nothing else of the app",
                p["shell"],
                "bare PySide6 window",
                None,
            )
            + "; the floor of any start of this app"
        )
        lines += _against("our start (offscreen) against the styled shell", p.get("start"), p["shell"], "styled shell")
    if "first_start" in p:
        lines.append(
            _pair_line(
                "launch to the first question, the first start of this version for a user (the flows proven and parsed)",
                p["first_start"],
                "a later start",
                None,
            )
        )
    if "unstyled" in p:
        lines.append(
            _pair_line("WeasyPrint alone on the report's HTML, no style sheet, untagged", p["unstyled"], "WeasyPrint floor", None)
            + "; the ceiling of any CSS change"
        )
        lines += _against("`bedrock-wizard report` against it", p.get("floor"), p["unstyled"], "unstyled WeasyPrint")
        if "words" in p["unstyled"]:
            words = p["unstyled"]["words"]
            lines.append(
                _pair_line(
                    f"the report's words alone as plain paragraphs ({words['pages']} pages)", words, "WeasyPrint floor", None
                )
                + "; the ceiling of any change to the template"
            )
        chromium = p.get("chromium_cli")
        if chromium and "skipped" not in chromium:
            peer = chromium["peer_s"]
            for what, figure in (("unstyled", p["unstyled"]), ("words alone", p["unstyled"].get("words"))):
                if figure:
                    ours = figure["us_s"]
                    lines.append(f"     {what} against Chromium's print: {ours:.2f} s | {peer:.2f} s | ratio {ours / peer:.2f}x")
    return lines


def table_lines(r: dict) -> list[str]:
    """Issue #21's table: every row as a figure and as a ratio to its peer from the same run."""
    lines = ["Issue #21, each row against its peer in the same run (read the ratios; the load is the 1-minute average):"]
    p = r.get("peers", {})
    if "xvfb" in p:
        lines.append(
            _pair_line("launch to first visible window (Xvfb + openbox)", p["xvfb"], "bare PySide6 window with one label", 1.2)
        )
    if "start" in p:
        lines.append(_pair_line("launch to first paint (offscreen)", p["start"], "bare PySide6 window", 1.2))
    if "floor" in p:
        pages = f" ({p['floor']['pages']} pages, A4)" if "pages" in p["floor"] else ""
        lines.append(
            _pair_line(
                f"`bedrock-wizard report` customer-chatbot{pages}", p["floor"], "WeasyPrint floor (import + one-line PDF)", 2.0
            )
        )
    if "chromium_cli" in p:
        lines.append(_pair_line("the same", p["chromium_cli"], "chromium --headless --print-to-pdf of the same HTML", 1.0))
    lines += _bound_lines(p)
    if "steps" in r:
        s = r["steps"]
        lines.append(
            f"   one answered question in the window ({s['steps']} steps): median {s['step_ms']:.1f} ms,"
            f" p95 {s['step_p95_ms']:.1f} ms | one frame: {FRAME_MS:.0f} ms | ratio {s['step_ms'] / FRAME_MS:.1f}x median,"
            f" {s['step_p95_ms'] / FRAME_MS:.1f}x p95 (goal <= 1x at p95: {_mark(s['step_p95_ms'], FRAME_MS)})"
        )
        lines.append(
            f"   peak RSS, a whole review + report in the window: {s['peak_rss_mb']:.0f} MB (max {s['peak_rss_max_mb']:.0f} MB)"
        )
    return lines


# -- the parent -------------------------------------------------------------------------
def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BEDROCK_WIZARD_DATA=str(tmp / "data"), HOME=str(tmp / "home"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are kept, so only the first run compiles
    (tmp / "home").mkdir(exist_ok=True)
    return env


def _child(args: list[str], tmp: Path) -> str:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=_env(tmp), timeout=300
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return lines[-1]


def bench_cold(runs: int, tmp: Path) -> dict:
    shown, window = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", COLD_START], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp)
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        at_window = time.perf_counter() - start
        second = proc.stdout.readline()
        at_question = time.perf_counter() - start
        _, err = proc.communicate(timeout=60)
        if first.strip() != "WINDOW" or second.strip() != "SHOWN":
            raise RuntimeError(f"the app did not show its first question (exit {proc.returncode}): {err[-2000:]}")
        window.append(at_window)
        shown.append(at_question)
    return {"cold_start_s": statistics.median(shown), "first_window_s": statistics.median(window), "runs_s": shown}


def bench_steps(runs: int, tmp: Path) -> dict:
    """Each run: one review as the app runs it (report engine warmed up after start), one without the warm-up."""
    medians, reports, reports_cold, rss, every = [], [], [], [], []
    kinds: dict[str, list[float]] = {}  # every click of each kind over the runs: steps_ms, back_idle_ms, ...
    example = ROOT / "examples" / "customer-chatbot.yaml"
    for i in range(runs):
        for warm in ("warm", "cold"):
            out = tmp / f"review-{i}-{warm}"
            out.mkdir()
            data = json.loads(_child(["review", str(example), str(out), warm], tmp))
            rss.append(data["peak_rss_mb"])
            if warm == "cold":
                reports_cold.append(data["report_s"])
                continue
            medians.append(statistics.median(data["steps_ms"]))
            every += data["steps_ms"]
            reports.append(data["report_s"])
            for kind in CLICKS:
                for key in (kind, kind.replace("_ms", "_idle_ms")):
                    kinds.setdefault(key, []).extend(data[key])
    return {
        "step_ms": statistics.median(medians),
        "step_p95_ms": _percentile(every, 95),
        "step_max_ms": max(every),
        "steps": len(every) // runs,
        "step_run_medians_ms": medians,
        "gui_report_s": statistics.median(reports),
        "gui_report_no_warm_up_s": statistics.median(reports_cold),
        "peak_rss_mb": statistics.median(rss),
        "peak_rss_max_mb": max(rss),
        "clicks": {
            key: {"p50": statistics.median(times), "p95": _percentile(times, 95), "n": len(times)} for key, times in kinds.items()
        },
    }


CLICKS = {  # the clicks the steps section times, each from the input to the redrawn page drawn
    "steps_ms": "an answered question (the last one: the review page)",
    "jump_ms": "a jump from the sidebar to a part",
    "back_ms": "Back",
    "edit_ms": "an edited answer back to the review page (Edit, a new project name, Next)",
}
EDITS = 5  # edits per review in the steps section


def click_lines(s: dict) -> list[str]:
    """p50 and p95 of each kind of click, as drawn and until the window is idle again, against one frame."""
    lines = []
    for kind, what in CLICKS.items():
        drawn, idle = s["clicks"][kind], s["clicks"][kind.replace("_ms", "_idle_ms")]
        lines.append(
            f"   {what} ({drawn['n']} clicks): drawn p50 {drawn['p50']:.1f} ms, p95 {drawn['p95']:.1f} ms"
            f" = {drawn['p95'] / FRAME_MS:.2f} frames (goal <= 1 at p95: {_mark(drawn['p95'], FRAME_MS)});"
            f" idle again (any autosave on disk) p50 {idle['p50']:.1f} ms, p95 {idle['p95']:.1f} ms"
        )
    return lines


def bench_redraw(runs: int, tmp: Path) -> dict:
    out = tmp / "redraw"
    out.mkdir()
    data = json.loads(_child(["redraw", str(max(runs, 5) * 4), str(out)], tmp))
    times = data["redraw_ms"]
    return {
        "redraw_ms": statistics.median(times),
        "redraw_p95_ms": _percentile(times, 95),
        "idle_p50_ms": statistics.median(data["idle_ms"]),
        "idle_p95_ms": _percentile(data["idle_ms"], 95),
        "widgets": data["widgets"],
        "replaced": data["replaced"],
        "while_rendering": data["while_rendering"],
        "entries": len(times),
    }


def bench_create(runs: int, tmp: Path) -> dict:
    out = tmp / "create"
    out.mkdir()
    data = json.loads(_child(["create", str(runs), str(out)], tmp))
    ahead, cold = statistics.median(data["ahead"]), statistics.median(data["cold"])
    return {"ahead_s": ahead, "cold_s": cold, "ratio": ahead / cold}


def bench_report(runs: int, tmp: Path, with_chromium: bool) -> dict:
    chromium = chromium_binary() if with_chromium else None
    data = json.loads(_child(["report", str(runs), str(tmp), chromium or "-"], tmp))
    examples = data["examples"]
    per = {name: statistics.median(v["times_s"]) for name, v in examples.items()}
    result = {
        "report_s": per,
        "report_best_s": {name: min(v["times_s"]) for name, v in examples.items()},
        "report_worst_s": max(per.values()),
        "first_render_s": data["first_s"],
        "cli_report_s": _cli_report(runs, tmp),
        "pages": {n: v["pages"] for n, v in examples.items()},
    }
    if with_chromium and chromium is None:
        result["chromium"] = {"skipped": "chromium not found (Debian: apt-get install chromium); ratio not measured"}
    elif chromium is not None:
        blank = tmp / "blank.html"
        blank.write_text("<!DOCTYPE html><p>.</p>", encoding="utf-8")
        chromium_s = {name: statistics.median(v["chromium_s"]) for name, v in examples.items()}
        ratios = {name: per[name] / chromium_s[name] for name in per}
        pairs = {
            name: statistics.median(w / c for w, c in zip(v["times_s"], v["chromium_s"], strict=True))
            for name, v in examples.items()
        }
        result["chromium"] = {
            "chromium_s": chromium_s,
            "ratios": ratios,
            "chromium_ratio": max(ratios.values()),
            "pair_ratios": pairs,
            "chromium_best_s": {name: min(v["chromium_s"]) for name, v in examples.items()},
            "chromium_pages": {n: v["chromium_pages"] for n, v in examples.items()},
            "chromium_blank_s": statistics.median(print_with_chromium(chromium, blank, tmp / "blank.pdf") for _ in range(runs)),
            "cli_ratio": result["cli_report_s"] / chromium_s.get("customer-chatbot", float("nan")),
        }
    return result


def _cli_report(runs: int, tmp: Path) -> float:
    """`bedrock-wizard report` in a fresh process: what a user of the command line waits for."""
    example = ROOT / "examples" / "customer-chatbot.yaml"
    session = tmp / "cli-session.json"
    code = CLI
    subprocess.run(
        [sys.executable, "-c", code, "answer", str(example), "-o", str(session)], check=True, capture_output=True, env=_env(tmp)
    )
    times = []
    for i in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, "report", str(session), "-o", str(tmp / f"cli-{i}.pdf"), "--paper", "a4"],
            check=True,
            capture_output=True,
            env=_env(tmp),
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def chromium_binary() -> str | None:
    return next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


def bench_paths() -> dict:
    from wizard.flows import load_flows
    from wizard.graph import walk
    from wizard.paths import flows_dir
    from wizard.pathstats import combine, dead_questions, path_lengths, record_questions, summarize

    flowset = load_flows(flows_dir())
    terms = flowset.term_flows
    by_answers = combine(path_lengths(f) for f in terms)
    routes = combine(_route_lengths(walk, f) for f in terms)
    return {
        "routes": summarize(routes).__dict__,
        "answer_paths": summarize(by_answers).__dict__,
        "profile_questions": len(flowset.flow("profile").questions),
        "per_flow": {f.id: summarize(path_lengths(f)).__dict__ for f in terms},
        "dead": {f.id: dead_questions(flowset, f) for f in flowset.flows},
        "record_only": {f.id: record_questions(f) for f in flowset.flows if record_questions(f)},
    }


def bench_register(runs: int, tmp: Path) -> dict:
    """The findings register of 200 reviews (the examples, answered again and again): read the files, write CSV and XLSX."""
    from wizard.flows import load_flows
    from wizard.fsio import save
    from wizard.paths import flows_dir
    from wizard.pdfsession import load_any
    from wizard.register import created_of, register_rows, register_vocabulary, render_register, to_xlsx
    from wizard.scenario import run_scenario

    flowset = load_flows(flows_dir())
    folder = tmp / "data"
    folder.mkdir(exist_ok=True)
    answered = [run_scenario(flowset, example) for example in EXAMPLES]
    paths = []
    for i in range(REGISTER_REVIEWS):
        session = answered[i % len(answered)]
        session.id = f"{i:032x}"
        paths.append(folder / f"review-{i:03}.json")
        save(session, paths[-1])
    times: dict[str, list[float]] = {"csv": [], "xlsx": []}
    cpu: list[float] = []  # the XLSX run's CPU time: what other work on a shared machine does not inflate
    rows = 0
    for _ in range(runs):
        for fmt in times:
            start, start_cpu = time.perf_counter(), time.process_time()
            sessions = [load_any(p) for p in paths]
            data = render_register(flowset, sessions, fmt)
            times[fmt].append(time.perf_counter() - start)
            if fmt == "xlsx":
                cpu.append(time.process_time() - start_cpu)
            rows = data.count(b"\r\n") - 1 if fmt == "csv" else rows
    phases: dict[str, list[float]] = {"read": [], "rows": [], "xlsx": []}  # where the XLSX time goes (CPU seconds)
    vocab = register_vocabulary()
    for _ in range(runs):
        start = time.process_time()
        sessions = [load_any(p) for p in paths]
        read = time.process_time()
        found = register_rows(flowset, sessions, vocab)  # the JSON export of each review (its derived findings), then rows
        built = time.process_time()
        to_xlsx(found, created_of(sessions), vocab)
        phases["read"].append(read - start)
        phases["rows"].append(built - read)
        phases["xlsx"].append(time.process_time() - built)
    code = "import sys; from wizard.cli import main; sys.exit(main(sys.argv[1:]))"
    cli = []
    for i in range(runs):
        start = time.perf_counter()
        out = tmp / f"register-{i}.xlsx"
        subprocess.run(
            [sys.executable, "-c", code, "export", "--all", "--format", "xlsx", "-o", str(out)],
            check=True,
            capture_output=True,
            env=_env(tmp),
        )
        cli.append(time.perf_counter() - start)
    return {
        "reviews": REGISTER_REVIEWS,
        "register_s": statistics.median(times["xlsx"]),
        "register_best_s": min(times["xlsx"]),
        "register_cpu_s": statistics.median(cpu),
        "register_csv_s": statistics.median(times["csv"]),
        "register_cli_s": statistics.median(cli),
        "rows": rows,
        "register_phases_cpu_s": {k: statistics.median(v) for k, v in phases.items()},
    }


def _route_lengths(walk, flow) -> dict[int, int]:
    """Distinct question sequences (which questions are asked, whatever the answers), by length."""
    from collections import Counter

    return Counter(len(route) for route in {tuple(answers) for answers in walk(flow)})


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in _lscpu().splitlines() if line.startswith("Model name")), "?")
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def _lscpu() -> str:
    try:
        return subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""


def _mark(value: float | None, target: float) -> str:
    return "-" if value is None else ("met" if value <= target else "MISSED")


def report_lines(r: dict, runs: int) -> list[str]:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Machine: {machine()}",
        f"Median of {runs} runs each; load average at the end: {load} (other work on the machine makes the timings noisy).",
        "",
    ]
    t = TARGETS
    if "cold" in r:
        c = r["cold"]
        lines.append(
            f"1. cold start to first question (fresh process, offscreen): {c['cold_start_s']:.3f} s"
            f"  (target <= {t['cold_start_s']} s: {_mark(c['cold_start_s'], t['cold_start_s'])});"
            f" first window painted at {c['first_window_s']:.3f} s"
        )
    if "steps" in r:
        s = r["steps"]
        lines.append(
            f"2. step latency, answer -> next question painted ({s['steps']} steps): median {s['step_ms']:.1f} ms,"
            f" p95 {s['step_p95_ms']:.1f} ms, max {s['step_max_ms']:.1f} ms; per-run medians"
            f" {min(s['step_run_medians_ms']):.1f}-{max(s['step_run_medians_ms']):.1f} ms"
            f"  (target <= {t['step_ms']} ms: {_mark(s['step_ms'], t['step_ms'])})"
        )
        lines += click_lines(s)
    if "redraw" in r:
        d = r["redraw"]
        lines.append(
            f"2b. owner entry on the review page -> its row redrawn: median {d['redraw_ms']:.1f} ms,"
            f" p95 {d['redraw_p95_ms']:.1f} ms ({d['while_rendering']} of {d['entries']} entries while the report"
            f" rendered ahead) = {d['redraw_p95_ms'] / FRAME_MS:.2f} frames at p95; idle again (its autosave on disk)"
            f" p50 {d['idle_p50_ms']:.1f} ms, p95 {d['idle_p95_ms']:.1f} ms; {d['replaced']} of {d['widgets']} widgets replaced"
            f"  (target <= {t['redraw_ms']} ms at p95: {_mark(d['redraw_p95_ms'], t['redraw_ms'])})"
        )
    if "report" in r:
        rep = r["report"]
        for name, sec in rep["report_s"].items():
            best = rep["report_best_s"][name]
            lines.append(
                f"3. report render {name} ({rep['pages'][name]} pages): {sec:.3f} s (best {best:.3f} s)"
                f"  (target <= {t['report_s']} s: {_mark(sec, t['report_s'])})"
            )
        lines.append(
            f"   first render in a process (includes importing WeasyPrint): {rep['first_render_s']:.3f} s;"
            f" `bedrock-wizard report` in a fresh process: {rep['cli_report_s']:.3f} s"
        )
    if "chromium" in r:
        ch = r["chromium"]
        if "skipped" in ch:
            lines.append(f"   chromium: skipped: {ch['skipped']}")
        else:
            for name, sec in ch["chromium_s"].items():
                lines.append(
                    f"   chromium --headless --print-to-pdf {name} ({ch['chromium_pages'][name]} pages): {sec:.3f} s"
                    f" (best {ch['chromium_best_s'][name]:.3f} s), ratio WeasyPrint/Chromium {ch['ratios'][name]:.2f}"
                    f" (median of back-to-back pairs {ch['pair_ratios'][name]:.2f})"
                )
            lines.append(
                f"   worst ratio {ch['chromium_ratio']:.2f} (target <= {t['chromium_ratio']}:"
                f" {_mark(ch['chromium_ratio'], t['chromium_ratio'])}); fresh-process CLI vs Chromium:"
                f" {ch['cli_ratio']:.2f}; Chromium printing a blank page takes {ch['chromium_blank_s']:.3f} s,"
                " so most of its time is its own start-up"
            )
    if "steps" in r:
        s = r["steps"]
        lines.append(
            f"4. peak RSS, full GUI review + report (child process): {s['peak_rss_mb']:.0f} MB"
            f" (max {s['peak_rss_max_mb']:.0f} MB; target <= {t['peak_rss_mb']:.0f} MB:"
            f" {_mark(s['peak_rss_mb'], t['peak_rss_mb'])})"
        )
        lines.append(
            f"   the report from the window (Create PDF -> file written): {s['gui_report_s']:.2f} s with the"
            f" report engine warmed up after start, {s['gui_report_no_warm_up_s']:.2f} s without"
        )
    if "paths" in r:
        p = r["paths"]
        ro, an = p["routes"], p["answer_paths"]
        dead = sum(len(v) for v in p["dead"].values())
        lines.append(
            f"5. questions over the term flows (plus {p['profile_questions']} profile questions):"
            f" shortest {ro['shortest']}, median {ro['median']}, longest {ro['longest']}"
            f" over {ro['paths']:,} question sequences; weighting every answer combination:"
            f" median {an['median']} of {an['paths']:.3g} paths"
        )
        for flow, f in p["per_flow"].items():
            lines.append(f"   {flow}: {f['shortest']}-{f['longest']} questions, {f['paths']:,} answer paths")
        shown = "; ".join(f"{k}: {', '.join(v)}" for k, v in p["dead"].items() if v) or "none"
        lines.append(
            f"   dead questions: {dead} ({shown}) (target 0: {'met' if dead == 0 else 'MISSED'});"
            f" free-text record questions, not counted: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in p["record_only"].items())
        )
    later = (("create", lambda c: [create_line(c, t)]), ("register", lambda g: [register_line(g, t)]), ("pdf", pdf_lines))
    lines += [line for key, lines_of in later if key in r for line in lines_of(r[key])]
    return lines


def create_line(c: dict, t: dict) -> str:
    return (
        f"2c. Create PDF, click to written file (customer-chatbot, A4): {c['ahead_s']:.3f} s with the report rendered"
        f" ahead on the review page, {c['cold_s']:.3f} s rendered on the click (x{c['ratio']:.2f})"
        f"  (target <= {t['create_s']} s: {_mark(c['ahead_s'], t['create_s'])})"
    )


def register_line(g: dict, t: dict) -> str:
    return (
        f"6. findings register of {g['reviews']} reviews ({g['rows']:,} rows), files read and XLSX written:"
        f" {g['register_s']:.3f} s (best {g['register_best_s']:.3f} s, CPU {g['register_cpu_s']:.3f} s)"
        f" (target <= {t['register_s']} s: {_mark(g['register_s'], t['register_s'])});"
        f" CSV {g['register_csv_s']:.3f} s; `bedrock-wizard export --all --format xlsx` in a fresh process:"
        f" {g['register_cli_s']:.3f} s; CPU by phase: files read {g['register_phases_cpu_s']['read']:.3f} s,"
        f" findings to rows {g['register_phases_cpu_s']['rows']:.3f} s, XLSX written {g['register_phases_cpu_s']['xlsx']:.3f} s"
    )


def pdf_lines(p: dict) -> list[str]:
    lines = []
    for name, row in p["examples"].items():
        tagged, untagged = row["tagged"], row["untagged"]
        lines.append(
            f"7. {name}: tagged PDF/A-3a + PDF/UA-1 {tagged['bytes'] / 1024:.0f} KB in {tagged['s']:.3f} s;"
            f" untagged PDF/A-3b {untagged['bytes'] / 1024:.0f} KB in {untagged['s']:.3f} s"
            f" (size x{tagged['bytes'] / untagged['bytes']:.2f}, time x{tagged['s'] / untagged['s']:.2f})"
        )
    lines.append(
        f"   signing (PAdES B-B, self-made certificate): {p['sign_s']:.3f} s (first, importing pyHanko:"
        f" {p['first_sign_s']:.3f} s; making the certificate {p['certificate_s']:.3f} s;"
        f" +{p['signed_extra_bytes'] / 1024:.0f} KB);"
        f" verifying: {p['verify_s']:.3f} s (first {p['first_verify_s']:.3f} s); two-page preview: {p['preview_s']:.3f} s"
    )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median is reported; default 5)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        {
            "review": lambda: child_review(*rest),
            "redraw": lambda: child_redraw(int(rest[0]), rest[1]),
            "create": lambda: child_create(int(rest[0]), rest[1]),
            "report": lambda: child_report(int(rest[0]), *rest[1:]),
            "pdf": lambda: child_pdf(int(rest[0]), *rest[1:]),
        }[kind]()
        return 0
    only = set(args.only.split(","))
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bedrock-bench-") as name:
        tmp = Path(name)
        simple = {"cold": bench_cold, "steps": bench_steps, "redraw": bench_redraw, "create": bench_create}
        results.update({key: bench(args.runs, tmp) for key, bench in simple.items() if key in only})
        if "report" in only or "chromium" in only:
            results["report"] = bench_report(args.runs, tmp, "chromium" in only)
            if "chromium" in results["report"]:
                results["chromium"] = results["report"].pop("chromium")
        if "paths" in only:
            results["paths"] = bench_paths()
        if "register" in only:
            results["register"] = bench_register(args.runs, tmp)
        if "pdf" in only:
            results["pdf"] = json.loads(_child(["pdf", str(args.runs), str(tmp)], tmp))
        results["peers"] = run_peers(only, args.runs, tmp)
        lines = report_lines(results, args.runs)
        if results["peers"] or "steps" in results:
            lines += ["", *table_lines(results)]
        for line in lines:
            print(line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
