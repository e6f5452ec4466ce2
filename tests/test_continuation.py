"""A new review from an earlier one: answers copied, a new identity, the `previous` link, "Changes since"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_counsel import decided, reviewed

from wizard.cli import main
from wizard.continuation import changes_since, continue_review, session_digest
from wizard.fsio import load, save
from wizard.report import render_html
from wizard.review import Review
from wizard.session import Session, SessionError

MINI = ["--flows", str(FIXTURES / "mini")]


def test_a_continued_review_copies_the_answers_with_its_own_identity_and_a_link(mini) -> None:
    earlier = decided(mini).session
    later = continue_review(mini, earlier)
    assert later.id != earlier.id and len(later.id) == 32
    assert later.all_answers() == earlier.all_answers() and later.notes == earlier.notes
    assert later.counsel is None and later.actions == {} and later.review_by == "" and not later.finished
    p = later.previous
    assert (p.id, p.digest, p.date, p.decision, p.project) == (
        earlier.id,
        session_digest(earlier),
        "2026-12-01",
        "approved_with_conditions",
        "Project X",
    )
    assert later.answered_at("alpha", "third") == earlier.answered_at("alpha", "third"), "when each answer was given stays"
    assert later.log[-1]["event"] == "continued" and later.log[-1]["value"]["id"] == earlier.id
    again = Session.loads(later.dumps(), "later.json")
    assert again.dumps() == later.dumps() and again.previous == later.previous
    assert list(json.loads(later.dumps()))[-2:] == ["previous", "log"]
    changes = changes_since(mini, later)
    assert not (changes.answers or changes.findings_added or changes.findings_removed or changes.findings_changed)
    assert (changes.decision_before, changes.decision_after) == ("Approved with conditions", ""), "counsel decides anew"
    assert changes_since(mini, continue_review(mini, reviewed(mini).session)).empty


def test_a_review_without_a_link_is_written_as_before(mini) -> None:
    session = reviewed(mini).session
    assert "previous" not in session.to_json() and changes_since(mini, session) is None


def test_the_continued_report_lists_exactly_the_answers_changed_since(mini) -> None:
    later = Review(mini, continue_review(mini, decided(mini).session))
    later.select("alpha", "third")
    later.answer("x")
    changes = changes_since(mini, later.session)
    assert [(a.key, a.before, a.after) for a in changes.answers] == [("alpha.third", "Y", "X")]
    assert [f.id for f in changes.findings_removed] == ["alpha.duty"]
    assert (changes.decision_before, changes.decision_after) == ("Approved with conditions", "")
    html = render_html(mini, later.session)
    section = html[html.index('<section id="changes"') : html.index("</section>", html.index('<section id="changes"'))]
    assert "Changes since “Project X”, 2026-12-01" in section
    assert section.count("<tr><td>") == 1 and "Third question?" in section and "First question?" not in section
    assert "Duty." in section and "Findings no longer raised" in section
    assert 'href="#changes"' in html
    assert '<section id="changes"' not in render_html(mini, reviewed(mini).session)


def test_continue_command_writes_a_new_review(mini, tmp_path: Path, capsys) -> None:
    save(decided(mini).session, tmp_path / "old.json")
    assert main([*MINI, "continue", str(tmp_path / "old.json"), "-o", str(tmp_path / "new.json")]) == 0
    assert capsys.readouterr().out == f"wrote {tmp_path / 'new.json'}\n"
    new = load(tmp_path / "new.json")
    assert new.previous is not None and new.previous.id == load(tmp_path / "old.json").id
    assert main([*MINI, "diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers_changed"] == [] and data["decision_before"] == "Approved with conditions"
    assert main([*MINI, "continue", str(tmp_path / "old.json"), "-o", str(tmp_path / "old.json")]) == 1
    assert "is the session file itself" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(version=2), "previous.version: written by a newer version of the app"),
        (lambda p: p.update(version="1"), "previous.version: missing or not a whole number"),
        (lambda p: p.update(digest="xyz"), "previous.digest: expected a hexadecimal digest"),
        (lambda p: p.update(decision="waved_through"), "previous.decision: unknown decision"),
        (lambda p: p["answers"]["alpha"].update(third=3), "previous.answers.alpha.third: an answer must be text"),
        (lambda p: p.update(id="NOT-HEX"), "previous.id: expected up to 32 lowercase hexadecimal digits"),
        (lambda p: p.update(date="last spring"), "previous.date: expected a date as YYYY-MM-DD"),
        (lambda p: p["notes"].update(alpha={"third": 5}), "previous.notes.alpha.third: expected text"),
    ],
)
def test_a_bad_previous_section_is_one_line_naming_the_place(mini, change, message: str) -> None:
    data = json.loads(continue_review(mini, decided(mini).session).dumps())
    change(data["previous"])
    with pytest.raises(SessionError) as info:
        Session.from_json(data, "s.json")
    assert str(info.value).startswith("s.json: ") and message in str(info.value) and "\n" not in str(info.value)
