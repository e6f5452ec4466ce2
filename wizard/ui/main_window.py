"""The wizard window: a thin view over `Review`; every decision is the core's."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
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
from wizard.pdfsession import is_pdf, load_any
from wizard.review import DONE, IN_PROGRESS, NOT_STARTED, OPEN_QUESTIONS, Review
from wizard.session import Session, SessionError, save
from wizard.ui.finish_page import FinishPage
from wizard.ui.question_page import QuestionPage
from wizard.ui.report_worker import ReportWorker

STATUS_MARK = {NOT_STARTED: "○", IN_PROGRESS: "◐", DONE: "●", OPEN_QUESTIONS: "?"}


class MainWindow(QMainWindow):
    def __init__(self, flowset: FlowSet, data_dir: Path, session_path: Path | None = None) -> None:
        super().__init__()
        self.flowset = flowset
        self.data_dir = data_dir
        self.worker: ReportWorker | None = None
        self.review = self._new_review()

        self.sidebar = QListWidget(objectName="sidebar")
        self.sidebar.setAccessibleName("Terms of the review")
        self.sidebar.setWordWrap(True)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.sidebar.itemActivated.connect(self._jump)
        self.sidebar.itemClicked.connect(self._jump)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setAccessibleName("Progress of the whole review")
        self.progress.setFormat("%p% answered")

        self.pages = QStackedWidget()
        self.question_page = QuestionPage()
        self.question_page.changed.connect(self._update_buttons)
        self.finish_page = FinishPage()
        self.finish_page.render_requested.connect(self.render_report)
        self.pages.addWidget(self.question_page)
        self.pages.addWidget(self.finish_page)

        self.back_button = QPushButton("◀  Back", objectName="back")
        self.back_button.setAccessibleName("Back to the previous question")
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton("Next  ▶", objectName="next")
        self.next_button.setAccessibleName("Answer and go to the next question")
        self.next_button.setDefault(True)
        self.next_button.setAutoDefault(True)
        self.next_button.clicked.connect(self.go_next)
        for keys, slot in ((("Alt+Left", "Ctrl+["), self.go_back), (("Alt+Right", "Ctrl+]"), self.go_next)):
            action = QAction(self, triggered=slot)
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.addAction(action)

        left = QVBoxLayout()
        left.addWidget(QLabel("Review", objectName="sidebarTitle"))
        left.addWidget(self.sidebar, 1)
        left.addWidget(self.progress)
        left_widget = QWidget(objectName="side")
        left_widget.setLayout(left)
        left_widget.setFixedWidth(300)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(buttons)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(left_widget)
        row.addLayout(right, 1)
        self.setCentralWidget(body)
        self._menus()
        self.resize(1040, 720)
        self.setWindowTitle("Bedrock Terms Wizard")
        if session_path is not None:
            self.open_session(session_path)
        self.refresh()

    # -- set-up ---------------------------------------------------------
    def _new_review(self, session: Session | None = None, path: Path | None = None) -> Review:
        if path is None:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = self.data_dir / f"review-{stamp}.json"
        return Review(self.flowset, session, path)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, key, slot in (
            ("&New review", QKeySequence.New, self.new_review),
            ("&Open…", QKeySequence.Open, self.open_dialog),
            ("Save &As…", QKeySequence.SaveAs, self.save_as),
            ("&Quit", QKeySequence.Quit, self.close),
        ):
            action = QAction(text, self, shortcut=key, triggered=slot)
            file_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Keyboard shortcuts", self, triggered=self._shortcuts))

    def _shortcuts(self) -> None:
        QMessageBox.information(
            self, "Keyboard shortcuts",
            "Enter or Alt+Right: answer and go on\nAlt+Left: back\nTab / Shift+Tab: move between controls\n"
            "Space: tick a choice\nCtrl+N: new review\nCtrl+O: open\nCtrl+Shift+S: save as\nCtrl+Q: quit",
        )

    # -- showing --------------------------------------------------------
    def refresh(self) -> None:
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
            if flow.id == review.flow_id and not self._at_finish():
                self.sidebar.setCurrentItem(item)
        self.sidebar.blockSignals(False)
        answered, total = review.progress()
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(answered)
        if self._at_finish():
            model = findings.build(review)
            self.finish_page.show_findings(model, self._default_report_path())
            self.pages.setCurrentWidget(self.finish_page)
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
        self._update_buttons()
        self._update_title()

    def _at_finish(self) -> bool:
        return self.review.complete and self.review.question is None

    def _update_buttons(self) -> None:
        at_finish = self._at_finish()
        self.next_button.setVisible(not at_finish)
        self.next_button.setEnabled(not at_finish and self.question_page.value() is not None)
        first = self.review.flow_id == self.flowset.flows[0].id and not self.review.run.history
        self.back_button.setEnabled(not first or at_finish)

    def _update_title(self) -> None:
        path = self.review.path
        self.setWindowTitle(f"{path.name if path else 'New review'} — Bedrock Terms Wizard")

    def _default_report_path(self) -> Path:
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", self.review.profile_text("project_name")).strip("-") or "review"
        folder = Path.home() / "Documents"
        return (folder if folder.is_dir() else Path.home()) / f"{name}-bedrock-terms.pdf"

    # -- actions --------------------------------------------------------
    def go_next(self) -> None:
        if self._at_finish() or not self.next_button.isEnabled():
            return
        try:
            self.review.answer(self.question_page.raw_value(), self.question_page.note.text())
        except AnswerError as exc:
            self.question_page.reason.setText(str(exc))
            self.question_page.reason.setVisible(True)
            return
        except SessionError as exc:
            QMessageBox.warning(self, "Could not save", f"Your answer is kept in this window but was not saved:\n{exc}")
        self.refresh()

    def go_back(self) -> None:
        if not self.back_button.isEnabled():
            return
        if self._at_finish():
            self.review.select(self.flowset.flows[-1].id)
        elif not self.review.back():
            return
        self.refresh()

    def _jump(self, item: QListWidgetItem) -> None:
        self.review.select(item.data(Qt.UserRole))
        self.refresh()

    def new_review(self) -> None:
        self.review = self._new_review()
        self.refresh()

    def open_dialog(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a review", str(self.data_dir), "Reviews and reports (*.json *.pdf);;All files (*)"
        )
        if chosen:
            self.open_session(Path(chosen))
            self.refresh()

    def open_session(self, path: Path) -> bool:
        """Open a session file, or the session inside a report PDF (resumed as a new file)."""
        try:
            session = load_any(path)
        except SessionError as exc:
            QMessageBox.critical(self, "Cannot open", str(exc))
            return False
        self.review = self._new_review(session, None if is_pdf(path) else path)
        QSettings().setValue("last_session", str(path))
        return True

    def save_as(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the review", str(self.data_dir), "Sessions (*.json)")
        if not chosen:
            return
        try:
            save(self.review.session, Path(chosen))
        except SessionError as exc:
            QMessageBox.critical(self, "Cannot save", str(exc))
            return
        self.review.path = Path(chosen)
        self._update_title()

    def render_report(self, target: str, paper: str) -> None:
        if not target:
            self.finish_page.failed("Choose where to save the report first.")
            return
        self.finish_page.set_busy(True)
        self.back_button.setEnabled(False)
        self.worker = ReportWorker(self.review, Path(target).expanduser(), paper)
        self.worker.finished_ok.connect(self._report_done)
        self.worker.failed.connect(self._report_failed)
        self.worker.start()

    def _report_done(self, path: str) -> None:
        self.finish_page.done(path)
        self._update_buttons()

    def _report_failed(self, message: str) -> None:
        self.finish_page.failed(message)
        self._update_buttons()
        QMessageBox.warning(self, "Report not created", message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait(30_000)
        super().closeEvent(event)
