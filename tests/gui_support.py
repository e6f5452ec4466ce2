"""Helpers for the window tests: a window with its own settings file, people-like input, dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QPlainTextEdit, QPushButton

from wizard.flows import FlowSet, Question
from wizard.ui.main_window import MainWindow


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def open_window(qtbot, flowset: FlowSet, _private_data_dir: Path, settings_file: Path) -> Callable[..., MainWindow]:
    """Open a window the way the app does, remembering in a per-test settings file."""

    def make(session_path: Path | None = None) -> MainWindow:
        window = MainWindow(flowset, _private_data_dir, session_path, settings=QSettings(str(settings_file), QSettings.IniFormat))
        # Teardown closes the window: no save prompt may block it.
        qtbot.addWidget(window, before_close_func=quietly)
        window.show()
        return window

    return make


@pytest.fixture(scope="session")
def _answered(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from conftest import EXAMPLES

    from wizard.cli import main

    path = tmp_path_factory.mktemp("answered") / "customer-chatbot.json"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(path)]) == 0
    return path.read_bytes()


@pytest.fixture
def finished(_answered: bytes, tmp_path: Path) -> Path:
    """A finished customer-chatbot session, a fresh copy per test."""
    path = tmp_path / "customer-chatbot.json"
    path.write_bytes(_answered)
    return path


def quietly(window: MainWindow) -> None:
    """Teardown closes the window: no prompt (unsaved file, an answer not sent with Next) may block it."""
    window.setWindowModified(False)
    window.view = "start"


def fill(window: MainWindow, qtbot, value) -> None:
    """Answer the visible question the way a person would: type, click, tick."""
    page = window.question_page
    if page.text_input is not None:
        page.text_input.setFocus()
        if isinstance(page.text_input, QPlainTextEdit):
            page.text_input.clear()
        else:
            page.text_input.selectAll()
        qtbot.keyClicks(page.text_input, value)
        return
    wanted = {value} if isinstance(value, str) else set(value)
    for button in page.buttons:
        on_box = QPoint(8, button.height() // 2)  # the indicator, where a person clicks
        chosen = button.property("choice") in wanted
        # a check box is clicked when its state must change, a radio button when it is a wanted choice
        if (button.isChecked() != chosen) if isinstance(button, QCheckBox) else chosen:
            qtbot.mouseClick(button, Qt.LeftButton, pos=on_box)


def answer_each(window: MainWindow, qtbot, answers: dict, limit: int = 80) -> Iterator[tuple[str, Question]]:
    """Answer from a scenario dict with Next until the review page shows; yields each (flow, question) once answered."""
    for _ in range(limit):
        if window.view != "question":
            return
        flow_id, question = window.review.flow_id, window.review.question
        fill(window, qtbot, answers[flow_id][question.id])
        assert window.next_button.isEnabled(), f"{flow_id}.{question.id}: {window.question_page.problem()}"
        qtbot.mouseClick(window.next_button, Qt.LeftButton)
        yield flow_id, question
    raise AssertionError(f"still asking after {limit} answers")


class DialogAnswerer:
    """Answers the next modal dialog by clicking the button with the given text; keeps what it said."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.seen: list[str] = []

    def will_click(self, button_text: str) -> None:
        def click() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QMessageBox):
                QTimer.singleShot(20, click)
                return
            self.seen.append(f"{dialog.objectName()}: {dialog.text()}")
            for button in dialog.findChildren(QPushButton):
                if button.text().replace("&", "") == button_text:
                    button.click()
                    return
            raise AssertionError(f"no button {button_text!r} in {[b.text() for b in dialog.findChildren(QPushButton)]}")

        QTimer.singleShot(0, click)


@pytest.fixture
def dialogs(qtbot) -> DialogAnswerer:
    return DialogAnswerer(qtbot)


def show_kind(window: MainWindow, kind: str) -> None:
    """Show the first term question of this kind, answering the questions before it on one path."""
    from wizard.graph import walk

    for flow in window.flowset.term_flows:
        for path in walk(flow):
            ids = list(path)
            target = next((q for q in ids if flow.questions[q].kind == kind), None)
            if target is None:
                continue
            answers = window.review.answers(flow.id)
            answers.clear()
            answers.update({q: path[q] for q in ids[: ids.index(target)]})
            window.review.select(flow.id, target)
            window.view = "question"
            window.refresh()
            return
    raise AssertionError(f"no term flow asks a {kind} question")
