"""The window's File menu: Export ▸ Findings register, Compare with…, New review from this one."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from wizard.continuation import changes_since
from wizard.fsio import load, save
from wizard.ui.compare_dialog import CompareDialog, compare_with, continue_current, export_register, register_target


def file_actions(window) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    menu.aboutToShow.emit()
    found = {a.text().replace("&", ""): a for a in menu.actions()}
    export = found["Export"].menu()
    return found | {a.text().replace("&", ""): a for a in export.actions()}


def test_the_file_menu_has_the_register_compare_and_continue(open_window, finished: Path) -> None:
    window = open_window(finished)
    actions = file_actions(window)
    assert {"Findings register (XLSX, CSV)…", "Compare with…", "New review from this one"} <= set(actions)
    assert actions["Compare with…"].isEnabled() and actions["New review from this one"].isEnabled()
    window.view = "start"
    window.refresh()
    actions = file_actions(window)
    assert not actions["Compare with…"].isEnabled() and not actions["New review from this one"].isEnabled()


def test_export_register_of_this_review_writes_an_xlsx(open_window, finished: Path, tmp_path: Path, monkeypatch, dialogs) -> None:
    window = open_window(finished)
    target = tmp_path / "register"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    dialogs.will_click("This review")
    written = export_register(window)
    assert written == tmp_path / "register.xlsx" and written.is_file()
    book = openpyxl.load_workbook(io.BytesIO(written.read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows) > 10 and {r[2] for r in rows[1:]} == {"Helios customer support assistant"}
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text: said.append(text)))
    missing = tmp_path / "no such folder" / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), "CSV, UTF-8 (*.csv)"))
    dialogs.will_click("All reviews")
    assert export_register(window) is None and not missing.exists()
    assert len(said) == 1 and str(missing) in said[0]
    assert QApplication.overrideCursor() is None
    assert register_target("/x/r", "CSV, UTF-8 (*.csv)") == Path("/x/r.csv")
    assert register_target("/x/r.CSV", "Excel workbook (*.xlsx)") == Path("/x/r.CSV")


def test_compare_with_an_earlier_review_shows_the_diff(open_window, finished: Path, tmp_path: Path, monkeypatch) -> None:
    earlier = load(finished)
    earlier.profile["project_name"] = "Helios (last year)"
    save(earlier, tmp_path / "earlier.json")
    window = open_window(finished)
    dialog = compare_with(window, tmp_path / "earlier.json")
    assert isinstance(dialog, CompareDialog) and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "Helios (last year) → Helios customer support assistant" in text
    assert [a.key for a in dialog.diff.answers_changed] == ["profile.project_name"]
    dialog.close()
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text: said.append(text)))
    assert compare_with(window, tmp_path / "broken.json") is None
    assert said and "broken.json" in said[0]


def test_new_review_from_this_one_links_back_and_autosaves(open_window, finished: Path, _private_data_dir: Path) -> None:
    window = open_window(finished)
    before = window.review.session
    assert continue_current(window)
    after = window.review.session
    assert after is not before and after.id != before.id and after.previous.id == before.id
    assert after.all_answers() == before.all_answers()
    assert window.review.path is not None and load(window.review.path).previous == after.previous
    assert window.document is None, "a new review: saved under a name of the user's choosing"
    assert changes_since(window.flowset, after).answers == ()
