"""Counsel's sections against careless and hostile input (issue 23, cases 1, 3, 6 and 7).

Counsel's entries are refused at entry, with one line, when the session could
not store them (too long, too many, characters a file cannot hold), so a
review can always be saved again; the same limits hold when a file is read,
checked before any pairwise work, so a hostile file is one line in bounded
time and memory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import MINI, assert_one_line, run_cli, write_session

from wizard.counsel import MAX_CONDITIONS, MAX_HISTORY, MAX_NAME, MAX_TEXT, CounselError
from wizard.fsio import load
from wizard.review import Review


def reviewed(mini, path: Path | None = None) -> Review:
    """A finished mini review with a risk (alpha.risky), an obligation (alpha.duty) and a note's question."""
    review = Review(mini, path=path)
    for value in ("Kestrel", "external", "yes_branch", ["a"]):
        review.answer(value)
    review.answer("y", note="Is Y enough?")
    review.session.mark_ask("alpha", "third", True)  # the team asks counsel about the note, so it is an open question
    return review


def decided_file(mini, tmp_path: Path) -> tuple[Path, dict]:
    target = tmp_path / "s.json"
    review = reviewed(mini, target)
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"])
    return target, json.loads(target.read_text(encoding="utf-8"))


# -- case 1: what counsel types is refused at entry, or saved and read back --------------------
@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (lambda r: r.answer_question("alpha.third#note", "x" * (MAX_TEXT + 1), True), "answer to alpha.third#note: longer than"),
        (lambda r: r.dispose_risk("alpha.risky", "accepted_with_condition", "c" * (MAX_TEXT + 1)), "comment on alpha.risky"),
        (lambda r: r.decide("approved_with_conditions", "Dana", "", "2026-12-01", ["k" * (MAX_TEXT + 1)]), "condition 1: longer"),
        (
            lambda r: r.decide("approved_with_conditions", "D" * (MAX_NAME + 1), "", "2026-12-01", ["k"]),
            "reviewer: longer than 200",
        ),
        (lambda r: r.decide("approved_with_conditions", "Dana", "L\nx", "2026-12-01", ["k"]), "role: contains a line break"),
        (
            lambda r: r.decide(
                "approved_with_conditions", "Dana", "", "2026-12-01", [f"c{i}" for i in range(MAX_CONDITIONS + 1)]
            ),
            f"conditions: at most {MAX_CONDITIONS}",
        ),
        (lambda r: r.set_action("alpha.duty", "o" * (MAX_NAME + 1), ""), "owner of alpha.duty: longer than 200 characters"),
    ],
)
def test_entries_a_session_cannot_store_are_refused_before_anything_changes(mini, tmp_path: Path, command, expected) -> None:
    target = tmp_path / "s.json"
    review = reviewed(mini, target)
    before = target.read_bytes()
    with pytest.raises(CounselError, match=expected) as caught:
        command(review)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200
    assert target.read_bytes() == before, "nothing changed, so nothing is lost"
    review.autosave()
    assert load(target).to_json() == review.session.to_json()


