"""A decision that did not come through the app's commands, or a PDF whose pages show another review (issue 23, case 9).

Anyone can type a decision into a session file, edit one afterwards, or swap
the session attached to a report PDF (rewriting the file, or appending an
incremental update) while the pages still show the old decision. Each is
still read, but shown as not verified: on the cover line that the report,
`summary`, `list` and the window all show, and on stderr for the commands.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hostile import MINI, run_cli, write_session

from wizard.catalog import decision_line
from wizard.counsel import decision_doubt
from wizard.fsio import load, save
from wizard.pdfsession import ATTACHMENT_NAME, load_any
from wizard.review import Review

NOT_VERIFIED = "Not verified:"


def decided(mini) -> Review:
    review = Review(mini)
    for value in ("Kestrel", "external", "yes_branch", ["a"]):
        review.answer(value)
    review.answer("y", note="Is Y enough?")
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"])
    return review


def summary_of(path: Path) -> tuple[str, str]:
    done = run_cli(*MINI, "summary", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


# -- decisions in session files ----------------------------------------------------------------------
def test_a_decision_given_through_the_commands_is_verified(mini, tmp_path: Path) -> None:
    review = decided(mini)
    review.confirm_decision("2026-12-05")
    save(review.session, tmp_path / "s.json")
    session = load(tmp_path / "s.json")
    assert decision_doubt(session) == ""
    text, err = summary_of(tmp_path / "s.json")
    assert NOT_VERIFIED not in text and err == ""


def edited(mini, tmp_path: Path, change) -> Path:
    data = decided(mini).session.to_json()
    change(data)
    return write_session(tmp_path / "s.json", data)


def typed_in(data: dict) -> None:
    data["counsel"]["history"] = []
    data["log"] = [e for e in data["log"] if e["event"] != "counsel_decision"]


def edited_afterwards(data: dict) -> None:
    data["counsel"]["decision"] = "approved"
    data["counsel"]["conditions"] = []


def log_entry_missing(data: dict) -> None:
    data["log"] = [e for e in data["log"] if e["event"] != "counsel_decision"]


def log_entry_disagrees(data: dict) -> None:
    entry = next(e for e in data["log"] if e["event"] == "counsel_decision")
    entry["value"]["reviewer"] = "Someone Else"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (typed_in, "the decision has no history, so it was not recorded through the app"),
        (edited_afterwards, "the decision differs from its own recorded history"),
        (log_entry_missing, "the decision has no entry in the review's audit log"),
        (log_entry_disagrees, "the decision has no entry in the review's audit log"),
    ],
)
def test_a_decision_not_recorded_through_the_app_is_shown_as_such(mini, tmp_path: Path, change, reason: str) -> None:
    from wizard.report import render_html

    path = edited(mini, tmp_path, change)
    session = load(path)
    view = Review(mini, session).derive().counsel
    assert view.cover_line.endswith(f"{NOT_VERIFIED} {reason}") and view.cover_state == "stale"
    assert f"{NOT_VERIFIED} {reason}" in decision_line(session), "the start screen and `list` say so too"
    text, _ = summary_of(path)
    assert f"{NOT_VERIFIED} {reason}" in text
    cover = render_html(mini, session).split('<section class="cover">', 1)[1].split("</section>", 1)[0]
    assert f"{NOT_VERIFIED} {reason}" in cover.replace("&#39;", "'")


# -- report PDFs whose attachment was swapped ------------------------------------------------------------
@pytest.fixture(scope="module")
def report(mini, tmp_path_factory) -> Path:
    from wizard.report import write_report

    return write_report(mini, decided(mini).session, tmp_path_factory.mktemp("pdf") / "report.pdf")


def forged_payload(report: Path) -> bytes:
    """The attached session with counsel's decision turned into a refusal, history and log included."""
    from pypdf import PdfReader

    data = json.loads(PdfReader(report).attachments[ATTACHMENT_NAME][0])
    data["counsel"]["decision"] = "not_approved"
    data["counsel"]["history"][-1]["decision"] = "not_approved"
    next(e for e in data["log"] if e["event"] == "counsel_decision")["value"]["decision"] = "not_approved"
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _stream(writer):
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    return names[1].get_object()["/EF"]["/F"].get_object()


def swapped_in_place(report: Path, target: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=report)
    _stream(writer).set_data(forged_payload(report))
    writer.write(target)
    return target


def swapped_by_an_update(report: Path, target: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter(report, incremental=True)
    _stream(writer).set_data(forged_payload(report))
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    assert data.startswith(report.read_bytes()), "an appended update: the original bytes are untouched"
    target.write_bytes(data)
    return target


def test_a_genuine_report_vouches_for_its_session(report: Path) -> None:
    assert load_any(report).source_problem == ""
    text, err = summary_of(report)
    assert NOT_VERIFIED not in text and err == ""


@pytest.mark.parametrize("swap", [swapped_in_place, swapped_by_an_update])
def test_a_swapped_attachment_is_shown_as_such(report: Path, tmp_path: Path, swap) -> None:
    forged = swap(report, tmp_path / "forged.pdf")
    session = load_any(forged)
    assert session.counsel.decision == "not_approved"
    assert session.source_problem == "the attached session is not the one its pages were made from"
    text, err = summary_of(forged)
    assert "Not approved" in text and f"{NOT_VERIFIED} this file's pages do not match the review it carries" in text
    assert err == f"{forged}: warning: the attached session is not the one its pages were made from; the output says so\n"
    out = tmp_path / "again.pdf"
    done = run_cli(*MINI, "report", str(forged), "-o", str(out))
    assert done.returncode == 0 and "warning: the attached session is not the one" in done.stderr


def test_the_window_shows_a_swapped_attachment_on_opening(open_window, report: Path, tmp_path: Path) -> None:
    forged = swapped_by_an_update(report, tmp_path / "forged.pdf")
    window = open_window()
    assert window.open_file(forged)
    assert f"{NOT_VERIFIED} this file's pages do not match" in window.side_decision.text()


def test_a_swapped_attachment_without_a_decision_is_shown_too(mini, open_window, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    from wizard.report import write_report

    review = decided(mini)
    review.session.counsel = None
    review.session.log = [e for e in review.session.log if not e["event"].startswith("counsel")]
    report = write_report(mini, review.session, tmp_path / "plain.pdf")
    data = json.loads(PdfReader(report).attachments[ATTACHMENT_NAME][0])
    data["profile"]["audience"] = "internal"
    writer = PdfWriter(report, incremental=True)
    _stream(writer).set_data((json.dumps(data, indent=2) + "\n").encode())
    forged = tmp_path / "forged.pdf"
    with open(forged, "wb") as handle:
        writer.write(handle)
    text, _ = summary_of(forged)
    assert "Preliminary" in text and NOT_VERIFIED in text
    window = open_window()
    assert window.open_file(forged)
    assert window.side_decision.isVisibleTo(window) and NOT_VERIFIED in window.side_decision.text()
