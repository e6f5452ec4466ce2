"""One report render at a time: Create PDF waits for a render ahead under way, whatever it renders (memory)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThread

from wizard.prerender import RenderKey
from wizard.ui import app
from wizard.ui.report_worker import RenderAhead


class Held(QThread):
    """A render ahead of other answers or paper, still running until released."""

    def __init__(self) -> None:
        super().__init__()
        self.key = RenderKey("other flows", "other answers", "letter")
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(60)


def test_create_pdf_waits_for_a_render_ahead_of_other_answers_rather_than_render_beside_it(
    qtbot, open_window, finished: Path, tmp_path: Path
) -> None:
    window = open_window(finished)
    window.show_page("report")
    held = Held()
    window.ahead = RenderAhead(window.render_cache, lambda: None, window)
    window.ahead.thread = held  # the render ahead under way, of other answers and paper
    held.start()
    try:
        target = tmp_path / "report.pdf"
        window.render_report(str(target), "a4")
        assert window.worker.ahead is held, "the report waits for the render under way"
        assert not target.exists()
    finally:
        held.release.set()
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=120_000)
    assert target.read_bytes()[:5] == b"%PDF-"
    held.wait()


def test_the_app_lets_its_threads_share_two_heaps_on_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setattr("ctypes.CDLL", lambda name: Libc())
    assert app.fewer_malloc_arenas() and calls == [(app.M_ARENA_MAX, app.MALLOC_ARENAS)]
    monkeypatch.setattr(app.sys, "platform", "darwin")
    assert not app.fewer_malloc_arenas() and len(calls) == 1
