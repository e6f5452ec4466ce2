"""The wizard window: a thin view over `Review`; every decision is the core's.

Files: every answer is autosaved to a recovery file in the user's data folder
(`Review.path`) before the next question shows. The *document* is the file the
user chose (Open / Save As); "modified" means the document is behind the
autosave, which is what the title marker and the close prompt are about.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wizard import findings
from wizard.answers import AnswerError
from wizard.flows import FlowSet
from wizard.fsio import save, sweep_stale_temps
from wizard.pdfsession import is_pdf, load_any
from wizard.review import DONE, IN_PROGRESS, NOT_STARTED, OPEN_QUESTIONS, Review, Step
from wizard.session import Session, SessionError
from wizard.ui.finish_page import FinishPage
from wizard.ui.memory import Memory
from wizard.ui.question_page import QuestionPage
from wizard.ui.report_worker import ReportWorker
from wizard.ui.review_page import ReviewPage, findings_line
from wizard.ui.start_page import StartPage

STATUS_MARK = {NOT_STARTED: "○", IN_PROGRESS: "◐", DONE: "●", OPEN_QUESTIONS: "?"}
REVIEW_ITEM = "__review__"
START, QUESTION, REVIEW, REPORT = "start", "question", "review", "report"


class MainWindow(QMainWindow):
    def __init__(self, flowset: FlowSet, data_dir: Path, session_path: Path | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__()
        self.flowset = flowset
        self.data_dir = data_dir
        self.memory = Memory(settings)
        self.worker: ReportWorker | None = None
        self.document: Path | None = None
        self.view = START
        self.editing = False
        self.open_error = ""  # why the last open failed, for `bedrock-wizard open` to report
        sweep_stale_temps(data_dir)  # half-written saves of a killed run
        self.review = self._new_review()

        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setAccessibleName("Parts of the review")
        self.sidebar.setWordWrap(True)
        self.sidebar.setTextElideMode(Qt.ElideNone)  # wrap a long part name, never cut it to "…"
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.sidebar.itemActivated.connect(self._jump)
        self.sidebar.itemClicked.connect(self._jump)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setAccessibleName("Progress of the whole review")
        self.progress.setFormat("%p% answered")
        self.live = QLabel(objectName="liveFindings", wordWrap=True)
        self.live.setTextFormat(Qt.PlainText)
        self.live.setAccessibleName("Findings so far")

        self.pages = QStackedWidget()
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_review)
        self.start_page.browse_requested.connect(self.open_dialog)
        self.start_page.open_requested.connect(lambda path: self.open_file(Path(path)))
        self.start_page.resume_requested.connect(self.resume_autosave)
        self.question_page = QuestionPage()
        self.question_page.changed.connect(self._update_buttons)
        self.question_page.submitted.connect(self.go_next)
        self.review_page = ReviewPage()
        self.review_page.edit_requested.connect(self.edit_answer)
        self.review_page.continue_requested.connect(self._continue_flow)
        self.finish_page = FinishPage()
        self.finish_page.render_requested.connect(self.render_report)
        for page in (self.start_page, self.question_page, self.review_page, self.finish_page):
            self.pages.addWidget(page)

        self.back_button = QPushButton("◀  Back", objectName="back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Next  ▶", objectName="next")
        self.next_button.setAccessibleName("Answer and go to the next question")
        self.next_button.setAutoDefault(True)
        self.back_button.setAutoDefault(True)
        self.next_button.clicked.connect(self.go_next)

        left = QVBoxLayout()
        left.addWidget(QLabel("Review", objectName="sidebarTitle"))
        left.addWidget(self.sidebar, 1)
        left.addWidget(self.progress)
        left.addWidget(self.live)
        self.side = QWidget(objectName="side")
        self.side.setLayout(left)
        self.side.setFixedWidth(280)
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addWidget(self.buttons)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.side)
        row.addLayout(right, 1)
        self.setCentralWidget(body)
        self._menus()
        room = self.screen().availableGeometry()  # logical pixels: small on a laptop at 150-200 %
        self.resize(min(1040, int(room.width() * 0.94)), min(720, int(room.height() * 0.9)))
        geometry = self.memory.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if session_path is not None and self.open_file(session_path):
            return
        self.refresh()

    # -- set-up ---------------------------------------------------------
    def _new_review(self, session: Session | None = None, autosave: Path | None = None) -> Review:
        if autosave is None:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            autosave = self.data_dir / f"review-{stamp}.json"
        return Review(self.flowset, session, autosave, on_saved=self._autosaved)

    def _menus(self) -> None:
        def action(text: str, keys, slot, menu) -> QAction:
            act = QAction(text, self, triggered=slot)
            act.setShortcuts([QKeySequence(k) for k in keys] if isinstance(keys, tuple) else [QKeySequence(keys)])
            menu.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&File")
        action("&New review", QKeySequence.New, self.new_review, file_menu)
        action("&Open…", QKeySequence.Open, self.open_dialog, file_menu)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = action("&Save", QKeySequence.Save, self.save, file_menu)
        self.save_as_action = action("Save &as…", QKeySequence("Ctrl+Shift+S"), self.save_as, file_menu)
        self.export_action = action("&Export PDF report…", QKeySequence("Ctrl+E"), self.export_pdf, file_menu)
        file_menu.addSeparator()
        action("&Quit", QKeySequence("Ctrl+Q"), self.close, file_menu)
        go_menu = self.menuBar().addMenu("&Go")
        self.back_action = action("&Back", ("Alt+Left", "Ctrl+["), self.go_back, go_menu)
        self.next_action = action("&Next", ("Alt+Right", "Ctrl+]"), self.go_next, go_menu)
        self.review_action = action("&Review answers", QKeySequence("Ctrl+R"), self.show_review, go_menu)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Keyboard shortcuts", self, triggered=self.show_shortcuts))
        help_menu.addAction(QAction("&About", self, triggered=self._about))

    def shortcut_text(self) -> str:
        """The shortcuts as the menus define them, so the list cannot drift from the keys."""
        lines = ["Enter: answer and go on", "Tab / Shift+Tab: move between controls", "Space: tick a choice"]
        for menu_action in self.menuBar().actions():
            for act in menu_action.menu().actions():
                keys = " or ".join(k.toString(QKeySequence.NativeText) for k in act.shortcuts())
                if keys:
                    lines.append(f"{act.text().replace('&', '').rstrip('…')}: {keys}")
        return "\n".join(lines)

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcut_text())

    def _about(self) -> None:
        from wizard import __version__

        terms = self.flowset.terms
        QMessageBox.about(
            self, "About Bedrock Terms Wizard",
            f"Bedrock Terms Wizard {__version__}\nWritten against: {terms.title} (as of {terms.as_of}).\n"
            "Everything stays on this computer. This is not legal advice.",
        )

    # -- showing --------------------------------------------------------
    def refresh(self) -> None:
        at_start = self.view == START
        self.side.setVisible(not at_start)
        self.buttons.setVisible(not at_start)
        for act in (self.save_action, self.save_as_action, self.export_action, self.review_action):
            act.setEnabled(not at_start)
        if at_start:
            self.pages.setCurrentWidget(self.start_page)
            self.start_page.show_choices(self.memory.recent(), self.memory.resumable())
            self._update_title()
            return
        review = self.review
        if self.view == QUESTION and review.question is None:
            self.view, self.editing = REVIEW, False
        model = findings.build(review)
        self._fill_sidebar()
        answered, total = review.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(answered)
        self.live.setText(findings_line(model))
        if self.view == REVIEW:
            self.review_page.show_review(review, model)
            self.pages.setCurrentWidget(self.review_page)
            if review.complete:
                self.next_button.setFocus(Qt.OtherFocusReason)
        elif self.view == REPORT:
            self.finish_page.show_findings(model, self._default_report_path())
            self.pages.setCurrentWidget(self.finish_page)
            self.finish_page.create.setFocus(Qt.OtherFocusReason)
        else:
            question = review.question
            assert question is not None
            flow = review.flow
            section = self.flowset.terms.sections.get(flow.section or "")
            position = f"question {len(review.run.history) + 1}"
            self.question_page.show_question(
                flow, question, section, position, review.run.answers.get(question.id),
                review.session.note(flow.id, question.id),
            )
            self.pages.setCurrentWidget(self.question_page)
            self.question_page.focus_first()
            self.setTabOrder(self.question_page.last_control(), self.back_button)
            self.setTabOrder(self.back_button, self.next_button)
        self._update_buttons()
        self._update_title()

    def _fill_sidebar(self) -> None:
        review = self.review
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for flow in self.flowset.flows:
            status = review.status(flow.id)
            item = QListWidgetItem(f"{STATUS_MARK[status]}  {flow.title}")
            item.setData(Qt.UserRole, flow.id)
            item.setToolTip(status)
            item.setData(Qt.AccessibleDescriptionRole, status)
            self.sidebar.addItem(item)
            if flow.id == review.flow_id and self.view == QUESTION:
                self.sidebar.setCurrentItem(item)
        item = QListWidgetItem("✔  Review and report" if review.complete else "   Review and report")
        item.setData(Qt.UserRole, REVIEW_ITEM)
        self.sidebar.addItem(item)
        self._fit_sidebar_items()
        if self.view in (REVIEW, REPORT):
            self.sidebar.setCurrentItem(item)
        self.sidebar.blockSignals(False)

    def _fit_sidebar_items(self) -> None:
        """Give each part name the height it needs wrapped (the style's padding fools Qt's own estimate)."""
        metrics = self.sidebar.fontMetrics()
        width = self.side.width() - 40  # the panel's margins and the item padding
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            text = metrics.boundingRect(0, 0, width, 10_000, Qt.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, text.height() + 18))

    def _update_buttons(self) -> None:
        view = self.view
        self.next_button.setVisible(view in (QUESTION, REVIEW))
        if view == REVIEW:
            self.next_button.setText("Continue to the report  ▶")
            self.next_button.setAccessibleName("Continue to the report")
            self.next_button.setEnabled(self.review.complete)
            self.next_button.setToolTip("" if self.review.complete else "Finish the parts not yet answered first.")
        else:
            self.next_button.setText("Next  ▶")
            self.next_button.setAccessibleName("Answer and go to the next question")
            self.next_button.setEnabled(view == QUESTION and self.question_page.value() is not None)
            self.next_button.setToolTip("")
        first = self.review.flow_id == self.flowset.flows[0].id and not self.review.run.history
        self.back_button.setEnabled(view in (REVIEW, REPORT) or (view == QUESTION and not first))

    def _update_title(self) -> None:
        if self.view == START:
            self.setWindowTitle("Bedrock Terms Wizard")
            self.setWindowModified(False)
            return
        name = self.document.name if self.document else "Untitled review"
        self.setWindowTitle(f"{name}[*] — Bedrock Terms Wizard")

    def _default_report_path(self) -> Path:
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", self.review.profile_text("project_name")).strip("-") or "review"
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / f"{name}-bedrock-terms.pdf"

    # -- moving ---------------------------------------------------------
    def go_next(self) -> None:
        if self.view == REVIEW:
            if self.review.complete:
                self.view = REPORT
                self.refresh()
            return
        if self.view != QUESTION or not self.next_button.isEnabled():
            return
        page = self.question_page
        raw = page.raw_value()
        try:
            dropping = self.review.would_drop(raw)
        except AnswerError as exc:
            page.show_problem(str(exc))
            return
        if dropping and not self._confirm_drop(dropping):
            return
        try:
            self.review.answer(raw, page.note.text(), skip_answered=self.editing)
        except AnswerError as exc:
            page.show_problem(str(exc))
            return
        except SessionError as exc:
            QMessageBox.warning(self, "Could not save", f"Your answer is kept in this window but was not saved:\n{exc}")
        self.setWindowModified(True)
        if self.review.complete:
            self.view = REVIEW
        self.refresh()

    def _confirm_drop(self, dropping: list[Step]) -> bool:
        listed = "\n".join(f"• {s.question.text}" for s in dropping)
        box = QMessageBox(QMessageBox.Warning, "Change this answer?",
                          "This answer takes the interview down another branch. These later answers no longer "
                          f"apply and will be dropped (the audit log keeps a record):\n\n{listed}", parent=self)
        box.setObjectName("confirmDrop")
        change = box.addButton("Change and drop them", QMessageBox.DestructiveRole)
        box.addButton("Keep my earlier answer", QMessageBox.RejectRole)
        box.exec()
        return box.clickedButton() is change

    def go_back(self) -> None:
        if self.view == START or not self.back_button.isEnabled():
            return
        self._keep_note()
        if self.view == REPORT:
            self.view = REVIEW
        elif self.view == REVIEW:
            self.review.select(self.flowset.flows[-1].id)
            self.view = QUESTION
        elif not self.review.back():
            return
        self.refresh()

    def _jump(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.UserRole)
        if target == REVIEW_ITEM:
            self.show_review()
            return
        self._keep_note()
        self.review.select(target)
        self.view, self.editing = QUESTION, False
        self.refresh()

    def show_review(self) -> None:
        if self.view == START:
            return
        self._keep_note()
        self.view, self.editing = REVIEW, False
        self.refresh()

    def edit_answer(self, flow_id: str, question_id: str) -> None:
        """Edit from the review page: after the change, go to what is new, or back to the review."""
        self.review.select(flow_id, question_id)
        self.view, self.editing = QUESTION, True
        self.refresh()

    def _continue_flow(self, flow_id: str) -> None:
        self.review.select(flow_id)
        self.view, self.editing = QUESTION, True
        self.refresh()

    def _keep_note(self) -> None:
        """A note typed on a question the user leaves without Next is still saved."""
        question = self.review.question
        if self.view != QUESTION or question is None or self.review.run.answers.get(question.id) is None:
            return
        text = self.question_page.note.text().strip()
        if text != self.review.session.note(self.review.flow_id, question.id):
            try:
                self.review.set_note(self.review.flow_id, question.id, text)
            except SessionError as exc:
                QMessageBox.warning(self, "Could not save", str(exc))
            self.setWindowModified(True)

    # -- files ----------------------------------------------------------
    def _autosaved(self, path: Path) -> None:
        self.memory.remember_autosave(path, self.document)

    def _begin(self, review: Review, document: Path | None, modified: bool) -> None:
        self.review, self.document, self.editing = review, document, False
        self.view = REVIEW if review.complete else QUESTION
        self.setWindowModified(modified)
        self.refresh()
        if review.session.stale:
            self.statusBar().showMessage(
                f"{len(review.stale_answers())} earlier answers no longer fit the current questions; "
                "they are listed on the review page and in the report.", 15_000)

    def new_review(self) -> None:
        if not self.maybe_save():
            return
        self._begin(self._new_review(), None, False)

    def open_dialog(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a review", str(self.document.parent if self.document else self.data_dir),
            "Reviews and reports (*.json *.pdf);;All files (*)",
        )
        if chosen:
            self.open_file(Path(chosen))

    def open_file(self, path: Path) -> bool:
        """Open a session file, or the session inside a report PDF (which is never written to)."""
        if self.view != START and not self.maybe_save():
            return False
        path = Path(path).expanduser()
        try:
            session = load_any(path)
        except SessionError as exc:
            self.open_error = str(exc)
            QMessageBox.critical(self, "Cannot open", str(exc))
            return False
        self.open_error = ""
        pdf = is_pdf(path)
        in_data = path.resolve().parent == self.data_dir.resolve()
        autosave = path if in_data and not pdf else None
        self._begin(self._new_review(session, autosave), None if pdf or in_data else path, False)
        self.memory.add_recent(path)
        return True

    def resume_autosave(self) -> None:
        offer = self.memory.resumable()
        if offer is None:
            self.refresh()
            return
        try:
            session = load_any(offer.autosave)
        except SessionError as exc:
            QMessageBox.critical(self, "Cannot resume", str(exc))
            return
        document = offer.document
        try:
            saved = document is not None and load_any(document).dumps() == session.dumps()
        except SessionError:
            saved = False
        self._begin(self._new_review(session, offer.autosave), document, not saved)

    def save(self) -> bool:
        if self.view == START:
            return True
        if self.document is None:
            return self.save_as()
        return self._write(self.document)

    def save_as(self) -> bool:
        if self.view == START:
            return True
        suggested = self.document or (Path.home() / self._default_report_path().with_suffix(".json").name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the review", str(suggested), "Reviews (*.json)")
        if not chosen:
            return False
        target = Path(chosen if chosen.lower().endswith(".json") else chosen + ".json")
        return self._write(target)

    def _write(self, target: Path) -> bool:
        self._keep_note()
        try:
            save(self.review.session, target)
        except SessionError as exc:
            QMessageBox.critical(self, "Cannot save", f"{exc}\nYour answers are still in the autosave.")
            return False
        self.document = target
        self.memory.add_recent(target)
        if self.review.path is not None and self.review.path.exists():
            self.memory.remember_autosave(self.review.path, target)
        self.setWindowModified(False)
        self._update_title()
        self.statusBar().showMessage(f"Saved to {target}", 5_000)
        return True

    def maybe_save(self) -> bool:
        """Ask before leaving a review whose file is behind; False means the user cancelled."""
        if self.view == START or not self.isWindowModified():
            return True
        name = self.document.name if self.document else "this review"
        box = QMessageBox(QMessageBox.Question, "Save changes?",
                          f"Save the changes to {name}?\n\nIf you don't, they are kept only in the autosave "
                          f"folder ({self.data_dir}).", parent=self)
        box.setObjectName("unsavedPrompt")
        box.setStandardButtons(QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        if answer == QMessageBox.Save:
            return self.save()
        if answer == QMessageBox.Discard:
            self.memory.forget_autosave()
            self.setWindowModified(False)
            return True
        return False

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.memory.recent():
            self.recent_menu.addAction(QAction(str(path), self.recent_menu,
                                               triggered=lambda _=False, p=path: self.open_file(p)))
        self.recent_menu.setEnabled(True)
        if not self.recent_menu.actions():
            self.recent_menu.addAction(QAction("(none yet)", self.recent_menu, enabled=False))

    # -- report ---------------------------------------------------------
    def export_pdf(self) -> None:
        if self.view == START:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the PDF report", str(self._default_report_path()),
                                                "PDF (*.pdf)")
        if not chosen:
            return
        target = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        self._keep_note()
        self.view = REPORT
        self.refresh()
        self.finish_page.path.setText(target)
        self.render_report(target, self.finish_page.paper.currentData())

    def render_report(self, target: str, paper: str) -> None:
        if not target:
            self.finish_page.failed("Choose where to save the report first.")
            return
        if self.worker is not None and self.worker.isRunning():
            return
        self.finish_page.set_busy(True)
        self.back_button.setEnabled(False)
        self.worker = ReportWorker(self.review, Path(target).expanduser(), paper)
        self.worker.finished_ok.connect(self._report_done)
        self.worker.failed.connect(self._report_failed)
        self.worker.start()

    def _report_done(self, path: str) -> None:
        self.finish_page.done(path)
        self.memory.add_recent(Path(path))
        self._update_buttons()

    def _report_failed(self, message: str) -> None:
        self.finish_page.failed(message)
        self._update_buttons()
        QMessageBox.warning(self, "Report not created", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self._keep_note()
        if not self.maybe_save():
            event.ignore()
            return
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait(30_000)
        self.memory.set_geometry(self.saveGeometry())
        super().closeEvent(event)
