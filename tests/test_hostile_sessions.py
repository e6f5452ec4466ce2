"""Hostile session files (issue 13, cases 2, 3, 6, 8, 10, 11, 13): one named line and exit 1, or the right result.

Every refusal goes through `report`, the door that would otherwise write a
PDF, and must leave the earlier report untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import CREATED, MINI, assert_one_line, run_cli, session_data, write_session

from wizard import session as session_format
from wizard.cli import main
from wizard.derive import derive
from wizard.fsio import load, save
from wizard.review import Review
from wizard.session import MAX_ANSWER_CHARS, MAX_ENTRIES, MAX_LOG, MAX_NOTE_CHARS, Session, SessionError

OLD_REPORT = b"%PDF-1.7 last week's report"


def refused(tmp_path: Path, capsys, data: dict | str, *expected: str, compact: bool = False) -> str:
    """`report` on the session refuses it in one line naming the file and the field; nothing is written."""
    bad = write_session(tmp_path / "bad.json", data, compact=compact)
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_REPORT)
    code = main([*MINI, "report", str(bad), "-o", str(out)])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "internal error" not in err and "Traceback" not in err, err
    assert lines[0].startswith(f"bedrock-wizard: {bad}: "), lines[0]
    for text in expected:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"
    assert out.read_bytes() == OLD_REPORT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.pdf"]
    return lines[0]


def test_the_valid_base_session_renders(mini, tmp_path: Path) -> None:
    """The builder's session is good, so each case below fails for its one change only."""
    good = load(write_session(tmp_path / "good.json", session_data()))
    assert Review(mini, good).complete


# -- case 2: set-aside answers are bounded -------------------------------------


@pytest.mark.parametrize("count", [MAX_ENTRIES + 1, 20_000, 100_000])
def test_too_many_set_aside_answers_are_refused(tmp_path: Path, capsys, count: int) -> None:
    stale = {"gone": {f"q{i}": {"value": "old", "reason": "the question no longer exists"} for i in range(count)}}
    refused(tmp_path, capsys, session_data(stale=stale), "stale.gone: more than 200 entries", compact=True)


def test_too_many_answers_the_flows_no_longer_take_are_refused(tmp_path: Path, capsys) -> None:
    """They would all be set aside and listed in the report: 100,000 of them took 6 minutes and 9 GB."""
    answers = {"gone": {f"q{i}": "x" for i in range(100_000)}}
    refused(tmp_path, capsys, session_data(answers=answers), "answers.gone: more than 200 entries", compact=True)


def test_answers_and_set_aside_answers_are_counted_together(tmp_path: Path, capsys) -> None:
    answers = {f"flow{f}": {f"q{i}": "x" for i in range(50)} for f in range(3)}
    stale = {"gone": {f"q{i}": {"value": "v", "reason": "r"} for i in range(60)}}
    refused(
        tmp_path,
        capsys,
        session_data(answers=answers, stale=stale),
        "answers and set-aside answers together: 212 entries; a session holds at most 200",
    )


def test_the_most_set_aside_answers_allowed_still_open(mini, tmp_path: Path) -> None:
    room = MAX_ENTRIES - 5  # the base session's five answers
    stale = {"gone": {f"q{i}": {"value": "old", "reason": "gone"} for i in range(room)}}
    loaded = load(write_session(tmp_path / "s.json", session_data(stale=stale)))
    assert len(derive(mini, loaded).set_aside) == room


# -- case 3: text that cannot be written is refused on load ---------------------


@pytest.mark.parametrize(
    ("place", "where"),
    [
        ("profile", "profile.project_name"),
        ("note", "notes.profile.project_name"),
        ("stale", "stale.alpha.old.value"),
        ("log", "log[0].value"),
    ],
)
@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\ud800", "an invalid character (U+D800)"),
        ("\udfff", "an invalid character (U+DFFF)"),
        ("\x07", "a control character (U+0007)"),
        ("\x1b", "a control character (U+001B)"),
        ("\x85", "a control character (U+0085)"),
        ("\ufffe", "a control character (U+FFFE)"),
    ],
)
def test_unwritable_characters_are_refused_where_they_are(
    tmp_path: Path, capsys, place: str, where: str, char: str, what: str
) -> None:
    text = f"Kestrel {char} project"
    changes = {
        "profile": {"profile": {"project_name": text, "audience": "internal"}},
        "note": {"notes": {"profile": {"project_name": text}}},
        "stale": {"stale": {"alpha": {"old": {"value": text, "reason": "gone"}}}},
        "log": {"log": [{"at": CREATED, "event": "note", "flow": "profile", "question": "project_name", "value": text}]},
    }[place]
    data = json.dumps(session_data(**changes))  # json escapes the character: "\ud800", "\u0007"
    refused(tmp_path, capsys, data, f"{where}: contains {what}")


