"""What the app prints and suggests, against hostile text (issue 23, cases 7, 11 and 14).

Terminal escapes never reach a terminal through `summary`, and control
characters never reach a calendar file; a right-to-left override in a name
cannot reverse the sentence it is printed in (report, summary, list, window);
error lines shorten the ids they quote; a data folder another user owns or may
write in is not used for autosaves; `summary` into a reader that leaves early
ends quietly; suggested file names avoid every name Windows reserves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from hostile import MINI, run_cli

from wizard.bidi import FSI, PDI, isolate
from wizard.catalog import format_list, list_reviews
from wizard.filenames import file_stem
from wizard.fsio import save, usable_folder
from wizard.ics import calendar
from wizard.review import Review
from wizard.summary import plain, summary

RLO = "\u202e"
GOOD = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")


def reviewed(mini, project: str = "Kestrel") -> Review:
    review = Review(mini)
    for value in (project, "external", "yes_branch", ["a"]):
        review.answer(value)
    review.answer("y", note="Is Y enough?")
    return review


def stale_decision(mini, reviewer: str, project: str = "Kestrel") -> Review:
    """A decision by `reviewer` given on earlier answers, so the cover warns after the reviewer's name."""
    review = reviewed(mini, project)
    review.decide("approved_with_conditions", reviewer, "Legal", "2026-12-01", ["Sign the DPA"])
    review.select("alpha", "third")
    review.answer("x")
    return review


# -- case 7: no control character reaches a terminal or a calendar -----------------------------------
def test_summary_shows_terminal_escapes_as_symbols(mini) -> None:
    review = stale_decision(mini, "Dana Lee")
    review.session.counsel.reviewer = "Dana\x1b]0;owned\x07\x1b[2J\x9b"  # put around every check
    text = summary(mini, review.session)
    assert not any(c in text for c in "\x1b\x07\x9b") and "Dana␛]0;owned␇␛[2J\ufffd, Legal" in text
    assert plain("a\x00b\tc\x7f") == "a␀b c\u2421" and plain(3) == 3


def test_the_calendar_never_carries_a_control_character(mini) -> None:
    review = reviewed(mini)
    review.set_action("alpha.duty", "Marco", "2026-12-15")
    review.session.actions["alpha.duty"] = type(review.session.actions["alpha.duty"])("Marco\x1b[2J\x00", "2026-12-15")
    text = calendar(mini, review.session)
    assert not any(c in text.replace("\r\n", "") for c in "\x1b\x00\r\n")
    assert "Owner: Marco[2J" in text.replace("\r\n ", "")


# -- case 11: user text is isolated wherever it is printed inside other text --------------------------
def test_isolate_confines_overrides_and_leaves_left_to_right_text_alone() -> None:
    assert isolate("Dana Lee") == "Dana Lee" and isolate("Été") == "Été"
    assert isolate(f"Dana{RLO}") == f"{FSI}Dana{RLO}{PDI}"
    assert isolate(f"{PDI}{RLO}x") == f"{FSI}{RLO}x{PDI}", "a stray PDI cannot close the isolate early"
    assert isolate("\u2067abc") == f"{FSI}\u2067abc{PDI}{PDI}", "an isolate the text opens is closed"
    assert isolate("מיזם") == f"{FSI}מיזם{PDI}"


def test_a_reviewer_with_an_override_cannot_reverse_the_stale_warning(mini) -> None:
    review = stale_decision(mini, f"Dana{RLO}")
    view = review.derive().counsel
    assert view.stale
    isolated, _, after = view.cover_line.rpartition(PDI)
    assert f"{FSI}Dana{RLO}, Legal" in isolated and after.endswith("given on earlier answers")
    assert RLO not in after


def test_the_report_summary_and_list_isolate_user_text(mini, tmp_path: Path) -> None:
    from wizard.report import render_html

    review = stale_decision(mini, f"Dana{RLO}", project=f"Kestrel{RLO}")
    html = render_html(mini, review.session)
    assert f"{FSI}Dana{RLO}, Legal{PDI}" in html and f'<h1 class="project">{FSI}Kestrel{RLO}{PDI}</h1>' in html
    text = summary(mini, review.session)
    after = text.split(f"{FSI}Dana{RLO}, Legal{PDI}", 1)[1]  # the reviewer is closed before the warning
    assert text.startswith(f"{FSI}Kestrel{RLO}{PDI}: ") and after.startswith(", 2026-12-01, given on earlier answers")
    save(review.session, tmp_path / "s.json")
    listed = format_list(list_reviews(tmp_path, project_field="project_name"))
    assert f"“{FSI}Kestrel{RLO}{PDI}”" in listed


def test_the_window_isolates_project_names(open_window, tmp_path: Path, mini) -> None:
    from wizard.catalog import ReviewRecord
    from wizard.moments import from_timestamp
    from wizard.ui.start_page import describe

    record = ReviewRecord(tmp_path / "s.json", f"Kestrel{RLO}", "Alpha", from_timestamp(0), False)
    title, _ = describe(record)
    assert title == f"{FSI}Kestrel{RLO}{PDI}"


# -- case 14 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "block",
    [
        'actions:\n  ? "' + "y" * 100_000 + '\\t"\n  : {owner: a}\n',
        'counsel:\n  risks:\n    ? "alpha.' + "y" * 100_000 + '"\n    : {disposition: accepted}\n',
        '? "' + "z" * 100_000 + '"\n: {a: b}\n',
    ],
)
def test_error_lines_shorten_the_ids_they_quote(tmp_path: Path, block: str) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(GOOD + block, encoding="utf-8")
    done = run_cli(*MINI, "answer", str(scenario), "-o", str(tmp_path / "s.json"))
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr[:300]
    assert len(done.stderr) < len(str(scenario)) + 200 and "…" in done.stderr, done.stderr[:300]
    assert "internal error" not in done.stderr


def test_a_data_folder_others_may_write_in_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    assert usable_folder(folder) == ""
    folder.chmod(0o777)
    assert usable_folder(folder) == "other users may write in it (make it private: chmod 700)"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="only root can give a folder to another user")
def test_a_data_folder_another_user_owns_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 4242, 4242)
    assert usable_folder(folder) == "it belongs to another user (user id 4242)"


def test_summary_into_a_reader_that_leaves_early_ends_quietly(mini, tmp_path: Path) -> None:
    session = tmp_path / "s.json"
    save(stale_decision(mini, "Dana Lee").session, session)
    child = subprocess.Popen(
        [sys.executable, "-m", "wizard", *MINI, "summary", str(session)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    child.stdout.close()  # the reader is gone before the summary is written
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=120) == 0 and err == "", err


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("COM¹", "COM¹_"),
        ("lpt²", "lpt²_"),
        ("COM³.draft", "COM³_.draft"),
        ("com0", "com0_"),
        ("LPT0", "LPT0_"),
        ("conin$", "conin$_"),
        ("CONOUT$", "CONOUT$_"),
        ("NUL .report", "NUL _.report"),
        ("COM10", "COM10"),
        ("COM⁴", "COM⁴"),
        (f"invoice{RLO}fdp.exe", "invoicefdp.exe"),
    ],
)
def test_suggested_file_names_avoid_every_name_windows_reserves(name: str, stem: str) -> None:
    assert file_stem(name) == stem
