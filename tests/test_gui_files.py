"""Files in the window: start screen, recent files, resume after a crash, save, the unsaved prompt, geometry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT
from gui_support import fill, quietly
from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox
from scripted_input import enter

from wizard.cli import main
from wizard.fsio import load
from wizard.ui.main_window import MainWindow


def answer_first(window, qtbot, count: int) -> list[tuple[str, str]]:
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    given = []
    for _ in range(count):
        flow_id, question = window.review.flow_id, window.review.question
        fill(window, qtbot, answers[flow_id][question.id])
        qtbot.mouseClick(window.next_button, Qt.LeftButton)
        given.append((flow_id, question.id))
    return given


def test_resume_after_the_process_is_killed(qtbot, flowset, _private_data_dir: Path) -> None:
    from crash_driver import SETTINGS, flows, script

    steps = script(flows())
    driver = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crash_driver.py"), "gui", str(_private_data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    acknowledged = 0
    try:
        for line in driver.stdout:
            if line.startswith("ack "):
                acknowledged = int(line.split()[1])
            if acknowledged == 9:
                break
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(10)
        driver.stdout.close()
    assert acknowledged == 9

    window = MainWindow(flowset, _private_data_dir, settings=QSettings(str(_private_data_dir / SETTINGS), QSettings.IniFormat))
    qtbot.addWidget(window, before_close_func=quietly)
    window.show()
    start = window.start_page
    assert window.pages.currentWidget() is start
    assert start.resume_box.isVisibleTo(window), "an unfinished review is offered on start"
    assert "Helios customer support assistant" in start.resume_text.text()
    qtbot.mouseClick(start.resume_button, Qt.LeftButton)
    for flow_id, qid, _value, note in steps[:acknowledged]:
        assert window.review.session.answers_of(flow_id).get(qid) is not None, f"{flow_id}.{qid} lost"
        assert window.review.session.note(flow_id, qid) == note.strip()
    assert window.view == "question"
    assert (window.review.flow_id, window.review.question.id) in {s[:2] for s in steps[acknowledged : acknowledged + 2]}, (
        "resumes at the next question (or the one after, if the kill came between a save and its ack)"
    )
    assert window.review.path.parent == _private_data_dir


def test_save_then_reopen_from_recent_files(qtbot, open_window, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Reviews (*.json)"))
    window = open_window()
    window.new_review()
    answer_first(window, qtbot, 3)
    project = window.review.answers("profile")["project_name"]
    assert window.isWindowModified() and window.windowTitle().startswith(f"{project}[*]"), "the title follows the project"
    window.save_action.trigger()  # untitled, so Save asks where
    saved = tmp_path / "mine.json"
    assert load(saved).profile == window.review.session.profile
    assert not window.isWindowModified()
    assert window.windowTitle() == "mine.json[*] — Bedrock Terms Wizard"
    assert os.stat(saved).st_mode & 0o777 == 0o600
    answer_first(window, qtbot, 1)
    assert window.isWindowModified()
    window.save_action.trigger()  # now it has a file: no dialog, written in place
    assert load(saved).answers_of(window.review.flow_id) == window.review.session.answers_of(window.review.flow_id)
    window.close()

    again = open_window()
    rows = again.start_page.rows
    assert rows and rows[0].record.path == saved.resolve(), "the saved file leads the start screen's list"
    rows[0].open_button.click()
    assert again.document == saved.resolve() and again.view == "question"
    assert again.review.session.profile == load(saved).profile
    assert again.review.path != saved, "autosaves go to the data folder, not over the user's file"


def test_close_with_unsaved_changes_asks(qtbot, open_window, dialogs, tmp_path: Path, monkeypatch) -> None:
    window = open_window()
    window.new_review()
    answer_first(window, qtbot, 2)

    dialogs.will_click("Cancel")
    assert window.close() is False and window.isVisible(), "Cancel keeps the window open"
    assert dialogs.seen[-1].startswith("unsavedPrompt:")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "kept.json"), ""))
    dialogs.will_click("Save")
    assert window.close() is True
    assert load(tmp_path / "kept.json").profile == window.review.session.profile


def test_discarding_closes_and_keeps_the_autosave_on_offer(qtbot, open_window, dialogs) -> None:
    window = open_window()
    window.new_review()
    answer_first(window, qtbot, 2)
    assert window.memory.resumable() is not None
    dialogs.will_click("Discard")
    assert window.close() is True
    assert dialogs.seen[-1].startswith("unsavedPrompt:") and str(window.review.path) in dialogs.seen[-1]
    assert window.review.path.exists(), "the autosave file itself is kept in the data folder"
    again = open_window()
    offer = again.memory.resumable()
    assert offer is not None and offer.autosave == window.review.path, "Discard loses nothing: the review is offered"
    again.resume_autosave()
    assert again.review.session.to_json() == window.review.session.to_json()


def test_window_geometry_is_remembered(qtbot, open_window) -> None:
    window = open_window()
    window.setGeometry(QRect(30, 40, 720, 530))
    qtbot.waitUntil(lambda: window.size().width() == 720)
    window.close()
    again = open_window()
    assert (again.width(), again.height()) == (720, 530)


def test_report_renders_while_the_window_stays_responsive(qtbot, open_window, tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "distil-own-model.yaml"), "-o", str(session)]) == 0
    window = open_window(session)
    window.go_next()
    assert window.view == "report"
    ticks_while_rendering = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks_while_rendering.append(1) if window.worker.isRunning() else None)
    window.finish_page.path.setText(str(tmp_path / "r.pdf"))
    qtbot.mouseClick(window.finish_page.create, Qt.LeftButton)
    timer.start()
    assert window.finish_page.busy.isVisible() and not window.finish_page.create.isEnabled()
    assert not window.back_button.isEnabled(), "no navigating away mid-render"
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    timer.stop()
    assert len(ticks_while_rendering) >= 3, "the event loop kept running while the PDF was rendered"
    assert not window.finish_page.busy.isVisible()
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_report_error_is_a_dialog_not_a_traceback(qtbot, open_window, tmp_path: Path, monkeypatch) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "distil-own-model.yaml"), "-o", str(session)]) == 0
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    window = open_window(session)
    window.go_next()
    window.render_report(str(tmp_path / "missing" / "r.pdf"), "a4")
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    title, text = shown[0]
    assert title == "Report not created" and "missing" in text and "Traceback" not in text
    assert "\n" not in text
    assert window.finish_page.create.isEnabled()


@pytest.mark.parametrize("content", [b"", b'{"version": 1', b"\x89PNG\r\n\x1a\n\x00\x00junk", b"%PDF-1.7\nnot really"])
def test_a_bad_file_shows_one_line_and_keeps_the_start_screen(
    qtbot, open_window, tmp_path: Path, monkeypatch, content: bytes
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    window = open_window()
    assert window.open_file(bad) is False
    assert len(shown) == 1 and str(bad) in shown[0] and "\n" not in shown[0]
    assert window.view == "start"
    assert bad.read_bytes() == content, "the file is left as it was"


def test_open_a_report_pdf_resumes_its_session(qtbot, open_window, tmp_path: Path, _private_data_dir: Path) -> None:
    session, pdf = tmp_path / "s.json", tmp_path / "r.pdf"
    assert main(["answer", str(EXAMPLES / "distil-own-model.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    window = open_window(pdf)
    assert window.review.session.to_json() == load(session).to_json()
    assert window.review.path.parent == _private_data_dir, "a PDF is never overwritten by autosave"
    assert window.document is None, "Save asks for a .json file rather than writing into the PDF"
    assert window.pages.currentWidget() is window.review_page


def test_help_lists_the_shortcuts_the_menus_define(qtbot, open_window) -> None:
    from wizard.ui.shortcuts import shortcut_rows

    window = open_window()
    text = "\n".join(f"{action}\t{keys}" for action, keys in shortcut_rows(window.menuBar()))
    for keys in ("Alt+Left", "Alt+Right", "Ctrl+S", "Ctrl+Shift+S", "Ctrl+O", "Ctrl+N", "Ctrl+E", "Ctrl+Q", "F1", "Ctrl+Enter"):
        assert keys in text


def test_export_pdf_from_the_file_menu_then_open_it(qtbot, open_window, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "exported"), "PDF (*.pdf)"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = open_window(session)
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.finish_page.open_pdf.isVisible(), timeout=60_000)
    assert (tmp_path / "exported.pdf").read_bytes().startswith(b"%PDF-")
    qtbot.mouseClick(window.finish_page.open_pdf, Qt.LeftButton)
    assert opened == [str(tmp_path / "exported.pdf")], "the PDF opens in the system viewer"


def test_sidebar_jumps_to_any_part(qtbot, open_window, flowset) -> None:
    window = open_window()
    window.new_review()
    confidentiality = next(
        i for i in range(window.sidebar.count()) if window.sidebar.item(i).data(Qt.UserRole) == "confidentiality"
    )
    item = window.sidebar.item(confidentiality)
    window.sidebar.itemClicked.emit(item)
    assert window.review.flow_id == "confidentiality"
    assert (
        window.question_page.title.text() == flowset.flow("confidentiality").questions[flowset.flow("confidentiality").start].text
    )
    last = window.sidebar.item(window.sidebar.count() - 1)
    window.sidebar.itemClicked.emit(last)
    assert window.view == "review" and not window.next_button.isEnabled(), "the report waits for every part"


def test_open_from_the_command_line_with_a_bad_file(qapp, tmp_path: Path, monkeypatch, capsys) -> None:
    """`bedrock-wizard open BAD`: the dialog, one line on stderr, the start screen, then exit status 1."""
    from wizard.ui import app

    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": ')
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(app, "apply_style", lambda _app: None)
    monkeypatch.setattr(app, "warm_up_report_engine", lambda: None)
    # Not the real event loop: quitting it here would end every later nested loop (dialogs) at once.
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    try:
        assert app.run(open_file=bad) == 1
    finally:
        for widget in qapp.topLevelWidgets():  # the window run() opened
            widget.close()
            widget.deleteLater()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("bedrock-wizard: ") and str(bad) in err
    assert shown and str(bad) in shown[0]


def test_start_up_clears_temp_files_of_a_killed_save(qtbot, open_window, _private_data_dir: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = _private_data_dir / f".review-1.json.{dead.stdout.strip()}.abc123.tmp"
    orphan.write_text('{"half": ')
    os.utime(orphan, (1, 1))
    keep = _private_data_dir / "review-1.json"
    keep.write_text("{}")
    open_window()
    assert not orphan.exists() and keep.exists()


def test_sidebar_returns_to_where_the_user_left_a_part(qtbot, open_window) -> None:
    window = open_window()
    window.new_review()
    answer_first(window, qtbot, 2)
    left_at = window.review.question.id
    other = next(i for i in range(window.sidebar.count()) if window.sidebar.item(i).data(Qt.UserRole) == "training")
    window.sidebar.itemClicked.emit(window.sidebar.item(other))
    assert window.review.flow_id == "training"
    back = next(i for i in range(window.sidebar.count()) if window.sidebar.item(i).data(Qt.UserRole) == "profile")
    window.sidebar.itemClicked.emit(window.sidebar.item(back))
    assert window.review.flow_id == "profile" and window.review.question.id == left_at


def test_moving_through_answered_questions_is_not_a_change(qtbot, open_window, tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    window = open_window(session)
    window.edit_answer("profile", "project_name")
    log = list(window.review.session.log)
    window.go_next()
    window.go_next()
    assert not window.isWindowModified(), "re-confirming answers changes nothing"
    assert window.review.session.log == log, "and logs nothing"


def test_one_autosave_per_review_across_opens(qtbot, open_window, tmp_path: Path, _private_data_dir: Path) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    first = open_window(session)
    autosave = first.review.path
    first.close()
    again = open_window(session)
    assert again.review.path == autosave, "the review keeps its identity and its one autosave"
    assert autosave.name == f"review-{load(session).id}.json"


def test_unsaved_later_changes_are_offered_when_the_file_is_opened(qtbot, open_window, dialogs, tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    window = open_window(session)
    window.edit_answer("profile", "project_name")
    fill(window, qtbot, "Renamed after saving")
    window.go_next()
    dialogs.will_click("Discard")
    assert window.close()
    again = open_window()
    dialogs.will_click("Continue with the later changes")
    assert again.open_file(session)
    assert again.review.answers("profile")["project_name"] == "Renamed after saving"
    assert again.isWindowModified(), "the file is behind the autosave"


def test_suggested_file_names_keep_letters_of_any_script(qtbot, open_window) -> None:
    window = open_window()
    window.new_review()
    enter(window.question_page, "Projet Été Kundenportal Übersicht", "")  # QTest cannot type non-Latin keys
    window.go_next()
    assert window.default_report_path().name == "Projet Été Kundenportal Übersicht-bedrock-terms.pdf"


def test_two_unfinished_reviews_are_both_listed_after_a_restart(qtbot, open_window, dialogs, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "b.json"), ""))
    first = open_window()
    first.new_review()
    answer_first(first, qtbot, 2)
    a = first.review.path
    dialogs.will_click("Discard")
    first.new_review()  # review A stays unfinished in its autosave
    answer_first(first, qtbot, 3)
    assert first.save_as()  # review B saved as a document too
    b = first.review.path
    first.close()
    again = open_window()
    listed = [row.record for row in again.start_page.rows]
    ids = [r.review_id for r in listed]
    assert {load(a).id, load(b).id} <= set(ids), "both unfinished reviews are offered"
    assert len(ids) == len(set(ids)), "one row per review, not one per copy"
    assert all(r.state == "in progress" for r in listed)


@pytest.mark.parametrize(("choice", "kept"), [("Keep the answer", True), ("Leave it unanswered", False)])
def test_an_answer_given_without_next_is_not_lost_on_closing(qtbot, open_window, dialogs, choice: str, kept: bool) -> None:
    window = open_window()
    window.new_review()
    answer_first(window, qtbot, 1)
    flow_id, question = window.review.flow_id, window.review.question
    fill(window, qtbot, "Nobody pressed Next" if question.kind == "text" else question.choices[0].id)
    dialogs.will_click(choice)
    dialogs.will_click("Discard")  # then the usual unsaved-changes prompt
    assert window.close()
    assert dialogs.seen[0].startswith("pendingAnswer:")
    saved = load(window.review.path)
    assert (question.id in saved.answers_of(flow_id)) is kept
