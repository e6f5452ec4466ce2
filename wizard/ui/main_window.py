"""The wizard window: a thin view over the workspace (`wizard.workspace`); every decision is the core's.

The workspace owns the open review and its files; commands return a
`Change`, and `apply` redraws what it touched: an owner or due date one row,
anything else through `refresh`, the one place the pages are filled. Pages
come from `page_table.PAGES`; `move_to` is the one way from page to page.

Start-up builds the start page and the menus; the rest is built on first use (`built_on_use.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,  # noqa: F401 - tests replace its dialogs through this module
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wizard.bidi import isolate
from wizard.filenames import file_stem
from wizard.prerender import RenderCache
from wizard.ui import page_table
from wizard.ui.built_on_use import BuiltOnUse, Pages
from wizard.ui.compare_dialog import add_review_actions
from wizard.ui.counsel_commands import CounselCommands
from wizard.ui.file_commands import FileCommands
from wizard.ui.memory import Memory
from wizard.ui.shortcuts import about_action, shortcuts_action

if TYPE_CHECKING:
    from wizard.counsel_view import CounselView
    from wizard.derive import Derived
    from wizard.flows import FlowSet
    from wizard.review import Change, Review
    from wizard.ui.pdf_preview import ReportPreview
    from wizard.ui.sidebar import Sidebar
    from wizard.ui.sign_decision import SignButton
    from wizard.workspace import Workspace

START, QUESTION, REVIEW, REPORT, COUNSEL = (
    page_table.START,
    page_table.QUESTION,
    page_table.REVIEW,
    page_table.REPORT,
    page_table.COUNSEL,
)


class MainWindow(FileCommands, CounselCommands, BuiltOnUse, QMainWindow):
    def __init__(  # quick_start (the app's): the list of reviews and the workspace come just after the first paint
        self,
        flowset: FlowSet | Callable[[], FlowSet],  # or how to load them: then they are loaded just after the first paint
        data_dir: Path,
        session_path: Path | None = None,
        settings: QSettings | None = None,
        quick_start: bool = False,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self._flowset, self._load_flows = (None, flowset) if callable(flowset) else (flowset, None)
        self.memory = Memory(settings, None if self._flowset is None else self._flowset.profile_role("title"))
        self._workspace: Workspace | None = None  # built on first use: the start page does not need it
        self.worker, self.render_cache, self.ahead = None, RenderCache(), None  # the cache: a report rendered ahead
        self.view, self.editing = START, False
        self.derived: Derived | None = None  # what the pages show, from the last refresh
        self.counsel: CounselView | None = None  # counsel's answer as the pages show it, from the last refresh
        self.open_error = ""  # why the last open failed, for `bedrock-wizard open` to report
        self.counsel_mode = False  # counsel review mode: procurement's answers are read-only
        self.specs = {spec.name: spec for spec in page_table.PAGES}
        self._side: Sidebar | None = None  # the parts sidebar, built when a review first shows
        self._sign_button: SignButton | None = None  # both made with the report step
        self._report_preview: ReportPreview | None = None
        self._listed = not quick_start  # False until the start page has listed the reviews
        self.pages = QStackedWidget()
        self.page_widgets = Pages(self)

        self.back_button = QPushButton("◀  Back", objectName="back")
        self.back_button.setAccessibleName("Back to the previous step")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Next  ▶", objectName="next")
        self.next_button.setAccessibleName("Answer and go to the next question")
        self.next_button.clicked.connect(self.go_next)
        for button in (self.back_button, self.next_button):
            button.setAutoDefault(True)
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
        self._row = QHBoxLayout(body)
        self._row.addLayout(right, 1)
        self.setCentralWidget(body)
        self._menus()
        room = self.screen().availableGeometry()  # logical pixels: small on a laptop at 150-200 %
        self.resize(min(1040, int(room.width() * 0.94)), min(720, int(room.height() * 0.9)))
        geometry = self.memory.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if session_path is not None and self.open_file(session_path):
            return
        self.start_parts(quick_start)
        self.refresh()

    # -- the workspace's state, as the pages and tests read it ------------------
    @property
    def review(self) -> Review:
        return self.workspace.review

    @property
    def document(self) -> Path | None:
        return self.workspace.document

    @property
    def lock(self):  # noqa: ANN201 - the workspace's lock on the document
        return self.workspace.lock

    @property
    def read_only(self) -> bool:
        return self.workspace.read_only

    def _menus(self) -> None:
        def action(text: str, keys, slot, menu) -> QAction:  # noqa: ANN001
            act = QAction(text, self, triggered=slot)
            act.setShortcuts([QKeySequence(k) for k in keys] if isinstance(keys, tuple) else [QKeySequence(keys)])
            menu.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&File")
        action("&New review", QKeySequence.New, self.new_review, file_menu)
        action("&Open…", QKeySequence.Open, self.open_dialog, file_menu)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        file_menu.addSeparator()
        self.save_action = action("&Save", QKeySequence.Save, self.save, file_menu)
        self.save_as_action = action("Save &as…", QKeySequence("Ctrl+Shift+S"), self.save_as, file_menu)
        self.export_action = action("&Export PDF report…", QKeySequence("Ctrl+E"), self.export_pdf, file_menu)
        self.copy_action = action("&Copy summary", QKeySequence("Ctrl+Shift+C"), self.copy_summary, file_menu)
        self.print_action = action("&Print the report…", QKeySequence.Print, self._print, file_menu)
        add_review_actions(self, file_menu)  # Export ▸ Findings register, Compare with…, New review from this one
        file_menu.addSeparator()
        self.counsel_action = QAction("Review as &counsel", self, checkable=True)
        self.counsel_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.counsel_action.toggled.connect(self.set_counsel_mode)
        file_menu.addAction(self.counsel_action)
        file_menu.addSeparator()
        action("&Quit", QKeySequence("Ctrl+Q"), self.close, file_menu)
        go_menu = self.menuBar().addMenu("&Go")
        self.back_action = action("&Back", ("Alt+Left", "Ctrl+["), self.go_back, go_menu)
        self.next_action = action("&Next", ("Alt+Right", "Ctrl+]"), self.go_next, go_menu)
        self.page_actions = [
            action(spec.menu, QKeySequence(spec.shortcut), lambda _=False, n=spec.name: self.show_page(n), go_menu)
            for spec in self.specs.values()
            if spec.menu
        ]
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(shortcuts_action(self, self.menuBar()))
        help_menu.addAction(about_action(self, lambda: self.flowset.terms))

    def _print(self) -> None:
        if self.view == START:
            return
        self.move_to(REPORT)
        if self.finish_page.print_pdf.isVisible():
            self.finish_page.print_pdf.click()
        else:
            self.finish_page.say("Create the PDF report first; then Print sends it to a printer.")

    # -- moving between pages (the page table decides; see page_table.py) ----
    def move_to(self, name: str, then: Callable[[], object] | None = None, editing: bool | None = None) -> None:
        """Leave the page shown (saving what is typed there), run `then` (move the cursor), enter `name`."""
        self.keep_entries()
        if then is not None:
            then()
        self.view = name
        self.editing = (self.editing if editing is None else editing) and name == QUESTION
        self.refresh()

    show_page = move_to

    def apply(self, change: Change) -> None:
        """Redraw what a command changed: only the rows of an owner or due date, else every page's state."""
        self.setWindowModified(self.workspace.modified)
        page = self.page_widgets[self.view]
        if change.only_actions and hasattr(page, "apply") and page.apply(change, self.review.session):
            self.prerender()  # the report follows the owner or date just entered
            self.shown_then_saved()
            return
        if self.view == QUESTION and self.review.complete and self.review.question is None:
            self.view, self.editing = REVIEW, False
        self.refresh()

    _applied = apply

    def begin(self) -> None:
        """A review was opened or started: counsel mode off, the first page it needs."""
        self.counsel_mode = False
        self.counsel_action.blockSignals(True)
        self.counsel_action.setChecked(False)
        self.counsel_action.blockSignals(False)
        self.view, self.editing = (REVIEW if self.review.complete else QUESTION), False
        stale = self.review.session.stale
        if stale:
            self.statusBar().showMessage(
                f"{sum(map(len, stale.values()))} earlier answers no longer fit the current questions; "
                "they are listed on the review page and in the report.",
                15_000,
            )

    def refresh(self) -> None:
        """Redraw everything from the review's derived state: the one place the window is drawn."""
        spec = self.specs[self.view]
        derived = self.derived = self.review.derive() if spec.chrome else None
        while derived is not None and not spec.shows(self, derived):
            self.view, self.editing = spec.instead, False
            spec = self.specs[self.view]
        if spec.chrome or self._side is not None:
            self.side.setVisible(spec.chrome)
        self.buttons.setVisible(spec.chrome)
        for act in (self.save_action, self.save_as_action, self.export_action, self.copy_action, self.print_action):
            act.setEnabled(spec.chrome)
        for act in (*self.page_actions, self.counsel_action):
            act.setEnabled(spec.chrome)
        self.counsel = derived.counsel if derived is not None else None
        if derived is not None and self.counsel is not None:
            current = self.review.flow_id if self.view == QUESTION else None
            self.side.show_review(derived, self.counsel, current, self.view in (REVIEW, REPORT))
        spec.enter(self, derived)
        self.pages.setCurrentWidget(self.page_widgets[spec.name])
        self.update_buttons()
        self._update_title()
        self.shown_then_saved()

    def present_start(self) -> None:
        if not self._listed:  # the first screen: listed just after its first paint (`_list_reviews`)
            self.start_page.empty.setVisible(False)  # not "none yet" before the list is read
            return
        from datetime import date

        from wizard.catalog import reviews_of
        from wizard.portfolio import portfolio

        self.start_page.show_resume(self.memory.resumable())
        records = reviews_of(self.flowset, self.data_dir, self.memory.recent(), read_reports=True)
        self.start_page.show_reviews(records, self.data_dir)
        self.start_page.fill_portfolio(lambda: portfolio(self.flowset, records), date.today())  # after the first paint

    def focus_next_button(self) -> None:
        self.next_button.setFocus(Qt.OtherFocusReason)

    def rendering(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def update_buttons(self) -> None:
        spec, derived = self.specs[self.view], self.derived
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
        from wizard.findings import profile_text

        project = profile_text(self.flowset, self.derived.parts, "title") if self.derived else ""
        name = self.document.name if self.document else (project or "Untitled review")
        mode = " (read-only)" if self.read_only else " (counsel review)" if self.counsel_mode else ""
        self.setWindowTitle(f"{isolate(name)}{mode}[*] — Bedrock Terms Wizard")
        self.setWindowModified(self.workspace.modified)

    def default_report_path(self) -> Path:
        from wizard.findings import profile_text

        derived = self.derived or self.review.derive()  # the last redraw's, unless on the start page
        name = file_stem(profile_text(self.flowset, derived.parts, "title"))
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / f"{name}-bedrock-terms.pdf"

    def say_notice(self) -> None:
        """What the workspace had to say after a command (the review was taken over, an autosave failed)."""
        notice, self.workspace.notice = self.workspace.notice, None
        if notice is not None:
            QMessageBox.warning(self, notice.title, notice.message)
            self._update_title()

    # -- answering and moving ---------------------------------------------------
    def go_next(self) -> None:
        spec = self.specs[self.view]
        if spec.on_next is not None and self.next_button.isEnabled():
            spec.on_next(self)
        elif spec.explain is not None:
            spec.explain(self)

    def answer_question(self) -> None:
        page = self.question_page
        if self.counsel_mode or not page.attempt():  # answers are read-only in counsel mode; the page says why not
            return
        raw = page.raw_value()
        question = self.review.question
        if question is not None:  # the "Ask counsel" tick alone changes the review
            self.workspace.run(lambda r: r.set_ask(r.flow_id, question.id, page.ask_counsel()))
        from wizard.answers import AnswerError

        try:  # "Keep my earlier answer" redraws the question with it
            self.settle(self.workspace.answer(raw, page.note_text(), skip_answered=self.editing))
        except AnswerError as exc:
            page.show_problem(str(exc))

    def go_back(self) -> None:
        spec = self.specs[self.view]
        if spec.on_back is not None and self.back_button.isEnabled():
            spec.on_back(self)

    def step_back(self) -> None:
        self.move_to(QUESTION, lambda: self.review.back())

    def _jump(self, target: object) -> None:
        """A sidebar entry (or its flow id): that part where the user left it, or the review page."""
        from wizard.ui.sidebar import REVIEW_ITEM

        target = target.data(Qt.UserRole) if hasattr(target, "data") else target
        if target == REVIEW_ITEM:
            self.show_review()
        else:
            self.move_to(QUESTION, lambda: self.review.select(str(target)))

    def show_review(self) -> None:
        if self.view != START:
            self.move_to(REVIEW)

    def edit_answer(self, flow_id: str, question_id: str) -> None:
        """Edit from the review page: after the change, go to what is new, or back to the review."""
        self.move_to(QUESTION, lambda: self.review.select(flow_id, question_id), editing=True)

    def continue_flow(self, flow_id: str) -> None:
        self.move_to(QUESTION, lambda: self.review.select(flow_id), editing=True)

    def keep_entries(self) -> None:
        """What is typed on the page shown (a note, counsel's entry, an owner or date) is saved before leaving it."""
        if self.view != START and self.specs[self.view].leave is not None:
            self.specs[self.view].leave(self)

    def keep_note(self) -> None:
        """A note typed on a question the user leaves without Next is still saved."""
        question = self.review.question
        if question is None or self.review.current_answer() is None:
            return
        note, ask = self.question_page.note_text(), self.question_page.ask_counsel()
        self.workspace.run(lambda r: r.set_ask(r.flow_id, question.id, ask) | r.set_note(r.flow_id, question.id, note))
        self.say_notice()
        self.setWindowModified(self.workspace.modified)

    def pending_answer_kept(self) -> bool:
        """An answer picked or typed but not sent with Next is not lost on closing: ask. False means cancel."""
        question = self.review.question
        if self.view != QUESTION or question is None:
            return True
        value = self.question_page.value()
        if value is None or value == self.review.current_answer():
            return True
        from wizard import workspace as ws
        from wizard.ui import dialogs

        choice = dialogs.keep_pending(self, question.text)
        if choice == ws.CANCEL:
            return False
        if choice == ws.KEEP:
            flow_id = self.review.flow_id
            self.answer_question()  # may ask first if it drops later answers; kept only if it went through
            return self.review.answers(flow_id).get(question.id) == value
        return True
