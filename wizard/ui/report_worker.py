"""Render the PDF off the GUI thread so the window never freezes, and ahead of Create PDF.

`Prerender` renders the review as it stands into the window's `RenderCache`
while the review page or the report step is on screen; `ReportWorker` then
finds the bytes there and only writes the file. A render made from answers
that changed since is never used (its key no longer matches), and the next
one starts once it ends: WeasyPrint cannot be stopped halfway, so "cancel"
means "discard".
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from PySide6.QtCore import QThread, Signal

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

    def __init__(self, review: Review, paper: str, cache: RenderCache) -> None:
        super().__init__()
        self.flowset, self.snapshot, self.paper, self.cache = review.flowset, copy.deepcopy(review.session), paper, cache
        self.key: RenderKey = key_of(self.flowset, self.snapshot, paper)

    def run(self) -> None:
        with contextlib.suppress(Exception):  # Create PDF renders again and reports the failure in words
            self.cache.render(self.flowset, self.snapshot, self.paper)
