"""The window's parts built on first use: pages, the parts sidebar, the workspace, the report step's buttons.

A mixin of `MainWindow`. Start-up builds only the start page; each other part
is built (and its module imported) the first time it is asked for, under the
name the rest of the code and the tests use (`window.review_page`,
`window.sidebar`, `window.workspace`...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from wizard.ui.page_table import COUNSEL, QUESTION, REPORT, REVIEW, START

if TYPE_CHECKING:
    from wizard.flows import FlowSet
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

LIST_AT_THE_LATEST_MS = 500


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
            QTimer.singleShot(0, self, self.then)
        return False


class BuiltOnUse(Base):
    @property
    def flowset(self) -> FlowSet:
        """The flows; loaded on first use when the window was given how to load them (raises FlowError)."""
        if self._flowset is None:
            assert self._load_flows is not None
            self._flowset = self._load_flows()
            self.memory.project_field = self._flowset.profile_role("title")
        return self._flowset

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

    def start_parts(self, quick_start: bool) -> None:
        """The app's quick start: the list and the workspace just after the first paint; else both now."""
        if quick_start:
            FirstPaint(self.start_page, self._list_reviews)
            QTimer.singleShot(LIST_AT_THE_LATEST_MS, self, self._list_reviews)  # a window that is not painted still lists
        else:
            self.workspace  # noqa: B018 - built now: it sweeps the temp files of a killed save

    def _flows_broken(self, exc: Exception) -> None:
        """The bundled flows are damaged (found just after the first paint): say so and end with status 1."""
        from PySide6.QtWidgets import QApplication

        from wizard.ui.app import broken_flows

        self._listed = True  # the fallback timer must not ask again
        self.hide()
        broken_flows(exc)  # type: ignore[arg-type]
        QApplication.exit(1)

    def _list_reviews(self) -> None:
        """Just after the first paint: the reviews and the resume offer on the start page, then the workspace."""
        if self._listed:
            return
        from wizard.flows import FlowError

        try:
            self.flowset  # noqa: B018 - the bundled flows, when the app left them for after the first paint
        except FlowError as exc:
            self._flows_broken(exc)
            return
        self._listed = True
        if self.view == START:
            self.present_start()
        QTimer.singleShot(0, self, lambda: self.workspace)  # its modules, before the first click needs them