def test_a_lone_surrogate_in_a_key_is_refused(tmp_path: Path, capsys) -> None:
    data = json.dumps(session_data(notes={"profile": {"\ud800": "x"}}))
    refused(tmp_path, capsys, data, "contains an invalid character (U+D800)")


def test_tabs_and_line_breaks_in_text_are_kept(mini, tmp_path: Path) -> None:
    note = "line one\n\tline two\r\nline three ✓ 🦅 e\u0301"
    target = write_session(tmp_path / "s.json", session_data(notes={"alpha": {"first": note}}))
    assert load(target).note("alpha", "first") == note


def test_an_id_with_a_line_break_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    line = refused(tmp_path, capsys, session_data(notes={"alpha": {"first\nsecond": "x"}}), "line break")
    assert "\n" not in line


# -- case 6: the profile's answers cannot escape validation ---------------------


def test_profile_answers_under_answers_are_refused(tmp_path: Path, capsys) -> None:
    refused(
        tmp_path,
        capsys,
        session_data(answers={"profile": {}, "alpha": {"first": "no_branch", "third": "x"}}),
        'answers.profile: the profile\'s answers belong under "profile"',
    )


def test_bad_profile_answers_are_set_aside_not_printed_on_the_cover(flowset, tmp_path: Path) -> None:
    """A choice that does not exist and a 240-character name (the question takes 120) never reach the cover."""
    from wizard.report import render_html

    long_name = "N" * 240
    data = session_data(profile={"project_name": long_name, "audience": "galactic"}, answers={})
    review = Review.open(flowset, load(write_session(tmp_path / "s.json", data)))
    assert "project_name" not in review.session.profile
    flagged = {(s.flow, s.question) for s in derive(review.flowset, review.session).set_aside}
    assert ("profile", "project_name") in flagged
    cover = render_html(review.flowset, review.session).split('<nav class="toc">')[0]
    assert long_name[:100] not in cover.replace("\u200b", "")


# -- case 8: every text field loaded from a file has the window's limits ---------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"notes": {"alpha": {"first": "n" * (MAX_NOTE_CHARS + 1)}}}, "notes.alpha.first: longer than 2,000 characters"),
        ({"notes": {"alpha": {"first": "a" + "\u0301" * 100_000}}}, "notes.alpha.first: longer than 2,000 characters"),
        ({"notes": {"alpha": {"first": "x" * 10_000_000}}}, "notes.alpha.first: longer than 2,000 characters"),
        (
            {"profile": {"project_name": "a" + "\u0301" * 25_000, "audience": "internal"}},
            "profile.project_name: longer than 10,000 characters",
        ),
        ({"stale": {"alpha": {"q": {"value": "v", "reason": "r" * 2001}}}}, "stale.alpha.q.reason: longer than 2,000"),
        ({"answers": {"alpha": {"second": ["a"] * 101}}}, "answers.alpha.second: more than 100 choices"),
        ({"answers": {"alpha": {"q" * 201: "x"}}}, "is longer than 200 characters"),
        ({"log": [{"at": CREATED}] * (MAX_LOG + 1)}, "log: more than 20,000 entries"),
        ({"log": [{"at": CREATED, "colour": "red"}]}, "log[0]: unknown field 'colour'"),
        ({"log": [{"at": CREATED, "value": {"nested": [1, 2]}}]}, "log[0].value.nested: expected text"),
        ({"finished": "yes"}, "finished: expected true or false"),
        ({"flows_digest": 12}, "flows_digest: expected text"),
    ],
)
def test_lengths_and_counts_have_limits(tmp_path: Path, capsys, changes: dict, expected: str) -> None:
    refused(tmp_path, capsys, session_data(**changes), expected, compact=True)


def test_text_at_the_limits_is_accepted_and_round_trips(tmp_path: Path) -> None:
    long_answer = ("word " * MAX_ANSWER_CHARS)[:MAX_ANSWER_CHARS]
    note = "ü" * MAX_NOTE_CHARS
    data = session_data(notes={"alpha": {"first": note}}, profile={"project_name": long_answer, "audience": "internal"})
    loaded = load(write_session(tmp_path / "s.json", data))
    again = tmp_path / "again.json"
    save(loaded, again)
    assert load(again).to_json() == loaded.to_json()


