"""The start screen's list of reviews: project, part reached, last change, state; Open, Show in folder, Delete."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from wizard.catalog import list_reviews, reviews_of
from wizard.flows import FlowSet
from wizard.fsio import save
from wizard.review import Review
from wizard.scenario import run_scenario
from wizard.ui import desktop
from wizard.ui.start_page import StartPage


def _partial(flowset: FlowSet, path: Path, project: str, flows: int) -> Path:
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    review = Review(flowset, path=path)
    stop = flowset.flows[flows].id
    while review.question is not None and review.flow_id != stop:
        review.answer(project if review.question.id == "project_name" else answers[review.flow_id][review.question.id])
    return path


@pytest.fixture
def listed(qtbot, flowset: FlowSet, tmp_path: Path) -> tuple[StartPage, Path, dict[str, Path]]:
    data = tmp_path / "data"
    data.mkdir()
    files = {
        "fr": _partial(flowset, data / "review-1.json", "Projet Été Kundenportal Übersicht", 2),
        "ja": _partial(flowset, data / "review-2.json", "顧客サポート要約", 4),
    }
    done = tmp_path / "done.json"
    save(run_scenario(flowset, EXAMPLES / "customer-chatbot.yaml"), done)
    files["done"] = done
    page = StartPage()
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.show_reviews(reviews_of(flowset, data, [done]), data)
    return page, data, files


def _row(page: StartPage, path: Path):
    return next(r for r in page.rows if r.record.path == path)


def _answer_dialog(button_text: str, seen: list[str]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.objectName()}|{box.defaultButton().text()}|{box.text()}")
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


def test_each_review_shows_project_part_reached_last_change_and_state(listed, flowset: FlowSet) -> None:
    page, _, files = listed
    assert len(page.rows) == 3 and not page.empty.isVisible()
    fr = _row(page, files["fr"])
    assert fr.title.text() == "Projet Été Kundenportal Übersicht"
    assert fr.details.text().startswith(f"Reached: {flowset.flows[1].title} · last change ")
    assert fr.details.text().endswith("· in progress")
    ja = _row(page, files["ja"])
    assert ja.title.text() == "顧客サポート要約" and flowset.flows[3].title in ja.details.text()
    done = _row(page, files["done"])
    assert done.details.text().endswith("· finished")
    assert str(files["done"]) in done.where.text().replace("\u200b", "")
    for row in page.rows:
        assert row.open_button.isVisible() and row.show_button.isVisible() and row.delete_button.isVisible()
        assert not row.restore_button.isVisible()


def test_open_asks_the_window_to_open_that_file(listed, qtbot) -> None:
    page, _, files = listed
    with qtbot.waitSignal(page.open_requested) as opened:
        _row(page, files["ja"]).open_button.click()
    assert opened.args == [str(files["ja"])]


def test_show_in_folder(listed, monkeypatch) -> None:
    page, _, files = listed
    shown = []
    monkeypatch.setattr(desktop, "show_in_folder", lambda path: shown.append(path) or True)
    _row(page, files["fr"]).show_button.click()
    assert shown == [files["fr"]]


def test_delete_asks_first_and_keep_is_the_default(listed) -> None:
    page, _, files = listed
    seen: list[str] = []
    _answer_dialog("Keep", seen)
    _row(page, files["fr"]).delete_button.click()
    assert seen and seen[0].startswith("confirmDelete|Keep|"), "the safe button is the default"
    assert "Projet Été Kundenportal Übersicht" in seen[0]
    assert files["fr"].exists(), "Keep deletes nothing"


def test_delete_then_restore(listed, qtbot) -> None:
    page, data, files = listed
    row = _row(page, files["ja"])
    content = files["ja"].read_bytes()
    seen: list[str] = []
    _answer_dialog("Delete", seen)
    with qtbot.waitSignal(page.review_deleted) as deleted:
        row.delete_button.click()
    assert deleted.args == [str(files["ja"])]
    assert not files["ja"].exists() and list((data / "trash").iterdir())
    assert "restore" in row.details.text().lower() and row.restore_button.isVisible()
    assert not row.open_button.isVisible() and row.property("trashed") is True
    assert files["ja"] not in [r.path for r in list_reviews(data)], "gone from the list the next time it is made"
    with qtbot.waitSignal(page.review_restored):
        row.restore_button.click()
    assert files["ja"].read_bytes() == content
    assert row.open_button.isVisible() and not row.restore_button.isVisible()


def test_an_unreadable_file_can_be_deleted_but_not_opened(qtbot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "review-bad.json").write_text('{"format": ')
    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    page.show_reviews(list_reviews(data), data)
    (row,) = page.rows
    assert row.details.text().startswith("Cannot be read: ") and not row.open_button.isEnabled()
    assert row.delete_button.isEnabled()


def test_an_empty_list_says_where_reviews_will_show(qtbot, tmp_path: Path) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    page.show_reviews([], tmp_path)
    assert page.empty.isVisible() and page.rows == []


def test_the_window_lists_autosaves_and_recent_files(qtbot, open_window, flowset: FlowSet, _private_data_dir: Path) -> None:
    _partial(flowset, _private_data_dir / "review-9.json", "Kundenportal", 2)
    window = open_window()
    assert [r.record.project for r in window.start_page.rows] == ["Kundenportal"]
