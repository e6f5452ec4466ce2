"""Create PDF writes a report rendered while the review page was on screen, and never one of older answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from wizard.pdfsession import session_from_pdf
from wizard.prerender import RenderCache, key_of
from wizard.report import render_pdf


@pytest.fixture
def ahead(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Reports rendered ahead are on for these tests; the digests of the sessions each render was made from."""
    monkeypatch.setenv("BEDROCK_WIZARD_PRERENDER", "1")
    rendered: list[str] = []
    real = RenderCache.render

    def counting(self, flowset, session, paper):  # noqa: ANN001, ANN202
        key = key_of(flowset, session, paper)
        if self.get(key) is None:
            rendered.append(key.session)
        return real(self, flowset, session, paper)

    monkeypatch.setattr(RenderCache, "render", counting)
    return rendered


def _settle(window, qtbot) -> None:  # noqa: ANN001
    """Until the report of the answers and paper on screen is in the cache (a render of older ones may end first)."""

    def ready() -> bool:
        key = key_of(window.flowset, window.review.session, window.finish_page.paper.currentData())
        return not window.prerendering() and window.render_cache.get(key) is not None

    qtbot.waitUntil(ready, timeout=120_000)


def _on_a4_review_page(window, qtbot) -> None:  # noqa: ANN001
    window.finish_page.paper.setCurrentIndex(window.finish_page.paper.findData("a4"))
    window.show_review()
    _settle(window, qtbot)