# -- case 10: no internal error for numbers and nesting -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"format": "bedrock-wizard-session", "version": 1, "answers": {"a": {"q": ' + "9" * 5000 + "}}}",
            "a number has too many digits",
        ),
        ('{"format": "bedrock-wizard-session", "version": ' + "9" * 5000 + "}", "a number has too many digits"),
        ('{"format": "bedrock-wizard-session", "version": 1, "log": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        (
            '{"format": "bedrock-wizard-session", "version": 1, "log": [' + '{"value": ' * 500 + "1" + "}" * 500 + "]}",
            "log[0].value.value: expected text",
        ),
    ],
)
def test_numbers_and_nesting_are_one_line(tmp_path: Path, capsys, text: str, expected: str) -> None:
    refused(tmp_path, capsys, text, expected)


# -- case 11: what the app writes, it reads back ---------------------------------


def test_a_compact_file_that_would_grow_past_the_limit_is_refused_on_open(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read at 15 MB, re-saved at 47 MB and then refused: now refused at once, saying why."""
    monkeypatch.setattr(session_format, "MAX_BYTES", 40_000)
    log = [{"value": ["a"] * 100}] * 60  # compact: 4 bytes an id; indented: 13
    line = refused(tmp_path, capsys, session_data(log=log), "too large for a session file once saved", compact=True)
    assert "the limit is 39 KB" in line


def test_the_real_limit_holds_for_a_real_compact_file(tmp_path: Path) -> None:
    """The same at full size, in a real process under the memory cap: 8 MB compact, 26 MB once indented."""
    log = [{"value": ["a"] * 100}] * MAX_LOG
    bad = write_session(tmp_path / "big.json", session_data(log=log), compact=True)
    assert bad.stat().st_size < session_format.MAX_BYTES
    done = run_cli(*MINI, "report", str(bad), "-o", str(tmp_path / "r.pdf"))
    assert_one_line(done, str(bad), "too large for a session file once saved")
    assert not (tmp_path / "r.pdf").exists()


def test_the_apps_own_largest_sessions_round_trip_through_a_report(mini, tmp_path: Path) -> None:
    """Every field at its limit: saved, reported, and reopened from the PDF."""
    from wizard.pdfsession import load_any
    from wizard.report import write_report

    review = Review(mini, path=tmp_path / "s.json")
    for value in ("P" * 120, "internal", "yes_branch", ["a"], "y"):
        review.answer(value, note="n" * MAX_NOTE_CHARS)
    room = MAX_ENTRIES - 5
    review.session.stale["gone"] = {
        f"{'q' * 190}{i:04d}": {"value": "é" * MAX_ANSWER_CHARS, "reason": "r" * 2000} for i in range(room)
    }
    review.autosave()
    pdf = write_report(review.flowset, review.session, tmp_path / "r.pdf")
    assert load_any(pdf).to_json() == load(tmp_path / "s.json").to_json() == review.session.to_json()


# -- case 13: the creation time is in the file, never today's -------------------


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (None, "created: missing or not a date and time"),
        ("yesterday", "created: not a date and time (yesterday)"),
        (1_700_000_000, "created: missing or not a date and time"),
        ("2026-13-45T00:00:00", "created: not a date and time"),
    ],
)
def test_missing_or_unparseable_created_is_refused(tmp_path: Path, capsys, created, expected: str) -> None:
    data = session_data()
    if created is None:
        del data["created"]
    else:
        data["created"] = created
    refused(tmp_path, capsys, data, expected)


def test_the_same_file_renders_to_the_same_bytes_on_another_day(mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    from wizard import report
    from wizard.report import render_pdf

    target = write_session(tmp_path / "s.json", session_data(flows_digest=mini.digest))
    first = render_pdf(mini, load(target))

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2031, 7, 7, 7, 7, 7, tzinfo=tz)

    monkeypatch.setattr(report, "datetime", Later)
    monkeypatch.setattr(session_format, "datetime", Later)
    assert render_pdf(mini, load(target)) == first


def test_session_error_is_still_what_commands_catch() -> None:
    assert issubclass(SessionError, ValueError)
    with pytest.raises(SessionError):
        Session.loads("[]", "x")
