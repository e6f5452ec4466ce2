"""The wizard window: a thin view over `Review`; every decision is the core's.

Files: every answer is autosaved to a recovery file in the user's data folder
(`Review.path`) before the next question shows. The *document* is the file the
user chose (Open / Save As); "modified" means the document is behind the
autosave, which is what the title marker and the close prompt are about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
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

from wizard.answers import AnswerError
from wizard.autosave import autosave_path, is_autosave
from wizard.bidi import isolate
from wizard.catalog import empty_trash, reviews_of
from wizard.counsel import CounselError
from wizard.counsel_view import CounselView
from wizard.derive import DONE, IN_PROGRESS, NOT_STARTED, OPEN_QUESTIONS, Derived
from wizard.filenames import file_stem
from wizard.findings import profile_text
from wizard.flows import FlowSet
from wizard.fsio import save, sweep_stale_temps
from wizard.lock import LockHeld, ReviewLock, acquire, lock_path, take_over
from wizard.pdfsession import is_pdf, load_any
from wizard.review import Change, Review, Step
from wizard.session import Session, SessionError
from wizard.summary import summary
from wizard.ui import pdf_preview, sign_decision
from wizard.ui.compare_dialog import add_review_actions
from wizard.ui.lock_prompt import CANCEL, READ_ONLY, TAKE_OVER, ask_when_locked
from wizard.ui.memory import Memory
from wizard.ui.page_table import BY_NAME, COUNSEL, PAGES, QUESTION, REPORT, REVIEW, START
from wizard.ui.report_worker import ReportWorker
from wizard.ui.shortcuts import shortcuts_action
from wizard.ui.tally import tally_line

STATUS_MARK = {NOT_STARTED: "○", IN_PROGRESS: "◐", DONE: "●", OPEN_QUESTIONS: "?"}
REVIEW_ITEM = "__review__"


class MainWindow(QMainWindow):
    def __init__(
        self, flowset: FlowSet, data_dir: Path, session_path: Path | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        self.flowset = flowset
        self.data_dir = data_dir
        self.memory = Memory(settings, flowset.profile_role("title"))
        self.worker: ReportWorker | None = None
        self.document: Path | None = None
        self.view = START
        self.editing = False
        self.derived: Derived | None = None  # what the pages show, from the last refresh
        self.open_error = ""  # why the last open failed, for `bedrock-wizard open` to report
        self.counsel_mode = False  # counsel review mode: procurement's answers are read-only
        self.counsel: CounselView | None = None  # counsel's answer as the pages show it, from the last refresh
        self.lock: ReviewLock | None = None  # this window's lock on the review (wizard.lock)
        self.read_only = False  # a copy opened read-only: no autosave, never saved over the locked file
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
        self.side_decision = QLabel(objectName="sidebarDecision", wordWrap=True)
        self.side_decision.setTextFormat(Qt.PlainText)
        self.side_decision.setAccessibleName("Counsel's decision")
        self.side_decision.setVisible(False)

        self.pages = QStackedWidget()
        self.page_widgets = {spec.name: spec.widget() for spec in PAGES}
        for widget in self.page_widgets.values():
            self.pages.addWidget(widget)
        self.start_page = self.page_widgets[START]
        self.question_page = self.page_widgets[QUESTION]
        self.review_page = self.page_widgets[REVIEW]
        self.finish_page = self.page_widgets[REPORT]
        self.counsel_page = self.page_widgets[COUNSEL]
        self.start_page.counsel_requested.connect(lambda path: self.review_as_counsel(Path(path)))
        self.review_page.counsel_panel.copy_requested.connect(self.copy_summary)
        self.review_page.counsel_panel.action_changed.connect(self.set_action)
        self.finish_page.copy_summary_requested.connect(self.copy_summary)
        page = self.counsel_page
        page.answer_changed.connect(
            lambda fid, text, resolved: self.counsel_command(lambda: self.review.answer_question(fid, text, resolved))
        )
        page.risk_changed.connect(
            lambda fid, kind, comment: self.counsel_command(lambda: self.review.dispose_risk(fid, kind, comment))
        )
        page.decide_requested.connect(
            lambda decision, reviewer, role, day, conditions: self.counsel_command(
                lambda: self.review.decide(decision, reviewer, role, day, conditions), "Decision recorded."
            )
        )
        page.confirm_requested.connect(
            lambda: self.counsel_command(
                lambda: self.review.confirm_decision(datetime.now().date().isoformat()), "Decision confirmed."
            )
        )
        page.review_by_changed.connect(lambda day: self.counsel_command(lambda: self.review.set_review_by(day)))
        page.action_changed.connect(self.set_action)
        page.leave_requested.connect(lambda: self.set_counsel_mode(False))
        self.start_page.new_requested.connect(self.new_review)
        self.start_page.browse_requested.connect(self.open_dialog)
        self.start_page.open_requested.connect(lambda path: self.open_file(Path(path)))
        self.start_page.resume_requested.connect(self.resume_autosave)
        self.start_page.review_deleted.connect(self._review_deleted)
        self.question_page.changed.connect(self._update_buttons)
        self.question_page.submitted.connect(self.go_next)
        self.review_page.edit_requested.connect(self.edit_answer)
        self.review_page.continue_requested.connect(self._continue_flow)
        self.finish_page.render_requested.connect(self.render_report)

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
        left.addWidget(self.side_decision)
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
        self.sign_button = sign_decision.attach(self)  # counsel mode: "Sign decision…" on the report step
        self.report_preview = pdf_preview.attach(self)  # the report step's Preview, before saving
        room = self.screen().availableGeometry()  # logical pixels: small on a laptop at 150-200 %
        self.resize(min(1040, int(room.width() * 0.94)), min(720, int(room.height() * 0.9)))
        geometry = self.memory.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if session_path is not None and self.open_file(session_path):
            return
        self.refresh()

    # -- set-up ---------------------------------------------------------
    def _new_review(self, session: Session | None = None, autosave: Path | None = None, read_only: bool = False) -> Review:
        """A review over a session opened for editing (migrated once), autosaving under its identity.

        A read-only copy (the review is being edited in another window) has no
        autosave: it is only ever written by Save As.
        """
        session = session or Session(flows_digest=self.flowset.digest)
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = None if read_only else autosave or autosave_path(self.data_dir, session)
        return Review.open(self.flowset, session, path, on_saved=self._autosaved)

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
        add_review_actions(self, file_menu)  # Export ▸ Findings register, Compare with…, New review from this one
        file_menu.addSeparator()
        self.counsel_action = QAction("Review as &counsel", self, checkable=True)
        self.counsel_action.toggled.connect(self.set_counsel_mode)
        file_menu.addAction(self.counsel_action)
        file_menu.addSeparator()
        action("&Quit", QKeySequence("Ctrl+Q"), self.close, file_menu)
        go_menu = self.menuBar().addMenu("&Go")
        self.back_action = action("&Back", ("Alt+Left", "Ctrl+["), self.go_back, go_menu)
        self.next_action = action("&Next", ("Alt+Right", "Ctrl+]"), self.go_next, go_menu)
        self.review_action = action("&Review answers", QKeySequence("Ctrl+R"), self.show_review, go_menu)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(shortcuts_action(self, self.menuBar()))
        help_menu.addAction(QAction("&About", self, triggered=self._about))

    def _about(self) -> None:
        from wizard import __version__

        terms = self.flowset.terms
        QMessageBox.about(
            self,
            "About Bedrock Terms Wizard",
            f"Bedrock Terms Wizard {__version__}\nWritten against: {terms.title} (as of {terms.as_of}).\n"
            "Everything stays on this computer. This is not legal advice.",
        )

    # -- showing (the page table decides; see page_table.py) -----------
    def show_page(self, name: str) -> None:
        self.view = name
        if name != QUESTION:
            self.editing = False
        self.refresh()

    def refresh(self) -> None:
        """Redraw everything from the review's derived state: the one place the window is drawn."""
        spec = BY_NAME[self.view]
        derived = self.derived = self.review.derive() if spec.chrome else None
        while derived is not None and not spec.shows(self, derived):
            self.view, self.editing = spec.instead, False
            spec = BY_NAME[self.view]
        self.side.setVisible(spec.chrome)
        self.buttons.setVisible(spec.chrome)
        for act in (self.save_action, self.save_as_action, self.export_action, self.review_action, self.counsel_action):
            act.setEnabled(spec.chrome)
        self.counsel = derived.counsel if derived is not None else None
        if derived is not None and self.counsel is not None:
            self._fill_sidebar(derived)
            self.progress.setRange(0, max(derived.total, 1))
            self.progress.setValue(derived.answered)
            self.live.setText(tally_line(derived))
            self.side_decision.setText(f"Counsel's decision\n{self.counsel.cover_line}")
            self.side_decision.setVisible(self.counsel.decision is not None or bool(self.counsel.doubt))
        spec.present(self, derived)
        self.pages.setCurrentWidget(self.page_widgets[spec.name])
        self._update_buttons()
        self._update_title()

    def present_start(self) -> None:
        self.start_page.show_resume(self.memory.resumable())
        self.start_page.show_reviews(reviews_of(self.flowset, self.data_dir, self.memory.recent()), self.data_dir)

    def present_question(self) -> None:
        review = self.review
        question, flow = review.question, review.flow
        assert question is not None
        section = self.flowset.terms.sections.get(flow.section or "")
        position = f"question {len(review.history) + 1}"
        self.question_page.show_question(
            flow,
            question,
            section,
            position,
            review.current_answer(),
            review.session.note(flow.id, question.id),
            review.session.asks_counsel(flow.id, question.id),
        )
        self.question_page.focus_first()
        self.setTabOrder(self.question_page.last_control(), self.back_button)
        self.setTabOrder(self.back_button, self.next_button)

    def present_counsel(self, derived: Derived) -> None:
        assert self.counsel is not None
        first = self.pages.currentWidget() is not self.counsel_page
        self.counsel_page.show_counsel(self.counsel, derived, self.review.session)
        if first:
            self.counsel_page.show_problem("")
            self.counsel_page.focus_first()

    def present_review_counsel(self) -> None:
        if self.counsel is None:
            return
        panel = self.review_page.counsel_panel
        panel.show_counsel(self.counsel)
        # Tab reads the page top down: the panel's controls, then each answer's Edit.
        order = panel.controls() + [b for b in self.review_page.edit_buttons[:1] if b.isEnabled()]
        for first, second in zip(order, order[1:], strict=False):
            self.review_page.setTabOrder(first, second)

    def focus_next_button(self) -> None:
        self.next_button.setFocus(Qt.OtherFocusReason)

    def rendering(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def _fill_sidebar(self, derived: Derived) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        for part in derived.parts.values():
            progress = part.progress  # counsel-aware: a part whose questions counsel resolved is done
            label = self.flowset.vocabulary.progress[progress]
            item = QListWidgetItem(f"{STATUS_MARK[progress]}  {part.flow.title}")
            item.setData(Qt.UserRole, part.flow.id)
            item.setToolTip(label)
            item.setData(Qt.AccessibleDescriptionRole, label)
            self.sidebar.addItem(item)
            if part.flow.id == self.review.flow_id and self.view == QUESTION:
                self.sidebar.setCurrentItem(item)
        item = QListWidgetItem("✔  Review and report" if derived.complete else "   Review and report")
        item.setData(Qt.UserRole, REVIEW_ITEM)
        self.sidebar.addItem(item)
        self._fit_sidebar_items()
        if self.view in (REVIEW, REPORT):
            self.sidebar.setCurrentItem(item)
        self.sidebar.blockSignals(False)

    def _fit_sidebar_items(self) -> None:
        """Give each part name the height it needs wrapped (the style's padding fools Qt's own estimate)."""
        metrics = self.sidebar.fontMetrics()
        width = self.sidebar.viewport().width()  # excludes a scroll bar
        text_width = width - 28  # the style's item padding and focus border, and the view's own text margins
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            text = metrics.boundingRect(0, 0, text_width, 10_000, Qt.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, text.height() + 18))

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        """The sidebar's width is known only once the window is laid out: wrap the part names again then."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_sidebar_items)

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_sidebar_items)

    def _update_buttons(self) -> None:
        spec, derived = BY_NAME[self.view], self.derived
        self.next_button.setVisible(bool(spec.next_text))
        if spec.next_text and derived is not None:
            enabled = spec.can_next(self, derived)
            self.next_button.setText(spec.next_text)
            self.next_button.setAccessibleName(spec.next_name)
            self.next_button.setEnabled(enabled)
            self.next_button.setToolTip("" if enabled else spec.next_hint)
        self.back_button.setEnabled(derived is not None and spec.can_back(self, derived))

    def _update_title(self) -> None:
        if self.view == START:
            self.setWindowTitle("Bedrock Terms Wizard")
            self.setWindowModified(False)
            return
        project = profile_text(self.flowset, self.derived.parts, "title") if self.derived else ""
        name = self.document.name if self.document else (project or "Untitled review")
        mode = " (read-only)" if self.read_only else " (counsel review)" if self.counsel_mode else ""
        self.setWindowTitle(f"{isolate(name)}{mode}[*] — Bedrock Terms Wizard")

    def default_report_path(self) -> Path:
        derived = self.derived or self.review.derive()  # the last redraw's, unless on the start page
        name = file_stem(profile_text(self.flowset, derived.parts, "title"))
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / f"{name}-bedrock-terms.pdf"

    # -- moving ---------------------------------------------------------
    def go_next(self) -> None:
        spec = BY_NAME[self.view]
        if spec.on_next is not None and self.next_button.isEnabled():
            spec.on_next(self)
        elif spec.explain is not None:
            spec.explain(self)

    def answer_question(self) -> None:
        if self.counsel_mode:  # procurement's answers are read-only in counsel mode
            return
        self._check_lock()
        page = self.question_page
        if not page.attempt():  # says on the page why it cannot go on
            return
        raw = page.raw_value()
        try:
            dropping = self.review.would_drop(raw)
        except AnswerError as exc:
            page.show_problem(str(exc))
            return
        if dropping and not self._confirm_drop(dropping):
            return
        question = self.review.question
        asked = question is not None and self.review.session.mark_ask(self.review.flow_id, question.id, page.ask_counsel())
        try:
            change = self.review.answer(raw, page.note_text(), skip_answered=self.editing)
        except AnswerError as exc:
            page.show_problem(str(exc))
            return
        except SessionError as exc:
            QMessageBox.warning(self, "Could not save", f"Your answer is kept in this window but was not saved:\n{exc}")
            change = Change(parts=frozenset({self.review.flow_id}))
        if asked:  # the "Ask counsel" tick alone changes the review
            self.setWindowModified(True)
        self._applied(change)

    def _applied(self, change: Change) -> None:
        """After a command: mark the document behind if anything changed, then redraw once."""
        if change.modified:
            self.setWindowModified(True)
        if self.view == QUESTION and self.review.complete and self.review.question is None:
            self.view, self.editing = REVIEW, False
        self.refresh()

    def _confirm_drop(self, dropping: list[Step]) -> bool:
        listed = "\n".join(f"• {s.question.text}" for s in dropping)
        box = QMessageBox(
            QMessageBox.Warning,
            "Change this answer?",
            "This answer takes the interview down another branch. These later answers no longer "
            f"apply and will be dropped (the audit log keeps a record):\n\n{listed}",
            parent=self,
        )
        box.setObjectName("confirmDrop")
        change = box.addButton("Change and drop them", QMessageBox.DestructiveRole)
        keep = box.addButton("Keep my earlier answer", QMessageBox.RejectRole)
        box.setDefaultButton(keep)  # the safe choice is what Enter does
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is change

    def go_back(self) -> None:
        spec = BY_NAME[self.view]
        if spec.on_back is None or not self.back_button.isEnabled():
            return
        self._keep_note()
        spec.on_back(self)

    def step_back(self) -> None:
        if self.review.back():
            self.refresh()

    def _jump(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.UserRole)
        if target == REVIEW_ITEM:
            self.show_review()
            return
        self._keep_note()
        self.review.select(target)
        self.show_page(QUESTION)

    def show_review(self) -> None:
        if self.view == START:
            return
        self._keep_note()
        self.show_page(REVIEW)

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
        """A note typed on a question the user leaves without Next is still saved (and so is counsel's entry)."""
        self._flush_entries()
        question = self.review.question
        if self.view != QUESTION or question is None or self.review.current_answer() is None:
            return
        self._check_lock()
        try:
            asked = self.review.session.mark_ask(self.review.flow_id, question.id, self.question_page.ask_counsel())
            change = self.review.set_note(self.review.flow_id, question.id, self.question_page.note_text())
        except SessionError as exc:
            QMessageBox.warning(self, "Could not save", str(exc))
            change = Change(parts=frozenset({self.review.flow_id}))
        if change.modified or asked:
            self.setWindowModified(True)

    def _pending_answer_kept(self) -> bool:
        """An answer picked or typed but not sent with Next is not lost on closing: ask. False means cancel."""
        question = self.review.question
        if self.view != QUESTION or question is None:
            return True
        value = self.question_page.value()
        if value is None or value == self.review.current_answer():
            return True
        box = QMessageBox(
            QMessageBox.Question,
            "Keep this answer?",
            f"You answered “{question.text}” but did not press Next. Keep the answer?",
            parent=self,
        )
        box.setObjectName("pendingAnswer")
        keep = box.addButton("Keep the answer", QMessageBox.AcceptRole)
        box.addButton("Leave it unanswered", QMessageBox.DestructiveRole)
        cancel = box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is cancel:
            return False
        if box.clickedButton() is keep:
            flow_id = self.review.flow_id
            self.answer_question()  # may ask first if it drops later answers; kept only if it went through
            return self.review.answers(flow_id).get(question.id) == value
        return True

    def _flush_entries(self) -> None:
        """Save a counsel entry, owner or due date still being typed (before leaving, saving or closing)."""
        if self.view == COUNSEL:
            self.counsel_page.flush()
        elif self.view == REVIEW:
            self.review_page.counsel_panel.actions.flush()

    # -- counsel review mode ----------------------------------------------
    def set_counsel_mode(self, on: bool) -> None:
        """Enter or leave counsel review mode (procurement's answers read-only, counsel's entries editable)."""
        if self.view == START:
            on = False
        if on != self.counsel_mode:
            self._keep_note()
            self.counsel_mode = on
            self.show_page(COUNSEL if on else REVIEW)
        self.counsel_action.blockSignals(True)
        self.counsel_action.setChecked(on)
        self.counsel_action.blockSignals(False)

    def review_as_counsel(self, path: Path) -> None:
        if self.open_file(path):
            self.set_counsel_mode(True)

    def counsel_command(self, command: Callable[[], Change], done: str = "", finding_id: str = "") -> None:
        """Run one of the Review's counsel or action commands; a refused entry is said where it was typed."""
        self._check_lock()
        try:
            change = command()
        except CounselError as exc:
            self._say_problem(str(exc), finding_id)
            return
        except SessionError as exc:
            QMessageBox.warning(self, "Could not save", f"This entry is kept in this window but was not saved:\n{exc}")
            change = Change(parts=frozenset({"counsel"}))
        self._say_problem("", finding_id)
        if done:
            self.statusBar().showMessage(done, 5_000)
        self._applied(change)

    def set_action(self, finding_id: str, owner: str, due: str) -> None:
        self.counsel_command(lambda: self.review.set_action(finding_id, owner, due), finding_id=finding_id)

    def _say_problem(self, message: str, finding_id: str = "") -> None:
        box = self.counsel_page.actions if self.view == COUNSEL else self.review_page.counsel_panel.actions
        if finding_id and box.show_problem(finding_id, message):
            return
        if self.view == COUNSEL:
            self.counsel_page.show_problem(message)
        elif message:
            self.statusBar().showMessage(message, 10_000)

    def copy_summary(self) -> None:
        """Put the one-paragraph summary for e-mail on the clipboard."""
        self._flush_entries()
        QApplication.clipboard().setText(summary(self.flowset, self.review.session))
        message = "Summary copied to the clipboard: paste it into an e-mail."
        self.statusBar().showMessage(message, 8_000)
        if self.view == REPORT:
            self.finish_page.say(message)
        else:
            self.review_page.counsel_panel.say(message)

    # -- the review's lock (wizard.lock) ------------------------------------
    def _claim(self, target: Path) -> tuple[str, ReviewLock | None]:
        """Lock `target` for this window: ("ok", lock), or READ_ONLY / CANCEL as the user chose."""
        if self.lock is not None and self.lock.path == lock_path(target) and self.lock.still_held():
            return "ok", self.lock  # this window has it already
        try:
            return "ok", acquire(target)
        except LockHeld as held:
            choice = ask_when_locked(self, target, held.holder)
        if choice == TAKE_OVER:
            try:
                return "ok", take_over(target)
            except LockHeld as held:
                QMessageBox.warning(self, "Not taken over", str(held))
                return CANCEL, None
        return choice, None

    def _check_lock(self) -> None:
        """Before a write: once another window took the review over, stop writing to its files and say so."""
        if self.lock is None or self.lock.still_held():
            return
        self.lock.release()
        self.lock = None
        self.review.path, self.document, self.read_only = None, None, True
        self.setWindowModified(True)  # what is typed here from now on is only in this window
        self._update_title()
        box = QMessageBox(
            QMessageBox.Warning,
            "This review was taken over",
            "Another window took this review over; use Save As to keep what you change here.",
            parent=self,
        )
        box.setObjectName("lockLost")
        box.exec()

    def _release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- files ----------------------------------------------------------
    def _autosaved(self, path: Path) -> None:
        self.memory.remember_autosave(path, self.document)

    def _begin(self, review: Review, document: Path | None, modified: bool, lock: ReviewLock | None = None) -> None:
        if self.lock is not None and self.lock is not lock:  # switching reviews gives the last one up
            self.lock.release()
        self.lock, self.read_only = lock, review.path is None
        self.counsel_mode = False
        self.counsel_action.blockSignals(True)
        self.counsel_action.setChecked(False)
        self.counsel_action.blockSignals(False)
        self.review, self.document, self.editing = review, document, False
        self.view = REVIEW if review.complete else QUESTION
        self.setWindowModified(modified)
        self.refresh()
        if review.session.stale:
            self.statusBar().showMessage(
                f"{sum(map(len, review.session.stale.values()))} earlier answers no longer fit the current questions; "
                "they are listed on the review page and in the report.",
                15_000,
            )

    def new_review(self) -> None:
        if not self.maybe_save():
            return
        review = self._new_review()
        choice, lock = self._claim(review.path) if review.path is not None else ("ok", None)
        if choice == CANCEL:
            return
        self._begin(review if choice != READ_ONLY else self._new_review(review.session, read_only=True), None, False, lock)

    def open_dialog(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            "Open a review",
            str(self.document.parent if self.document else self.data_dir),
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
        if is_autosave(path, self.data_dir):  # continue that review rather than copy it
            choice, lock = self._claim(path)
            if choice == CANCEL:
                return False
            self._begin(self._new_review(session, path, read_only=choice == READ_ONLY), None, False, lock)
            return True
        document = None if is_pdf(path) else path  # a PDF is never locked or written: its review's autosave is
        choice, lock = self._claim(document or autosave_path(self.data_dir, session))
        if choice == CANCEL:
            return False
        if choice == READ_ONLY:
            self._begin(self._new_review(session, read_only=True), None, False)
        else:
            later = self._later_changes(session)
            self._begin(self._new_review(later or session), document, later is not None, lock)
        self.memory.add_recent(path)
        if document is None:
            sign_decision.show_signatures(self, path)  # a signed report: who signed, unchanged or not, trusted or not
        return True

    def _later_changes(self, session: Session) -> Session | None:
        """The review's autosave, when it holds changes the opened file does not (say, after Discard)."""
        if not session.id:
            return None
        autosave = autosave_path(self.data_dir, session)
        try:
            kept = load_any(autosave) if autosave.is_file() else None
        except SessionError:
            return None
        if kept is None or kept.dumps() == session.dumps():
            return None
        box = QMessageBox(
            QMessageBox.Question,
            "Unsaved changes found",
            "This review has later changes that were never saved to this file; they are in its "
            f"autosave ({autosave}).\n\nContinue with the later changes, or open the file as it "
            "was saved? (The later changes are then kept in the autosave folder as a copy.)",
            parent=self,
        )
        box.setObjectName("laterChanges")
        later = box.addButton("Continue with the later changes", QMessageBox.AcceptRole)
        box.addButton("Open the saved file", QMessageBox.RejectRole)
        box.setDefaultButton(later)
        box.exec()
        if box.clickedButton() is later:
            return kept
        keep = autosave.with_name(f"{autosave.stem}-unsaved-{datetime.now():%Y%m%d-%H%M%S}{autosave.suffix}")
        autosave.replace(keep)
        return None

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
        choice, lock = self._claim(document or offer.autosave)
        if choice == CANCEL:
            return
        if choice == READ_ONLY:
            self._begin(self._new_review(session, read_only=True), None, False)
            return
        try:
            saved = document is not None and load_any(document).dumps() == session.dumps()
        except SessionError:
            saved = False
        self._begin(self._new_review(session, offer.autosave), document, not saved, lock)

    def save(self) -> bool:
        if self.view == START:
            return True
        self._keep_note()
        self._check_lock()
        if self.document is None:
            return self.save_as()
        return self._write(self.document)

    def save_as(self) -> bool:
        if self.view == START:
            return True
        suggested = self.document or (Path.home() / self.default_report_path().with_suffix(".json").name)
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the review", str(suggested), "Reviews (*.json)")
        if not chosen:
            return False
        target = Path(chosen if chosen.lower().endswith(".json") else chosen + ".json")
        return self._write(target)

    def _write(self, target: Path) -> bool:
        self._keep_note()
        self._check_lock()
        lock = self.lock
        if target != self.document or lock is None:  # Save As: the lock follows the document
            try:
                lock = self._claim_quietly(target)
            except LockHeld as held:
                QMessageBox.critical(self, "Cannot save", f"{held}.\nSave under another name.")
                return False
        try:
            save(self.review.session, target)
        except SessionError as exc:
            if lock is not None and lock is not self.lock:
                lock.release()
            where = "in the autosave" if self.review.path is not None else "in this window"
            QMessageBox.critical(self, "Cannot save", f"{exc}\nYour answers are still {where}.")
            return False
        if lock is not self.lock:
            self._release_lock()
            self.lock = lock
        self.read_only = False
        self.document = target
        self.memory.add_recent(target)
        if self.review.path is not None and self.review.path.exists():
            self.memory.remember_autosave(self.review.path, target)
        self.setWindowModified(False)
        self._update_title()
        self.statusBar().showMessage(f"Saved to {target}", 5_000)
        return True

    def _claim_quietly(self, target: Path) -> ReviewLock | None:
        """This window's lock on `target` (the one it has, or a new one); LockHeld if another window has it."""
        if self.lock is not None and self.lock.path == lock_path(target) and self.lock.still_held():
            return self.lock
        return acquire(target)

    def maybe_save(self) -> bool:
        """Ask before leaving a review whose file is behind; False means the user cancelled."""
        if self.view == START or not self.isWindowModified():
            return True
        name = self.document.name if self.document else "this review"
        where = self.review.path
        kept = (
            f"If you don't, they stay in the review's autosave ({where}); the start screen offers to continue it."
            if where is not None
            else "If you don't, they are lost: this window only reads the review."
        )
        box = QMessageBox(QMessageBox.Question, "Save changes?", f"Save the changes to {name}?\n\n{kept}", parent=self)
        box.setObjectName("unsavedPrompt")
        box.setStandardButtons(QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        box.setDefaultButton(QMessageBox.Save)
        answer = box.exec()
        if answer == QMessageBox.Save:
            return self.save()
        if answer == QMessageBox.Discard:  # the autosave keeps them: nothing is deleted here
            self.setWindowModified(False)
            return True
        return False

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.memory.recent():
            self.recent_menu.addAction(QAction(str(path), self.recent_menu, triggered=lambda _=False, p=path: self.open_file(p)))
        self.recent_menu.setEnabled(True)
        if not self.recent_menu.actions():
            self.recent_menu.addAction(QAction("(none yet)", self.recent_menu, enabled=False))

    # -- report ---------------------------------------------------------
    def export_pdf(self) -> None:
        if self.view == START:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the PDF report", str(self.default_report_path()), "PDF (*.pdf)")
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
        if not self._pending_answer_kept():
            event.ignore()
            return
        self._keep_note()
        if not self.maybe_save():
            event.ignore()
            return
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait(30_000)
        self._release_lock()
        self.memory.set_geometry(self.saveGeometry())
        empty_trash(self.data_dir)  # deleted reviews could be restored until now
        super().closeEvent(event)

    def _review_deleted(self, path: str) -> None:
        offer = self.memory.resumable()
        if offer is not None and offer.autosave == Path(path):
            self.memory.forget_autosave()
            self.start_page.show_resume(None)
