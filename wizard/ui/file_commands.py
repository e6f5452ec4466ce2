"""The window's File commands (new, open, resume, save, export, close) as calls on the workspace.

A mixin of `MainWindow`: the workspace (`wizard.workspace`) decides and
touches the files; this asks for names, answers its prompts with dialogs and
redraws what changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

if TYPE_CHECKING:  # the rest is imported when a command runs: start-up needs none of it
    from wizard import workspace as ws
    from wizard.review import Change, Review
    from wizard.ui.main_window import MainWindow
    from wizard.ui.report_worker import Prerender

    Base = MainWindow
else:
    Base = object


class FileCommands(Base):
    def settle(self, result: ws.Outcome) -> Change | None:
        """Answer the workspace's prompts with dialogs until the command is done; then redraw what changed."""
        from wizard import workspace as ws
        from wizard.review import Change
        from wizard.ui import dialogs

        while isinstance(result, ws.Prompt):
            result = result.answer(dialogs.ask(self, result))
        if isinstance(result, ws.Problem):
            QMessageBox.critical(self, result.title, result.message)
            return None
        if isinstance(result, Change):
            if result.document and result.navigation:
                self.begin()
            self.apply(result)
            self.say_notice()
        return result

    def shown_then_saved(self) -> None:
        """The page just redrawn goes to the screen, then the change's autosave is waited for.

        The writer's thread writes it while the page is drawn, so the user sees the
        next page before the disk has synced, and no input is taken before it has.
        """
        if self._workspace is None:  # the start page: no review, nothing written
            return
        if self.workspace.writer.busy():
            app = QApplication.instance()
            app.sendPostedEvents(None, QEvent.LayoutRequest)  # geometry first, then the paint it needs
            app.sendPostedEvents(None, QEvent.UpdateRequest)
        if not self.workspace.flush():
            self.say_notice()

    def new_review(self) -> None:
        if self.maybe_save():
            self.settle(self.workspace.new())

    def open_dialog(self) -> None:
        recent = self.memory.recent()
        folder = self.document.parent if self.document else recent[0].parent if recent else Path.home()
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a review", str(folder), "Reviews and reports (*.json *.pdf);;All files (*)"
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_file(self, path: Path, document: Path | None = None) -> bool:
        """Open a session file, the session inside a report PDF (never written to), or an autosave."""
        from wizard.session import SessionError
        from wizard.ui import sign_decision

        if self.view != "start" and not self.maybe_save():
            return False
        try:
            result = self.workspace.open(Path(path), document)
        except SessionError as exc:
            self.open_error = str(exc)
            QMessageBox.critical(self, "Cannot open", str(exc))
            return False
        self.open_error = ""
        opened = self.settle(result)
        if opened is None or not opened.document:
            return False
        if self.workspace.source is not None:
            self.memory.add_recent(self.workspace.source)
            if self.workspace.source.suffix.lower() == ".pdf":  # a signed report: who signed, unchanged or not, trusted
                sign_decision.show_signatures(self, self.workspace.source)
        return True

    def resume_autosave(self) -> None:
        from wizard.session import SessionError

        offer = self.memory.resumable()
        if offer is None:
            self.refresh()
            return
        try:
            self.settle(self.workspace.resume(offer.autosave, offer.document))
        except SessionError as exc:
            QMessageBox.critical(self, "Cannot resume", str(exc))

    def save(self) -> bool:
        if self.view == "start":
            return True
        self.keep_entries()
        self.workspace.check_lock()
        self.say_notice()
        if self.document is None:
            return self.save_as()
        return self._saved(self.workspace.save_as(self.document))

    def save_as(self) -> bool:
        if self.view == "start":
            return True
        suggested = self.document or (Path.home() / self.default_report_path().with_suffix(".json").name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the review", str(suggested), "Reviews (*.json)")
        if not chosen:
            return False
        self.keep_entries()
        return self._saved(self.workspace.save_as(Path(chosen if chosen.lower().endswith(".json") else chosen + ".json")))

    def _saved(self, result: ws.Outcome) -> bool:
        if self.settle(result) is None:
            return False
        self.memory.add_recent(self.document)
        if self.review.path is not None and self.review.path.exists():
            self.memory.remember_autosave(self.review.path, self.document)
        self.statusBar().showMessage(f"Saved to {self.document}", 5_000)
        return True

    def maybe_save(self) -> bool:
        """Ask before leaving a review whose file is behind; False means the user cancelled."""
        if self.view == "start" or not self.isWindowModified():  # the title's marker mirrors the workspace
            return True
        prompt = self.workspace.leaving()
        if prompt is None:
            return True
        from wizard import workspace as ws
        from wizard.ui import dialogs

        choice = dialogs.ask(self, prompt)
        if choice == ws.SAVE:
            return self.save()
        if choice == ws.DISCARD:
            prompt.answer(choice)
            self.setWindowModified(False)
            return True
        return False

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.memory.recent():
            self.recent_menu.addAction(QAction(str(path), self.recent_menu, triggered=lambda _=False, p=path: self.open_file(p)))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(QAction("(none yet)", self.recent_menu, enabled=False))

    # -- report ---------------------------------------------------------
    def export_pdf(self) -> None:
        if self.view == "start":
            return
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the PDF report", str(self.default_report_path()), "PDF (*.pdf)")
        if not chosen:
            return
        target = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        self.keep_entries()
        self.move_to("report")
        self.finish_page.path.setText(target)
        self.render_report(target, self.finish_page.paper.currentData(), asked=True)

    def render_report(self, target: str, paper: str, asked: bool = False) -> None:
        """Render off the GUI thread; an existing file is replaced only when the user says so."""
        from wizard import workspace as ws
        from wizard.ui import dialogs
        from wizard.ui.report_worker import ReportWorker

        if not target:
            self.finish_page.failed("Choose where to save the report first.")
            return
        if self.worker is not None and self.worker.isRunning():
            return
        path = Path(target).expanduser()
        prompt = None if asked else self.workspace.replace_prompt(path, lambda: True)
        if prompt is not None and dialogs.ask(self, prompt) != ws.REPLACE:
            return
        self.finish_page.set_busy(True)
        self.back_button.setEnabled(False)
        # One render at a time: a render ahead under way is waited for, and is this file's bytes when its key matches;
        # two WeasyPrint layouts at once share one interpreter lock, so they end no sooner and need twice the memory.
        self.worker = ReportWorker(self.review, path, paper, self.render_cache, self.render_ahead_under_way())
        self.worker.finished_ok.connect(self._report_done)
        self.worker.failed.connect(self._report_failed)
        self.worker.finished.connect(self.prerender)  # the render ahead held back meanwhile (`_render_asked_for`) may go on
        self.worker.start()

    def prerender(self) -> None:
        """Render the report of the answers on screen in the background, so Create PDF only writes the file.

        Asked for when the review page or the report step shows and after each change there; the render
        starts once the user pauses (`RenderAhead`), and a render of answers that changed meanwhile is
        followed by another.
        """
        from wizard.ui.report_worker import RenderAhead

        off = os.environ.get("BEDROCK_WIZARD_PRERENDER") == "0"  # the test suite's, and a slow machine's, choice
        if off or self.view not in ("review", "report"):
            return
        if self.ahead is None:
            self.ahead = RenderAhead(self.render_cache, self._render_wanted, self, busy=self._render_asked_for)
        self.ahead.request()

    def _render_wanted(self) -> tuple[Review, str] | None:
        """What the render ahead renders when it starts: the review and paper on screen, or nothing off those pages."""
        if self.view not in ("review", "report"):
            return None
        return self.review, self.finish_page.paper.currentData()

    def _render_asked_for(self) -> bool:
        """A render the user asked for (Create PDF, Preview) is under way: no render ahead starts beside it."""
        previewing = self._report_preview is not None and self._report_preview.running()
        return previewing or (self.worker is not None and self.worker.isRunning())

    def render_ahead_under_way(self) -> Prerender | None:
        """The render ahead running now, for Create PDF and Preview to wait for instead of rendering beside it."""
        return self.ahead.under_way() if self.ahead is not None else None

    def prerendering(self) -> bool:
        """A render ahead is under way or waits for the user to pause."""
        return self.ahead is not None and (self.ahead.running() or self.ahead.pending())

    def _report_done(self, path: str) -> None:
        self.finish_page.done(path)
        self.memory.add_recent(Path(path))
        if self.worker is not None:
            self.workspace.exported(self.worker.snapshot)
            self.setWindowModified(self.workspace.modified)
        self.update_buttons()

    def _report_failed(self, message: str) -> None:
        self.finish_page.failed(message)
        self.update_buttons()
        QMessageBox.warning(self, "Report not created", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.pending_answer_kept():
            event.ignore()
            return
        self.keep_entries()
        if not self.maybe_save():
            event.ignore()
            return
        if self.ahead is not None:  # no render starts after this, and the one under way ends first
            self.ahead.close()
        if self.worker is not None:  # a thread must not outlive the window: the report being written is finished
            self.worker.wait()
        self.workspace.close()
        self.memory.set_geometry(self.saveGeometry())
        super().closeEvent(event)

    def review_deleted(self, path: str) -> None:
        offer = self.memory.resumable()
        if offer is not None and offer.autosave == Path(path):
            self.memory.forget_autosave()
            self.start_page.show_resume(None)
