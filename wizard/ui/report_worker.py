"""Render the PDF off the GUI thread so the window never freezes."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from wizard.review import Review


class ReportWorker(QThread):
    """Renders from a snapshot of the session; emits `finished_ok(path)` or `failed(message)`."""

    finished_ok = Signal(str)
    failed = Signal(str)

    def __init__(self, review: Review, target: Path, paper: str = "a4") -> None:
        super().__init__()
        self.flowset, self.snapshot = review.flowset, copy.deepcopy(review.session)
        self.target = target
        self.paper = paper

    def run(self) -> None:
        from wizard.report import ReportError, write_report

        try:
            write_report(self.flowset, self.snapshot, self.target, paper=self.paper)
        except ReportError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown in a dialog, never as a traceback
            self.failed.emit(f"Could not create the report: {type(exc).__name__}: {exc}")
        else:
            self.finished_ok.emit(str(self.target))
