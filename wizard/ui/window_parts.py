"""The window's parts built on first use (pages, parts sidebar, workspace, report tools) and its menus.

A mixin of `MainWindow`, so the window itself holds only navigation and
redrawing. Start-up builds what the first screen shows (the start page, the
menus); each other part is built, and its module imported, the first time
it is asked for (docs/architecture.md, "Start-up").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from wizard.ui.compare_dialog import add_review_actions
from wizard.ui.page_table import COUNSEL, QUESTION, REPORT, REVIEW, START
from wizard.ui.shortcuts import shortcuts_action

if TYPE_CHECKING:
    from pathlib import Path

    from wizard.review import Review
    from wizard.ui.counsel_page import CounselPage
    from wizard.ui.finish_page import FinishPage
    from wizard.ui.main_window import MainWindow
    from wizard.ui.pdf_preview import ReportPreview
    from wizard.ui.question_page import QuestionPage
    from wizard.ui.review_page import ReviewPage
    from wizard.ui.sidebar import Sidebar
    from wizard.ui.sign_decision import SignButton
    from wizard.ui.start_page import StartPage
    from wizard.workspace import Workspace

    Base = MainWindow
else:
    Base = object


class Pages(dict):
    """The window's pages by name, each built, added to the stack and wired the first time it is asked for."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window

    def __missing__(self, name: str) -> QWidget:
        spec = self.window.specs[name]
        page = self[name] = spec.widget()
        self.window.pages.addWidget(page)
        if spec.wire is not None:
            spec.wire(self.window, page)
        return page


class FirstPaint(QObject):
    """Runs `then` once, just after the watched widget's first paint: the work the first screen can wait for."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


class WindowParts(Base):
    # -- built on first use ---------------------------------------------------
    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            from wizard.workspace import Workspace

            self._workspace = Workspace(self.flowset, self.data_dir, on_saved=self.memory.remember_autosave, write_behind=True)
        return self._workspace

    @property
    def start_page(self) -> StartPage:
        return self.page_widgets[START]

    @property
    def question_page(self) -> QuestionPage:
        return self.page_widgets[QUESTION]

    @property
    def review_page(self) -> ReviewPage:
        return self.page_widgets[REVIEW]

    @property
    def finish_page(self) -> FinishPage:
        return self.page_widgets[REPORT]

    @property
    def counsel_page(self) -> CounselPage:
        return self.page_widgets[COUNSEL]

    @property
    def sign_button(self) -> SignButton:
        """Counsel mode: "Sign decision…" on the report step (made with it)."""
        self.finish_page  # noqa: B018 - built with its buttons
        assert self._sign_button is not None
        return self._sign_button

    @property
    def report_preview(self) -> ReportPreview:
        """The report step's Preview, before saving (made with it)."""
        self.finish_page  # noqa: B018 - built with its buttons
        assert self._report_preview is not None
        return self._report_preview

    def attach_report_tools(self) -> None:
        """The report step's extra buttons: Sign decision… (counsel mode) and Preview."""
        from wizard.ui import pdf_preview, sign_decision

        self._sign_button = sign_decision.attach(self)
        self._report_preview = pdf_preview.attach(self)

    @property
    def side(self) -> Sidebar:
        if self._side is None:
            from wizard.ui.sidebar import Sidebar

            self._side = Sidebar()
            self._side.jumped.connect(self._jump)
            self._row.insertWidget(0, self._side)  # first: shown before it has a parent, it would be a window of its own
            self._side.setVisible(self.specs[self.view].chrome)
        return self._side

    @property
    def sidebar(self):  # noqa: ANN201 - the sidebar's list of parts (a QListWidget)
        return self.side.list

    @property
    def progress(self):  # noqa: ANN201 - a QProgressBar
        return self.side.progress

    @property
    def live(self):  # noqa: ANN201 - a QLabel
        return self.side.live

    @property
    def side_decision(self):  # noqa: ANN201 - a QLabel
        return self.side.decision

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
        help_menu.addAction(QAction("&About", self, triggered=self._about))
