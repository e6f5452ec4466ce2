"""The desktop window, offscreen: a person's walk from the start screen to a PDF, by mouse and by keyboard."""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from conftest import EXAMPLES
from gui_support import answer_each, fill
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPlainTextEdit

from wizard.fsio import load


def test_walk_from_start_screen_to_written_pdf(qtbot, open_window, flowset, tmp_path: Path) -> None:
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    window = open_window()
    assert window.pages.currentWidget() is window.start_page
    assert not window.start_page.resume_box.isVisibleTo(window), "nothing to resume on a first run"
    qtbot.mouseClick(window.start_page.new_button, Qt.LeftButton)
    assert window.question_page.title.text() == flowset.flow("profile").question("project_name").text
    assert not window.next_button.isEnabled(), "Next waits for a valid answer"
    assert window.question_page.reason.text()
    for flow_id, question in answer_each(window, qtbot, answers):
        # Autosaved before the next question shows.
        assert load(window.review.path).answers_of(flow_id).get(question.id) is not None
    assert window.pages.currentWidget() is window.review_page
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.pages.currentWidget() is window.finish_page
    target = tmp_path / "report.pdf"
    window.finish_page.path.setText(str(target))
    qtbot.mouseClick(window.finish_page.create, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).split())
    assert "Helios customer support assistant" in text
    for flow in flowset.term_flows:
        assert flowset.terms.sections[flow.section].heading in text


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def _answer_by_keyboard(window, value) -> None:
    """Type or tick with Tab, Space and Enter only, starting from where the page puts the focus."""
    page = window.question_page
    focus = QApplication.focusWidget()
    if page.text_input is not None:
        assert focus is page.text_input, "the answer field has the focus when a question shows"
        _press(Qt.Key_A, Qt.ControlModifier)
        QTest.keyClicks(focus, value)
        _press(Qt.Key_Return, Qt.ControlModifier if isinstance(focus, QPlainTextEdit) else Qt.NoModifier)
        return
    assert focus in page.buttons, f"focus is on {focus.objectName()}, not on a choice"
    wanted = {value} if isinstance(value, str) else set(value)
    multi = isinstance(page.buttons[0], QCheckBox)
    targets = (
        [i for i, b in enumerate(page.buttons) if (b.property("choice") in wanted) != b.isChecked()]
        if multi
        else [next(i for i, b in enumerate(page.buttons) if b.property("choice") in wanted)]
    )
    for target in targets:
        here = page.buttons.index(QApplication.focusWidget())
        forward, backward = (Qt.Key_Tab, Qt.Key_Backtab) if multi else (Qt.Key_Down, Qt.Key_Up)  # radios: arrows
        for _ in range(abs(target - here)):
            _press(forward if target > here else backward)
        assert QApplication.focusWidget() is page.buttons[target]
        if not (not multi and page.buttons[target].isChecked()):
            _press(Qt.Key_Space)
    _press(Qt.Key_Return)


def test_keyboard_only_walk_to_the_report(qtbot, open_window, tmp_path: Path) -> None:
    answers = yaml.safe_load((EXAMPLES / "internal-code-assistant.yaml").read_text())
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert QApplication.focusWidget() is window.start_page.new_button
    _press(Qt.Key_Return)
    steps = 0
    while window.view == "question":
        before = (window.review.flow_id, window.review.question.id)
        _answer_by_keyboard(window, answers[before[0]][before[1]])
        assert (window.review.flow_id, getattr(window.review.question, "id", None)) != before, (
            f"Enter did not answer {before}: {window.question_page.problem()}"
        )
        steps += 1
        assert steps < 80
    # Back with Alt+Left from the review page, forward again with Alt+Right.
    _press(Qt.Key_Left, Qt.AltModifier)
    assert window.view == "question"
    _press(Qt.Key_Right, Qt.AltModifier)
    assert window.view == "review"
    assert QApplication.focusWidget() is window.next_button
    _press(Qt.Key_Return)
    assert window.view == "report"
    window.finish_page.path.setText(str(tmp_path / "keyboard.pdf"))
    assert QApplication.focusWidget() is window.finish_page.create
    _press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    assert (tmp_path / "keyboard.pdf").read_bytes().startswith(b"%PDF-")


def test_back_returns_to_previous_answer(qtbot, open_window) -> None:
    window = open_window()
    window.new_review()
    fill(window, qtbot, "Project Nova")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.review.question.id == "use_case"
    window.back_action.trigger()
    assert window.review.question.id == "project_name"
    assert isinstance(window.question_page.text_input, QLineEdit)
    assert window.question_page.text_input.text() == "Project Nova"
    assert not window.back_button.isEnabled()


def test_tab_order_follows_the_page(qtbot, open_window) -> None:
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.new_review()
    while window.review.question.kind != "multi":
        fill(window, qtbot, answers[window.review.flow_id][window.review.question.id])
        qtbot.mouseClick(window.next_button, Qt.LeftButton)
    page = window.question_page
    fill(window, qtbot, answers[window.review.flow_id][window.review.question.id])
    page.buttons[0].setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(len(page.buttons) + 2):
        _press(Qt.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [*page.buttons, page.note, window.back_button, window.next_button]
    ys = [w.mapTo(window, w.rect().topLeft()).y() for w in seen]
    assert ys == sorted(ys), "tab order goes down the page"


def test_unsure_choice_asks_what_for_counsel(qtbot, open_window, flowset) -> None:
    window = open_window()
    window.new_review()
    page = window.question_page
    for flow in flowset.term_flows:
        question = next((q for q in flow.questions.values() if any(c.unsure for c in q.choices)), None)
        if question is not None and flow.start == question.id:
            break
    else:
        raise AssertionError("some flow starts with a question that has an unsure choice")
    window.review.select(flow.id)
    window.view = "question"
    window.refresh()
    unsure = next(b for b in page.buttons if b.property("choice") in {c.id for c in question.choices if c.unsure})
    assert "unsure" not in page.note_label.text()
    qtbot.mouseClick(unsure, Qt.LeftButton, pos=QPoint(8, unsure.height() // 2))
    assert "unsure" in page.note_label.text()
    qtbot.keyClicks(page.note, "Ask whether logs count")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.review.session.note(flow.id, question.id) == "Ask whether logs count"
