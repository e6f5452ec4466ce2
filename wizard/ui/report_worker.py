"""Render the PDF off the GUI thread so the window never freezes, and ahead of Create PDF.

`Prerender` renders the review as it stands into the window's `RenderCache`
while the review page or the report step is on screen, and `RenderAhead` decides
when: a short idle after the last change, one render at a time, never after
the window closes. `ReportWorker` then finds the bytes there and only writes
the file. A render made from answers that changed since is never used (its
key no longer matches), and the next one starts once it ends: WeasyPrint
cannot be stopped halfway, so "cancel" means "discard".
"""

from __future__ import annotations

import contextlib
import copy
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from wizard.prerender import RenderCache, RenderKey, key_of
from wizard.review import Review


class ReportWorker(QThread):
    """Writes the report of a snapshot of the session; emits `finished_ok(path)` or `failed(message)`."""

    finished_ok = Signal(str)
    failed = Signal(str)

    def __init__(
        self, review: Review, target: Path, paper: str = "a4", cache: RenderCache | None = None, ahead: QThread | None = None
    ) -> None:
        super().__init__()
        self.flowset, self.snapshot = review.flowset, copy.deepcopy(review.session)
        self.target = target
        self.paper = paper
        self.cache, self.ahead = cache, ahead

    def run(self) -> None:
        from wizard.report import ReportError, write_report

        if self.ahead is not None and self.cache is not None:
            self.ahead.wait()  # a render of these very answers may be under way: use it rather than start another
        try:
            write_report(self.flowset, self.snapshot, self.target, paper=self.paper, cache=self.cache)
        except ReportError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown in a dialog, never as a traceback
            self.failed.emit(f"Could not create the report: {type(exc).__name__}: {exc}")
        else:
            self.finished_ok.emit(str(self.target))


class Prerender(QThread):
    """Renders a snapshot of the review into the cache; a failure is left for Create PDF to meet and say."""

    def __init__(self, review: Review, paper: str, cache: RenderCache, key: RenderKey | None = None) -> None:
        super().__init__()
        self.flowset, self.snapshot, self.paper, self.cache = review.flowset, copy.deepcopy(review.session), paper, cache
        self.key: RenderKey = key or key_of(self.flowset, self.snapshot, paper)

    def run(self) -> None:
        with contextlib.suppress(Exception):  # Create PDF renders again and reports the failure in words
            self.cache.render(self.flowset, self.snapshot, self.paper)


Wanted = Callable[[], "tuple[Review, str] | None"]  # the review and paper on screen, or None off the review pages
Busy = Callable[[], bool]  # a render the user asked for (Create PDF, Preview) is under way: the render ahead waits


class RenderAhead(QObject):
    """Keeps the report of the review on screen rendered: one render at a time, a short idle after the last change.

    A change only restarts a timer (`request`), so a click never pays for a
    snapshot or a thread; the snapshot is taken once the user has paused for
    `IDLE_MS`, and a render of answers that changed while it ran is followed
    by another. It never starts beside a render the user asked for (`busy`:
    Create PDF, Preview): the two would share one interpreter lock, end no
    sooner and need twice the memory; the window asks again when that render
    ends. `close` stops it for good and waits for the render under way
    (WeasyPrint cannot be stopped halfway), so no thread outlives the window.

    WeasyPrint is Python and holds the interpreter's lock for long stretches;
    while it renders, the window's thread is handed the lock within
    `SWITCH_S` rather than Python's usual 5 ms, so a click made meanwhile is
    not kept waiting (`sys.setswitchinterval`; restored when the render ends).
    """

    IDLE_MS = 300
    SWITCH_S = 0.001

    def __init__(self, cache: RenderCache, wanted: Wanted, parent: QObject | None = None, busy: Busy = lambda: False) -> None:
        super().__init__(parent)
        self.cache, self.wanted, self.busy = cache, wanted, busy
        self.thread: Prerender | None = None
        self.closed = False
        self._switch: float | None = None  # Python's switch interval before the render under way
        self._active = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.IDLE_MS)
        self._timer.timeout.connect(self._start)

    def request(self) -> None:
        """The review on screen appeared or changed: render it once the user pauses (a restart of the timer only)."""
        if not self.closed:
            self._timer.start()

    def running(self) -> bool:
        """A render started and its end not yet handled (the window's thread hears of it through the event loop)."""
        return self._active

    def pending(self) -> bool:
        """A render is asked for and waits for the user to pause."""
        return self._timer.isActive()

    def under_way(self) -> Prerender | None:
        """The render running now, of whatever answers and paper: Create PDF and Preview wait for it."""
        thread = self.thread
        return thread if thread is not None and thread.isRunning() else None

    def _start(self) -> None:
        if self.closed or self.running() or self.busy():
            return  # the one under way asks again when it ends, and the window when the one asked for has
        wanted = self.wanted()
        if wanted is None:
            return
        review, paper = wanted
        key = key_of(review.flowset, review.session, paper)
        if self.cache.get(key) is not None:
            return
        self.thread = Prerender(review, paper, self.cache, key)
        self.thread.finished.connect(self._ended)
        if self._switch is None:
            self._switch = sys.getswitchinterval()
            sys.setswitchinterval(min(self._switch, self.SWITCH_S))
        self._active = True
        self.thread.start()

    def _ended(self) -> None:
        self._active = False
        self._restore_switch()
        self.request()  # the answers may have changed while it rendered

    def _restore_switch(self) -> None:
        if self._switch is not None:
            sys.setswitchinterval(self._switch)
            self._switch = None

    def close(self) -> None:
        """No more renders; the one under way is waited for."""
        self.closed = True
        self._timer.stop()
        if self.thread is not None:
            self.thread.wait()
        self._active = False
        self._restore_switch()