def test_the_longest_entries_counsel_may_type_are_saved_and_read_back(mini, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    review = reviewed(mini, target)
    review.answer_question("alpha.third#note", "a" * MAX_TEXT, resolved=True)
    review.dispose_risk("alpha.risky", "accepted_with_condition", "c" * MAX_TEXT)
    conditions = [f"{i} " + "k" * (MAX_TEXT - 4) for i in range(MAX_CONDITIONS)]
    review.decide("approved_with_conditions", "R" * MAX_NAME, "L" * MAX_NAME, "2026-12-01", conditions)
    review.set_action("alpha.duty", "o" * MAX_NAME, "2026-12-15")
    review.set_action(f"counsel#{MAX_CONDITIONS}", "p" * MAX_NAME, "2026-12-16")
    loaded = load(target)
    assert loaded.to_json() == review.session.to_json()
    assert [c.text for c in loaded.counsel.conditions] == conditions


def test_the_window_fields_hold_no_more_than_a_session_stores(qtbot, open_window, finished: Path) -> None:
    from PySide6.QtWidgets import QLineEdit

    window = open_window(finished)
    window.set_counsel_mode(True)
    page = window.counsel_page
    assert page.reviewer.maxLength() == MAX_NAME and page.role.maxLength() == MAX_NAME
    owners = [w for w in page.findChildren(QLineEdit) if w.objectName() == "actionOwner"]
    assert owners and all(w.maxLength() == MAX_NAME for w in owners)
    entry = next(iter(page.question_entries.values()))
    entry.answer.setPlainText("x" * (MAX_TEXT + 500))
    assert len(entry.answer.toPlainText()) == MAX_TEXT


# -- case 3: notes are part of what counsel's answer rests on -------------------------------------
def test_a_note_rewritten_after_counsel_resolved_it_reopens_the_question_and_makes_the_decision_stale(mini) -> None:
    review = reviewed(mini)
    review.answer_question("alpha.third#note", "Y is enough.", resolved=True)
    review.decide("approved", "Dana Lee", "Legal", "2026-12-01")
    view = review.derive().counsel
    assert not view.stale and view.answer("alpha.third#note").resolved
    review.set_note("alpha", "third", "Is Y enough for external users too?")
    view = review.derive().counsel
    question = view.answer("alpha.third#note")
    assert not question.resolved and question.earlier and question.answer == "Y is enough."
    assert view.stale and {c.key: c.change for c in view.decision.changed} == {"alpha.third#note": "note changed"}
    assert "given on earlier answers" in view.cover_line
    from wizard.report import render_html

    assert "Counsel's answer, given on an earlier version of the note" in render_html(mini, review.session)
    review.answer_question("alpha.third#note", "Y is enough.", resolved=True)  # counsel answers the new note
    review.confirm_decision()
    view = review.derive().counsel
    assert view.answer("alpha.third#note").resolved and not view.stale


def test_a_note_added_after_the_decision_makes_it_stale(mini) -> None:
    review = reviewed(mini)
    review.answer_question("alpha.third#note", "Y is enough.", resolved=True)
    review.decide("approved", "Dana Lee", "Legal", "2026-12-01")
    review.set_note("alpha", "first", "We are not sure this is yes.")
    view = review.derive().counsel
    assert view.stale and {c.key: c.change for c in view.decision.changed} == {"alpha.first#note": "note added since"}


def test_a_file_from_before_notes_were_in_the_basis_is_not_stale(mini, tmp_path: Path) -> None:
    target, data = decided_file(mini, tmp_path)
    del data["counsel"]["basis"]["notes"]
    data["counsel"]["answers"] = {"alpha.third#note": {"text": "Yes.", "resolved": True}}
    write_session(target, data)
    review = Review(mini, load(target))
    view = review.derive().counsel
    assert not view.stale and view.answer("alpha.third#note").resolved


# -- case 6: counts and lengths in files, checked before any work ---------------------------------
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda c: c.update(conditions=[{"id": f"counsel#{i}", "text": "x"} for i in range(1, 40_001)]),
            "counsel.conditions: more than 100",
        ),
        (
            lambda c: c["basis"].update(answers={f"f.q{i}": "0" * 16 for i in range(300_000)}),
            "counsel.basis.answers: more than 200",
        ),
        (lambda c: c.update(history=[c["history"][0]] * (MAX_HISTORY + 1)), f"counsel.history: more than {MAX_HISTORY}"),
        (
            lambda c: c.update(answers={f"alpha.q{i}#note": {"text": "x"} for i in range(5_000)}),
            "counsel.answers: more than 2,000",
        ),
        (lambda c: c["history"][0].update(conditions=["x"] * 101), "counsel.history[0].conditions: more than 100"),
        (lambda c: c["basis"].update(answers={"nodot": "0" * 16}), "counsel.basis.answers.nodot: not an answer"),
        (lambda c: c.update(reviewer="R" * (MAX_NAME + 1)), "counsel.reviewer: longer than 200 characters"),
        (lambda c: c["conditions"][0].update(text="k" * (MAX_TEXT + 1)), "counsel.conditions[0].text: longer than 10,000"),
    ],
)
def test_counsel_sections_beyond_the_limits_are_one_line(mini, tmp_path: Path, change, expected: str) -> None:
    target, data = decided_file(mini, tmp_path)
    change(data["counsel"])
    write_session(target, data, compact=True)
    assert_one_line(run_cli(*MINI, "summary", str(target)), f"{target}: {expected}")