def _create_pdf(window, qtbot, target: Path) -> Path:  # noqa: ANN001
    """On the report step, once the render ahead has settled: Create PDF, until the step shows the written file."""
    window.show_page("report")
    _settle(window, qtbot)
    window.finish_page.path.setText(str(target))
    qtbot.mouseClick(window.finish_page.create, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    return target


def test_the_review_page_renders_ahead_and_create_pdf_writes_those_bytes(
    qtbot, open_window, finished: Path, flowset, tmp_path: Path, ahead
) -> None:
    window = open_window(finished)
    _on_a4_review_page(window, qtbot)
    assert window.render_cache.get(key_of(flowset, window.review.session, "a4")) is not None, "rendered ahead"
    ahead.clear()
    target = _create_pdf(window, qtbot, tmp_path / "report.pdf")
    assert ahead == [], "Create PDF rendered nothing again: it wrote the bytes rendered ahead"
    written = target.read_bytes()
    assert written == render_pdf(flowset, window.review.session, "a4"), "the same bytes a fresh render gives"
    assert session_from_pdf(target).dumps() == window.review.session.dumps()


def test_a_change_after_the_render_ahead_is_in_the_pdf(qtbot, open_window, finished: Path, tmp_path: Path, ahead) -> None:
    window = open_window(finished)
    _on_a4_review_page(window, qtbot)
    before = key_of(window.flowset, window.review.session, "a4").session
    ahead.clear()
    obligation = next(a for a in window.review.derive().counsel.actions if a.kind == "obligation")
    window.apply(window.review.set_action(obligation.id, "Legal ops", "2027-04-01"))  # as the review page's field does
    _settle(window, qtbot)
    assert len(ahead) == 1 and ahead[0] != before, "the change started a render of the new answers"
    target = _create_pdf(window, qtbot, tmp_path / "report.pdf")
    owners = [a.owner for a in session_from_pdf(target).actions.values()]
    assert "Legal ops" in owners, "the PDF carries the owner entered after the first render"


QUIT_WHILE_RENDERING = """
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from wizard.flows import load_flows
from wizard.paths import flows_dir
from wizard.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
window = MainWindow(load_flows(flows_dir()), Path(sys.argv[2]), Path(sys.argv[1]))
window.show()
box = window.review_page.counsel_panel.actions


def quit_while_rendering() -> None:
    if not (window.ahead is not None and window.ahead.running()):
        QTimer.singleShot(10, quit_while_rendering)
        return
    window.set_action(next(iter(box.rows)), "Legal ops", "2027-04-01")  # the render under way is now of older answers
    window.save()  # to the review's own file: nothing is left to ask about on closing
    print("quitting while a render runs", flush=True)
    window.close()


QTimer.singleShot(0, quit_while_rendering)
sys.exit(app.exec())
"""


def test_quitting_while_a_report_renders_ahead_ends_the_app_cleanly(finished: Path, tmp_path: Path) -> None:
    """Quit while the render ahead runs, just after a change: the app waits for it, starts none, and exits 0."""
    env = dict(os.environ, BEDROCK_WIZARD_PRERENDER="1", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", QUIT_WHILE_RENDERING, str(finished), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "quitting while a render runs" in proc.stdout, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "QThread" not in proc.stderr, proc.stderr[-2000:]
    assert "Legal ops" in json.loads(finished.read_text(encoding="utf-8"))["actions"].__repr__()


def test_while_a_render_runs_ahead_the_window_gets_the_interpreter_soon(qtbot, open_window, finished: Path, ahead) -> None:
    """The render holds Python's lock for long stretches: the switch interval is short while it runs, and restored."""
    usual = sys.getswitchinterval()
    window = open_window(finished)
    window.finish_page.paper.setCurrentIndex(window.finish_page.paper.findData("a4"))
    window.show_review()
    qtbot.waitUntil(lambda: window.ahead is not None and window.ahead.running(), timeout=60_000)
    assert sys.getswitchinterval() <= window.ahead.SWITCH_S < usual
    _settle(window, qtbot)
    assert sys.getswitchinterval() == usual, "Python's own interval once the render has ended"


def test_create_pdf_clicked_before_the_pause_renders_once(qtbot, open_window, finished: Path, tmp_path: Path, ahead) -> None:
    """Create PDF clicked while the render ahead still waits for the pause: its timer must not start a second
    render beside Create PDF's (two layouts at once need twice the memory and end no sooner)."""
    window = open_window(finished)
    window.finish_page.paper.setCurrentIndex(window.finish_page.paper.findData("a4"))
    window.show_page("report")
    assert window.ahead is not None and window.ahead.pending(), "the render ahead waits for the user to pause"
    target = tmp_path / "report.pdf"
    window.finish_page.path.setText(str(target))
    qtbot.mouseClick(window.finish_page.create, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=120_000)
    qtbot.wait(window.ahead.IDLE_MS * 2)  # the render ahead asked for again once Create PDF's ended: finds the bytes
    assert not window.prerendering()
    assert ahead == [key_of(window.flowset, window.review.session, "a4").session], "one render, Create PDF's"
    assert target.read_bytes()[:5] == b"%PDF-"


def test_preview_shows_the_report_rendered_ahead_and_never_renders_beside_it(
    qtbot, open_window, finished: Path, ahead, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Preview takes the bytes rendered ahead (nothing rendered again); clicked before the pause, it renders
    once and keeps the bytes for Create PDF."""
    import wizard.report

    renders: list[str] = []  # every WeasyPrint render, whoever asks for it: its paper
    real = wizard.report.render_pdf

    def counting(flowset, session, paper="a4"):  # noqa: ANN001, ANN202
        renders.append(paper)
        return real(flowset, session, paper)

    monkeypatch.setattr(wizard.report, "render_pdf", counting)
    window = open_window(finished)
    _on_a4_review_page(window, qtbot)
    window.show_page("report")
    _settle(window, qtbot)
    renders.clear()
    preview = window.report_preview

    def rendering() -> bool:
        return preview.worker is not None and preview.worker.isRunning()

    preview.button.click()
    qtbot.waitUntil(lambda: not rendering() and window.finish_page.preview.isVisible(), timeout=60_000)
    assert renders == [], "the preview is the render ahead's bytes"
    window.finish_page.paper.setCurrentIndex(window.finish_page.paper.findData("letter"))  # a new render is wanted
    window.prerender()
    assert window.ahead.pending()
    preview.button.click()  # before the pause
    qtbot.waitUntil(lambda: not rendering(), timeout=120_000)
    qtbot.wait(window.ahead.IDLE_MS * 2)
    assert not window.prerendering()
    assert renders == ["letter"], "one render, the preview's"
    assert window.render_cache.get(key_of(window.flowset, window.review.session, "letter")) is not None
