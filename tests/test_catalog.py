"""The list of reviews (start screen and `bedrock-wizard list`), and delete / restore."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from wizard.catalog import (
    NOT_STARTED,
    CatalogError,
    delete_review,
    empty_trash,
    format_list,
    list_reviews,
    restore_review,
    reviews_of,
)
from wizard.flows import FlowSet
from wizard.fsio import save
from wizard.review import Review
from wizard.scenario import run_scenario
from wizard.session import Session


def _partial(flowset: FlowSet, path: Path, project: str, flows_to_answer: int) -> Review:
    """A review answered from the chatbot example up to the start of flow number `flows_to_answer`."""
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    review = Review(flowset, path=path)
    stop = flowset.flows[flows_to_answer].id if flows_to_answer < len(flowset.flows) else None
    while review.question is not None and review.flow_id != stop:
        value = answers[review.flow_id][review.question.id]
        review.answer(project if review.question.id == "project_name" else value)
    return review


def test_autosaves_and_recent_files_are_listed_newest_first(flowset: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    older = _partial(flowset, data / "review-1.json", "Projet Été Kundenportal Übersicht", 2)
    os.utime(older.path, (1_000_000, 1_000_000))
    newer = _partial(flowset, data / "review-2.json", "顧客サポート", 4)
    elsewhere = tmp_path / "docs" / "done.json"
    elsewhere.parent.mkdir()
    save(run_scenario(flowset, EXAMPLES / "customer-chatbot.yaml"), elsewhere)
    broken = data / "review-3.json"
    broken.write_text('{"format": ')
    gone = tmp_path / "gone.json"

    records = reviews_of(flowset, data, [elsewhere, newer.path, gone])
    by_path = {r.path.resolve(): r for r in records}
    assert set(by_path) == {older.path.resolve(), newer.path.resolve(), elsewhere.resolve(), broken.resolve()}, (
        "each file once (an autosave that is also recent is not doubled); missing recent files are left out"
    )
    assert len(records) == 4

    first = by_path[older.path.resolve()]
    assert first.project == "Projet Été Kundenportal Übersicht" and first.readable and not first.finished
    assert first.part == flowset.flows[1].title, "the part of the last answer given"
    assert first.state == "in progress" and first.autosave
    second = by_path[newer.path.resolve()]
    assert second.project == "顧客サポート" and second.part == flowset.flows[3].title
    done = by_path[elsewhere.resolve()]
    assert done.finished and done.state == "finished" and not done.autosave
    assert done.part == flowset.flows[-1].title
    bad = by_path[broken.resolve()]
    assert not bad.readable and bad.state == "cannot be read" and str(broken) in bad.problem
    assert [r.changed for r in records] == sorted((r.changed for r in records), reverse=True)
    assert isinstance(first.changed, datetime) and first.changed.tzinfo is None


def test_a_review_without_answers_has_not_started(tmp_path: Path) -> None:
    save(Session(), tmp_path / "empty.json")
    (record,) = list_reviews(tmp_path)
    assert record.part == NOT_STARTED and record.project == "" and record.state == "in progress"


def test_report_pdfs_are_listed_without_reading_them_unless_asked(flowset: FlowSet, tmp_path: Path) -> None:
    from wizard.report import write_report

    session = run_scenario(flowset, EXAMPLES / "internal-code-assistant.yaml")
    pdf = tmp_path / "report.pdf"
    write_report(flowset, session, pdf, paper="a4")
    (light,) = reviews_of(flowset, tmp_path / "nothing", [pdf])
    assert light.report and light.state == "report PDF" and light.project == ""
    (read,) = reviews_of(flowset, tmp_path / "nothing", [pdf], read_reports=True)
    assert read.project == session.profile["project_name"] and read.finished and read.state == "finished"


def test_delete_moves_to_the_trash_and_restore_puts_it_back(flowset: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    review = _partial(flowset, data / "review-1.json", "Kept", 2)
    content = review.path.read_bytes()
    gone = delete_review(review.path, data)
    assert not review.path.exists() and gone.kept.read_bytes() == content
    assert list_reviews(data) == [], "a deleted review leaves the list"
    assert restore_review(gone) == review.path and review.path.read_bytes() == content
    assert [r.path for r in list_reviews(data)] == [review.path]


def test_restore_never_overwrites_a_file_that_took_the_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    original = tmp_path / "mine.json"
    save(Session(), original)
    gone = delete_review(original, data)
    original.write_text("a new file with the same name")
    back = restore_review(gone)
    assert back != original and back.parent == original.parent and "restored" in back.name
    assert original.read_text() == "a new file with the same name"


def test_emptying_the_trash_deletes_for_good(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for name in ("a.json", "b.json"):
        save(Session(), tmp_path / name)
        delete_review(tmp_path / name, data)
    assert empty_trash(data) == 2
    assert list((data / "trash").iterdir()) == []
    assert empty_trash(tmp_path / "never-made") == 0


def test_a_failed_delete_says_why_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"missing\.json: cannot delete") as caught:
        delete_review(tmp_path / "missing.json", tmp_path / "data")
    assert "\n" not in str(caught.value)


def test_the_headless_list(flowset: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    review = _partial(flowset, data / "review-1.json", "Projet Été", 3)
    (data / "broken.json").write_text("[]")
    text = format_list(reviews_of(flowset, data, []), data)
    assert f"“Projet Été” — in progress, reached: {flowset.flows[2].title}, last change " in text
    assert "    autosave in the app's data folder" in text.splitlines(), "the review's autosave, under its review"
    assert review.path.name not in text, "no raw autosave names"
    assert "broken.json — cannot be read (" in text
    assert format_list([], data) == f"No reviews found in {data}."


def test_one_row_per_review_with_its_files_and_counsels_decision(flowset: FlowSet, tmp_path: Path) -> None:
    """A review's session file, a copy, its report PDF and its autosave: one row, the files grouped under it."""
    from wizard.catalog import list_json
    from wizard.cli import main
    from wizard.report import write_report

    data = tmp_path / "data"
    data.mkdir()
    review = _partial(flowset, data / "review-kept.json", "Kestrel", 3)
    mine = tmp_path / "kestrel.json"
    save(review.session, mine)
    review.decide("approved", "Dana Lee", "Legal", "2026-12-01")
    pdf = write_report(flowset, review.session, tmp_path / "kestrel.pdf", paper="a4")
    other = _partial(flowset, data / "review-other.json", "Other", 2)
    (row, second) = sorted(reviews_of(flowset, data, [mine, pdf], read_reports=True), key=lambda r: r.project)
    assert (row.project, second.project) == ("Kestrel", "Other") and second.review_id == other.session.id
    assert {f.kind for f in row.files} == {"session file", "report PDF", "autosave"} and len(row.files) == 3
    assert row.decision.startswith("Approved") and row.reviewer == "Dana Lee, Legal" and row.decided_on == "2026-12-01"
    assert row.review_by, "the review-by date follows counsel's decision"
    assert row.document == mine, "Save writes the review's own session file"
    text = format_list([row], data)
    assert text.count("\n") == 3 and "counsel's decision: Approved" in text and f"review by {row.review_by}" in text
    assert "review-kept" not in text
    (entry,) = [e for e in list_json([row]) if e["project"] == "Kestrel"]
    assert entry["decision_date"] == "2026-12-01" and len(entry["files"]) == 3
    assert main(["list", str(data), "--format", "json"]) == 0


def test_list_json_on_the_command_line(flowset: FlowSet, tmp_path: Path, capsys) -> None:
    import json

    from wizard.cli import main

    data = tmp_path / "data"
    data.mkdir()
    review = _partial(flowset, data / "review-1.json", "Kestrel", 2)
    capsys.readouterr()
    assert main(["list", str(data), "--format", "json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["review_id"] == review.session.id and entry["project"] == "Kestrel" and not entry["finished"]
    assert entry["files"] == [{"kind": "autosave", "path": str(review.path), "last_change": entry["last_change"]}]
