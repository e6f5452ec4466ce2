"""The window with hostile surroundings (issue 13, cases 3 and 10): it says what is wrong, and work goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from wizard.fsio import load
from wizard.ui import app
from wizard.ui.main_window import MainWindow


@pytest.fixture
def quiet_run(qapp, monkeypatch: pytest.MonkeyPatch):
    """app.run() without the real event loop, style or warm-up; closes the window it opened afterwards."""
    monkeypatch.setattr(app, "apply_style", lambda _app: None)
    monkeypatch.setattr(app, "warm_up_report_engine", lambda: None)
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    yield
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.setWindowModified(False)
        widget.close()
        widget.deleteLater()


def windows(qapp) -> list[MainWindow]:
    return [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def data_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    monkeypatch.setenv("BEDROCK_WIZARD_DATA", str(folder))
    return folder


def test_data_folder_that_is_a_file_then_quit(qapp, quiet_run, dialogs, data_is_a_file: Path, capsys) -> None:
    dialogs.will_click("Quit")
    assert app.run() == 1
    (seen,) = dialogs.seen
    assert seen.startswith("dataFolderPrompt: ") and str(data_is_a_file) in seen and "it is a file, not a folder" in seen
    err = capsys.readouterr().err
    assert err == f"bedrock-wizard: {data_is_a_file}: cannot keep autosaves there: it is a file, not a folder\n"
    assert data_is_a_file.read_text() == "not a folder"
    assert windows(qapp) == []


def test_data_folder_that_is_a_file_then_another_folder(
    qapp, qtbot, quiet_run, dialogs, data_is_a_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(elsewhere))
    dialogs.will_click("Choose a folder…")
    assert app.run() == 0
    (window,) = windows(qapp)
    assert window.data_dir == elsewhere
    window.new_review()
    window.question_page.text_input.setText("Kestrel")
    window.go_next()
    assert window.review.path.parent == elsewhere and load(window.review.path).profile["project_name"] == "Kestrel"


def test_a_session_elsewhere_opens_although_the_data_folder_is_unusable(
    qapp, quiet_run, dialogs, data_is_a_file, tmp_path: Path, monkeypatch
) -> None:
    from hostile import session_data, write_session

    (tmp_path / "kept").mkdir()
    session = write_session(tmp_path / "kept" / "kestrel.json", session_data())
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dialogs.will_click("Choose a folder…")
    assert app.run(open_file=session) == 0
    (window,) = windows(qapp)
    assert window.document == session and window.review.session.profile["project_name"] == "Kestrel"


def test_a_home_that_cannot_hold_the_data_folder_is_named(qapp, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.write_text("a file where HOME should be")
    monkeypatch.delenv("BEDROCK_WIZARD_DATA")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    dialogs.will_click("Quit")
    assert app.usable_data_dir() is None
    (seen,) = dialogs.seen
    assert str(home) in seen and "cannot be created (a part of the path is not a folder)" in seen


def test_an_unsaveable_answer_is_refused_on_the_page_not_a_stuck_window(qtbot, open_window, monkeypatch) -> None:
    """Case 3 in the window: text that cannot be saved is refused at input, on the page, and nothing is lost."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: warnings.append(text))
    window = open_window()
    window.new_review()
    window.question_page.text_input.setText("Kestrel")
    window.go_next()
    saved = window.review.path.read_bytes()
    window.review.select("profile", "project_name")
    window.refresh()
    window.question_page.text_input.setText("Kestrel\x07")
    window.go_next()
    assert warnings == [], "no save was attempted"
    assert "control character (U+0007)" in window.question_page.reason.text(), "the page says why"
    assert window.review.question.id == "project_name", "the window stays on the question"
    assert window.review.path.read_bytes() == saved, "the last good autosave is kept, readable"
    load(window.review.path)
