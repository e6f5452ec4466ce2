"""Session files: round trip, atomic private writes, and one-line refusals."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from wizard.fsio import load, save
from wizard.review import Review
from wizard.session import Session, SessionError


def answered(flowset, path: Path | None = None) -> Review:
    review = Review(flowset, path=path)
    review.answer("Project <X>")
    review.answer("internal", note="ask legal")
    return review


def test_round_trip_keeps_answers_notes_and_log(mini, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    review = answered(mini, target)
    loaded = load(target)
    assert loaded.profile == {"project_name": "Project <X>", "audience": "internal"}
    assert loaded.to_json() == review.session.to_json()
    data = json.loads(target.read_text())
    assert data["format"] == "bedrock-wizard-session" and data["version"] == 1
    assert data["flows_digest"] == mini.digest
    assert [e["event"] for e in data["log"]].count("answer") == 2
    assert data["notes"] == {"profile": {"audience": "ask legal"}}


def test_autosave_after_every_answer(mini, tmp_path: Path) -> None:
    target = tmp_path / "auto.json"
    review = Review(mini, path=target)
    review.answer("P")
    assert load(target).profile == {"project_name": "P"}
    review.answer("external")
    assert load(target).profile == {"project_name": "P", "audience": "external"}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saved_file_is_private(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    save(Session(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"], "no temp file left behind"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b'{"format": "bedrock-wizard-session", "version": 1, "answ', "not valid JSON"),
        (b"[1, 2, 3]", "not a session file"),
        (b'{"format": "something-else"}', "not a session file"),
        (b'{"format": "bedrock-wizard-session", "version": 99}', "written by a newer version"),
        (b'{"format": "bedrock-wizard-session", "version": 1, "answers": {"x": {"q": 5}}}', "answers.x.q"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
    ],
)
def test_bad_session_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    target = tmp_path / "bad.json"
    target.write_bytes(content)
    with pytest.raises(SessionError) as info:
        load(target)
    text = str(info.value)
    assert message in text and str(target) in text and "\n" not in text
    assert target.read_bytes() == content, "a bad file is never modified"


def test_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="is a folder"):
        load(tmp_path)
    with pytest.raises(SessionError, match="no such file"):
        load(tmp_path / "missing.json")


def test_save_into_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="does not exist"):
        save(Session(), tmp_path / "nowhere" / "s.json")


def test_answers_to_changed_questions_are_flagged_not_dropped(mini, tmp_path: Path) -> None:
    from wizard.report import render_html

    old = Session(flows_digest="0" * 64)
    old.profile.update({"project_name": "Old", "audience": "galactic"})
    old.answers["alpha"] = {"first": "yes_branch", "removed_q": "x"}
    old.answers["gone_flow"] = {"q": "v"}
    target = tmp_path / "old.json"
    save(old, target)
    from wizard.derive import derive

    as_read = load(target)
    before = as_read.dumps()
    seen = {(f, q) for f, q, _, _ in derive(mini, as_read).set_aside}
    assert as_read.dumps() == before, "deriving (what the report does) never changes the session"
    review = Review.open(mini, as_read, target)
    flagged = {(f, q): reason for f, q, _, reason in derive(mini, review.session).set_aside}
    assert set(flagged) == seen
    assert set(flagged) == {("profile", "audience"), ("alpha", "removed_q"), ("gone_flow", "q")}
    assert "no longer accepted" in flagged[("profile", "audience")]
    assert review.session.answers_of("alpha") == {"first": "yes_branch"}
    assert review.flow_id == "profile" and review.question.id == "audience", "the changed question is asked again"
    review.answer("internal")
    kept = load(target)
    assert kept.stale["profile"]["audience"]["value"] == "galactic", "set-aside answers survive saving"
    html = render_html(review.flowset, review.session)
    assert "Answers set aside because the questions changed" in html and "galactic" in html


def test_autosave_folder_is_the_users_data_folder(monkeypatch, tmp_path: Path) -> None:
    from wizard.paths import user_data_dir

    monkeypatch.delenv("BEDROCK_WIZARD_DATA")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    folder = user_data_dir()
    assert folder.is_relative_to(tmp_path) and "bedrock-terms-wizard" in folder.parts
    assert not folder.is_relative_to(Path.cwd()) and not str(folder).startswith("/tmp/bedrock")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_report_file_is_private(mini, tmp_path: Path) -> None:
    from wizard.report import write_report

    review = Review(mini)
    for value in ("P", "internal", "no_branch", "x"):
        review.answer(value)
    out = write_report(review.flowset, review.session, tmp_path / "r.pdf")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_note_marked_ask_counsel_round_trips_and_is_logged() -> None:
    session = Session()
    assert session.mark_ask("ownership", "assert_rights", True) and not session.mark_ask("ownership", "assert_rights", True)
    back = Session.from_json(json.loads(session.encode("s.json").decode("utf-8")), "s.json")
    assert back.asks_counsel("ownership", "assert_rights") and not back.asks_counsel("ownership", "ownership_promises")
    assert [e["value"] for e in back.log if e["event"] == "ask_counsel"] == ["yes"]
    with pytest.raises(SessionError, match="ask_counsel.ownership"):
        Session.from_json({**session.to_json(), "ask_counsel": {"ownership": "assert_rights"}}, "s.json")
