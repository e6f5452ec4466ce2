"""Dates and times at the edges (issue 23, cases 2, 8, 10 and 13): a right answer or one named line, in any time zone.

A log time of 0001-01-01 at +14:00 is in the year 0 in UTC, and 9999-12-31 at
-14:00 in the year 10000: converting either to local time used to stop every
start and `list` with an OverflowError. Counsel's date 9999-12-31 made the
review-again date fail an assertion, the calendar export failed on year 9999
and wrote five-digit dates for years before 1000; a date that does not exist
in a YAML file was an internal ValueError; a long chain of questions was a
RecursionError in `check`.
"""

from __future__ import annotations

import json
import os
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FIXTURES
from hostile import MINI, assert_one_line, run_cli, session_data, write_session

from wizard import moments
from wizard.cli import main
from wizard.counsel import add_months, effective_review_by
from wizard.fsio import save
from wizard.lock import Holder
from wizard.review import Review

EDGES = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00", "not a time", ""]
ZONES = ["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/New_York"]


def decided(mini, day: str, due: str) -> Review:
    review = Review(mini)
    for value in ("Kestrel", "external", "yes_branch", ["a"]):
        review.answer(value)
    review.answer("y", note="Is Y enough?")
    review.decide("approved_with_conditions", "Dana Lee", "Legal", day, ["Sign the DPA"])
    review.set_action("alpha.duty", "Marco Ruiz", due)
    return review


# -- case 2: log times local time cannot hold --------------------------------------------------
@pytest.mark.parametrize("zone", ZONES)
def test_list_reads_log_times_outside_local_time_in_every_zone(tmp_path: Path, monkeypatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    for i, at in enumerate(EDGES):
        entry = {"at": at, "event": "answer", "flow": "profile", "question": "project_name", "value": "Kestrel"}
        write_session(tmp_path / f"s{i}.json", session_data(log=[entry]))
    os.utime(tmp_path / "s4.json", (2**40, 2**40))  # a file time in the year 36812
    done = run_cli(*MINI, "list", str(tmp_path))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    shown = re.findall(r"last change (\S+ \S+)", done.stdout)
    assert len(shown) == len(EDGES) and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", s) for s in shown), done.stdout
    assert "0001-01-01 00:00" in shown and "9999-12-31 23:59" in shown, "the moment as written when local time cannot hold it"


@pytest.fixture
def far_west(monkeypatch):
    """This process in UTC-12, where 0001-01-01 at +14:00 is in the year 0."""
    monkeypatch.setenv("TZ", "Etc/GMT+12")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_start_screen_lists_a_review_whose_last_change_local_time_cannot_hold(far_west, open_window) -> None:
    from wizard.paths import user_data_dir

    entry = {"at": EDGES[0], "event": "answer", "flow": "profile", "question": "project_name", "value": "Kestrel"}
    write_session(user_data_dir() / "edge.json", session_data(finished=False, log=[entry]))
    window = open_window()
    row = next(r for r in window.start_page.rows if r.record.path.name == "edge.json")
    assert "last change 0001-01-01 00:00" in row.details.text()


def test_moments_outside_local_time_and_utc_are_kept_as_written(far_west) -> None:
    first, last = moments.parse(EDGES[0]), moments.parse(EDGES[1])
    assert first is not None and last is not None
    assert moments.local(first) == datetime(1, 1, 1) and moments.utc(first) == moments.FIRST
    assert moments.utc(last) == moments.LAST and moments.local_text(EDGES[1]) == "9999-12-31 23:59"
    assert moments.parse("not a time") is None and moments.parse("") is None and moments.parse(None) is None
    assert moments.local_text("2026-06-01T12:00:00+00:00") == "2026-06-01 00:00"
    assert moments.from_timestamp(2**62) == datetime(1970, 1, 1) == moments.from_timestamp(float("nan"))
    assert moments.minute_text(datetime(5, 6, 7, 8, 9)) == "0005-06-07 08:09"


# -- case 8: dates at the edges ------------------------------------------------------------------
def test_a_decision_on_the_last_day_reviews_again_on_the_last_day(mini) -> None:
    review = decided(mini, "9999-12-31", "9999-12-31")
    assert effective_review_by(review.session) == "9999-12-31"
    assert add_months("9999-07-31", 6) == "9999-12-31" and add_months("2026-08-31", 6) == "2027-02-28"
    assert add_months("0001-01-31", 1) == "0001-02-28"


@pytest.mark.parametrize(("day", "due"), [("9999-12-31", "9999-12-31"), ("0001-01-01", "0999-03-04")])
def test_summary_report_and_calendar_on_edge_dates(mini, tmp_path: Path, day: str, due: str) -> None:
    session = tmp_path / "s.json"
    save(decided(mini, day, due).session, session)
    for command in (["summary", str(session)], ["export", str(session), "--format", "ics", "-o", str(tmp_path / "c.ics")]):
        done = run_cli(*MINI, *command)
        assert done.returncode == 0 and done.stderr == "", done.stderr
    ics = (tmp_path / "c.ics").read_bytes().decode("utf-8")
    dates = re.findall(r"^DT(?:START|END);VALUE=DATE:(\S+)\r$", ics, flags=re.M)
    assert dates and all(re.fullmatch(r"\d{8}", d) for d in dates), dates
    assert f"DTSTART;VALUE=DATE:{due.replace('-', '')}" in ics
    if due.startswith("9999"):
        assert "DTEND;VALUE=DATE:99991231" not in ics and "100000101" not in ics, "no end day after the last one"
    else:
        assert "DTEND;VALUE=DATE:09990305" in ics


@pytest.mark.parametrize("stamp", EDGES[:3])
def test_the_calendar_stamp_of_edge_log_times_is_a_utc_date_time(mini, tmp_path: Path, monkeypatch, stamp: str) -> None:
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    session = tmp_path / "s.json"
    save(decided(mini, "2026-12-01", "2026-12-15").session, session)
    data = json.loads(session.read_text(encoding="utf-8"))
    data["created"] = stamp
    for entry in data["log"]:
        entry["at"] = stamp
    write_session(session, data)
    target = tmp_path / "c.ics"
    assert main([*MINI, "export", str(session), "--format", "ics", "-o", str(target)]) == 0
    stamps = re.findall(r"^DTSTAMP:(\S+)\r$", target.read_bytes().decode("utf-8"), flags=re.M)
    assert stamps and all(re.fullmatch(r"\d{8}T\d{6}Z", s) for s in stamps), stamps


@pytest.mark.parametrize("since", [*EDGES, "2026-01-01T10:00:00+23:59", "9" * 40])
def test_a_lock_held_since_an_odd_time_is_described(far_west, since: str) -> None:
    text = Holder(1, "elsewhere", since).describe()
    assert text.startswith("the app (process 1) on the computer “elsewhere”"), text


# -- case 10: dates that do not exist in YAML ---------------------------------------------------
@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "2026-01-01 25:00:00", "!!timestamp 2026-13-01"])
def test_a_date_that_does_not_exist_in_a_scenario_is_one_line(tmp_path: Path, value: str) -> None:
    scenario = tmp_path / "scenario.yaml"
    good = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")
    scenario.write_text(good + f"review_by: {value}\n", encoding="utf-8")
    out = tmp_path / "s.json"
    done = run_cli(*MINI, "answer", str(scenario), "-o", str(out))
    assert_one_line(done, f"{scenario}:8: ", "is not a real date or time")
    assert not out.exists()


