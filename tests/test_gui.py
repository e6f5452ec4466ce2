"""The desktop window, offscreen: a person's walk from the first question to a PDF."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from conftest import EXAMPLES
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from wizard.session import load
from wizard.ui.main_window import MainWindow


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
        on_label = QPoint(8, button.height() // 2)  # the indicator, where a person clicks
        if isinstance(button, QCheckBox) and button.isChecked() != (button.property("choice") in wanted):
            qtbot.mouseClick(button, Qt.LeftButton, pos=on_label)
        elif not isinstance(button, QCheckBox) and button.property("choice") in wanted:
            qtbot.mouseClick(button, Qt.LeftButton, pos=on_label)


def test_walk_from_first_question_to_written_pdf(qtbot, flowset, tmp_path: Path, _private_data_dir: Path) -> None:
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    window = MainWindow(flowset, _private_data_dir)
    qtbot.addWidget(window)
    window.show()
    assert window.question_page.title.text() == flowset.flow("profile").question("project_name").text
    assert not window.next_button.isEnabled(), "Next waits for a valid answer"
    assert window.question_page.reason.text()
    steps = 0
    while not window._at_finish():
        flow_id, question = window.review.flow_id, window.review.question
        fill(window, qtbot, answers[flow_id][question.id])
        assert window.next_button.isEnabled(), f"{flow_id}.{question.id}: {window.question_page.problem()}"
        qtbot.keyClick(window.next_button, Qt.Key_Return)
        steps += 1
        assert steps < 80
        # Autosaved before the next question shows.
        saved = load(window.review.path)
        assert saved.answers_of(flow_id).get(question.id) is not None or question.id not in answers[flow_id]
    assert window.pages.currentWidget() is window.finish_page
    target = tmp_path / "report.pdf"
    window.finish_page.path.setText(str(target))
    qtbot.mouseClick(window.finish_page.create, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).split())
    assert "Helios customer support assistant" in text
    for flow in flowset.term_flows:
        assert flowset.terms.sections[flow.section].heading in text


def test_back_returns_to_previous_answer(qtbot, flowset, _private_data_dir: Path) -> None:
    window = MainWindow(flowset, _private_data_dir)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    fill(window, qtbot, "Project Nova")
    qtbot.keyClick(window.next_button, Qt.Key_Return)
    assert window.review.question.id == "use_case"
    back = next(a for a in window.actions() if QKeySequence("Alt+Left") in a.shortcuts())
    back.trigger()
    assert window.review.question.id == "project_name"
    assert isinstance(window.question_page.text_input, QLineEdit)
    assert window.question_page.text_input.text() == "Project Nova"
    assert not window.back_button.isEnabled()


def test_open_a_report_pdf_resumes_its_session(qtbot, flowset, tmp_path: Path, _private_data_dir: Path) -> None:
    from wizard.cli import main

    session, pdf = tmp_path / "s.json", tmp_path / "r.pdf"
    assert main(["answer", str(EXAMPLES / "distil-own-model.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    window = MainWindow(flowset, _private_data_dir, pdf)
    qtbot.addWidget(window)
    assert window.review.session.to_json() == load(session).to_json()
    assert window.review.path.parent == _private_data_dir, "a PDF is never overwritten by autosave"
    assert window.pages.currentWidget() is window.finish_page