def test_actions_beyond_the_limit_are_one_line(mini, tmp_path: Path) -> None:
    target, data = decided_file(mini, tmp_path)
    data["actions"] = {f"alpha.o{i}": {"owner": "x"} for i in range(2_001)}
    write_session(target, data, compact=True)
    assert_one_line(run_cli(*MINI, "summary", str(target)), f"{target}: actions: more than 2,000")


def test_a_full_history_refuses_another_decision_with_one_line(mini) -> None:
    review = reviewed(mini)
    review.decide("approved", "Dana Lee", "Legal", "2026-12-01")
    review.session.counsel.history *= MAX_HISTORY
    with pytest.raises(CounselError, match=f"decision history is full \\({MAX_HISTORY} events\\)"):
        review.decide("not_approved", "Dana Lee", "Legal", "2026-12-02")
    assert review.session.counsel.decision == "approved"


def test_the_report_shows_a_bounded_history(mini) -> None:
    from wizard.report import render_html

    review = reviewed(mini)
    review.decide(
        "approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", [f"condition {i}" for i in range(MAX_CONDITIONS)]
    )
    review.session.counsel.history *= MAX_HISTORY
    html = render_html(mini, review.session)
    rows = html.split('<table class="grid history">', 1)[1].split("</table>", 1)[0].count("<tr>")
    assert rows == 1 + 20, "a header and the newest 20 events"
    assert f"The newest 20 of {MAX_HISTORY} decision events" in html and "and 90 more" in html


# -- case 7: counsel's text gets the character checks the rest of the session has ------------------
@pytest.mark.parametrize("bad", ["\ud800", "\x1b[2J", "\x07", "\x85"])
def test_counsel_text_that_cannot_be_stored_is_refused_at_entry(mini, bad: str) -> None:
    review = reviewed(mini)
    with pytest.raises(CounselError, match="contains (an invalid|a control) character"):
        review.answer_question("alpha.third#note", f"ok {bad} more", resolved=True)
    with pytest.raises(CounselError, match="condition 1: contains"):
        review.decide("approved_with_conditions", "Dana", "", "2026-12-01", [f"k{bad}k"])
    with pytest.raises(CounselError, match="owner of alpha.duty: contains"):
        review.set_action("alpha.duty", f"Marco{bad}R", "")


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        (("reviewer",), "Dana\\ud800"),
        (("conditions", 0, "text"), "Sign\\u001b[2J the DPA"),
        (("history", 0, "reviewer"), "Dana\\u0007"),
        (("basis", "at"), "2026\\u0000"),
    ],
)
def test_counsel_text_in_a_file_that_cannot_be_stored_is_one_line(mini, tmp_path: Path, where: tuple, bad: str) -> None:
    target, data = decided_file(mini, tmp_path)
    node = data["counsel"]
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = "PLACEHOLDER"
    target.write_text(json.dumps(data).replace("PLACEHOLDER", bad), encoding="ascii")
    place = "counsel." + ".".join(f"{k}" if isinstance(k, str) else f"[{k}]" for k in where).replace(".[", "[")
    assert_one_line(run_cli(*MINI, "summary", str(target)), f"{target}: {place}: contains")


def test_an_owner_with_a_line_break_never_reaches_the_calendar(mini, tmp_path: Path) -> None:
    target, data = decided_file(mini, tmp_path)
    data["actions"] = {"alpha.duty": {"owner": "Marco\r\nBEGIN:VEVENT", "due": "2026-12-15"}}
    write_session(target, data)
    out = tmp_path / "c.ics"
    assert_one_line(
        run_cli(*MINI, "export", str(target), "--format", "ics", "-o", str(out)), "actions.alpha.duty.owner: contains a line"
    )
    assert not out.exists()