def test_a_date_that_does_not_exist_in_a_flow_is_one_line(mini_copy: Path) -> None:
    terms = mini_copy / "terms.yaml"
    terms.write_text(terms.read_text(encoding="utf-8").replace('as_of: "2026-01-01"', "as_of: 2026-02-30"), encoding="utf-8")
    for args in (["check", str(mini_copy)], ["--flows", str(mini_copy), "summary", "x.json"]):
        done = run_cli(*args)
        assert "internal error" not in done.stderr and f"{terms}:3: 2026-02-30 is not a real date or time" in done.stderr
        assert done.returncode == 1


# -- case 13: long chains of questions -------------------------------------------------------------
def chain(folder: Path, length: int) -> Path:
    """The mini flows with a part of `length` text questions in a row."""
    lines = ["id: alpha", "title: Alpha", "role: term", "section: alpha", "start: q0", "questions:"]
    for i in range(length):
        lines += [
            f"  - id: q{i}",
            f"    text: Question {i}?",
            "    kind: text",
            f"    next: {f'q{i + 1}' if i < length - 1 else 'end'}",
        ]
    lines += ["outcomes:", "  - id: always", "    kind: protection", "    title: Always.", "    text: Always."]
    lines += ["    cite:", "      says: The alpha clause protects you."]
    for name in ("profile.yaml", "terms.yaml"):
        (folder / name).write_text((FIXTURES / "mini" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "alpha.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("length", [900, 1200, 5000])
def test_check_walks_long_chains_without_recursion(tmp_path: Path, length: int) -> None:
    done = run_cli("check", str(chain(tmp_path, length)))
    assert "internal error" not in done.stderr and "Recursion" not in done.stderr, done.stderr[-500:]
    problems = [line for line in done.stderr.splitlines() if ": question '" in line]
    assert problems == [
        f"{tmp_path / 'profile.yaml'}:11: question 'audience' is dead: no answer changes the questions that follow or any finding"
    ]


def test_a_long_chain_loads_for_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "flows"
    folder.mkdir()
    chain(folder, 5000)
    session = write_session(tmp_path / "s.json", session_data(answers={"alpha": {f"q{i}": "x" for i in range(150)}}))
    done = run_cli("--flows", str(folder), "summary", str(session))
    assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr[-500:]
