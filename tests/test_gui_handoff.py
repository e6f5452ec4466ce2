"""Owners and due dates on the review page, Copy summary, and the review's lock between two windows."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from wizard.fsio import load
from wizard.lock import holder, lock_path
from wizard.report import render_html
from wizard.summary import summary

OBLIGATION = "confidentiality.protect_anthropic_info"


def press(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)
    QApplication.processEvents()


def test_owner_and_due_date_on_the_review_page_reach_the_report(qtbot, open_window, finished: Path, flowset) -> None:
    window = open_window(finished)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.view == "review"
    box = window.review_page.counsel_panel.actions
    assert set(box.rows) == {a.id for a in window.counsel.actions}
    row = box.rows[OBLIGATION]
    row.owner.setFocus(Qt.TabFocusReason)
    QTest.keyClicks(row.owner, "Marco Ruiz")
    press(Qt.Key_Tab)
    assert QApplication.focusWidget() is row.due
    qtbot.waitUntil(lambda: OBLIGATION in window.review.session.actions)
    assert QApplication.focusWidget() is box.rows[OBLIGATION].due, "saving keeps the focus where it went"
    QTest.keyClick(row.due, Qt.Key_A, Qt.ControlModifier)
    QTest.keyClicks(row.due, "15/12/2026")  # not a date as the picker takes it: it keeps no date
    press(Qt.Key_Tab)
    assert row.due.text() == "", "the picker holds an ISO date or none, never today's date unasked"
    window.set_action(OBLIGATION, "Marco Ruiz", "15/12/2026")  # as a hand-edited entry would: said under the row
    qtbot.waitUntil(lambda: box.rows[OBLIGATION].problem.isVisibleTo(box))
    assert "YYYY-MM-DD" in box.rows[OBLIGATION].problem.text()
    saved = window.review.session.actions[OBLIGATION]
    assert (saved.owner, saved.due) == ("Marco Ruiz", ""), "the owner was saved on leaving its field; the date not"
    row = box.rows[OBLIGATION]
    row.due.setFocus(Qt.TabFocusReason)
    row.due.selectAll()
    QTest.keyClicks(row.due, "2026-12-15")
    press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.review.session.actions[OBLIGATION].due == "2026-12-15")
    action = load(window.review.path).actions[OBLIGATION]
    assert (action.owner, action.due) == ("Marco Ruiz", "2026-12-15")
    assert not box.rows[OBLIGATION].problem.isVisibleTo(box)
    assert window.isWindowModified()
    html = render_html(flowset, window.review.session)
    assert '<td class="owner">Marco Ruiz<span class="due">due 2026-12-15</span></td>' in html, "in the checklist"


def test_copy_summary_on_the_review_page_and_the_report_step(qtbot, open_window, finished: Path, flowset) -> None:
    window = open_window(finished)
    panel = window.review_page.counsel_panel
    QApplication.clipboard().setText("")
    qtbot.mouseClick(panel.copy, Qt.LeftButton)
    expected = summary(flowset, window.review.session)
    assert QApplication.clipboard().text() == expected and expected
    assert "copied" in panel.status.text().lower()
    window.show_page("report")
    QApplication.clipboard().setText("")
    qtbot.mouseClick(window.finish_page.copy_summary, Qt.LeftButton)
    assert QApplication.clipboard().text() == expected
    assert "copied" in window.finish_page.status.text().lower()


def test_a_second_window_is_asked_and_each_answer_holds(
    qtbot, open_window, dialogs, finished: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = open_window(finished)
    assert first.lock is not None and holder(finished).this_process
    autosave = first.review.path

    second = open_window()
    dialogs.will_click("Cancel")
    assert not second.open_file(finished)
    assert second.view == "start" and second.lock is None
    assert "already open" in dialogs.seen[-1] or "open for editing" in dialogs.seen[-1]

    dialogs.will_click("Open read-only")
    assert second.open_file(finished)
    assert second.read_only and second.review.path is None and second.document is None
    assert "(read-only)" in second.windowTitle()
    before = (finished.read_bytes(), autosave.read_bytes() if autosave.exists() else b"")
    second.set_action(OBLIGATION, "Read Only", "2026-12-01")
    assert second.review.session.actions[OBLIGATION].owner == "Read Only", "kept in the window"
    assert (finished.read_bytes(), autosave.read_bytes() if autosave.exists() else b"") == before, "nothing written"
    copy = tmp_path / "copy.json"
    monkeypatch.setattr("wizard.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(copy), ""))
    assert second.save(), "Save becomes Save As"
    assert load(copy).actions[OBLIGATION].owner == "Read Only" and not second.read_only

    third = open_window()
    dialogs.will_click("Take over")
    assert third.open_file(finished)
    assert third.lock is not None and third.lock.still_held() and third.review.path == autosave
    dialogs.will_click("OK")
    first.set_action(OBLIGATION, "Too Late", "")
    assert "took this review over" in dialogs.seen[-1]
    assert first.review.path is None and first.document is None and first.read_only
    assert first.review.session.actions[OBLIGATION].owner == "Too Late", "kept in the window, for Save As"
    assert OBLIGATION not in load(finished).actions and (not autosave.exists() or OBLIGATION not in load(autosave).actions), (
        "the other window's files untouched"
    )
    third.close()
    assert holder(finished) is None and not lock_path(finished).exists(), "released on close"


def test_a_stale_lock_from_a_killed_process_is_recovered(qtbot, open_window, finished: Path) -> None:
    dead = 999_999
    while True:
        try:
            os.kill(dead, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        dead -= 1
    lock_path(finished).write_text(
        json.dumps({"pid": dead, "host": socket.gethostname(), "since": "2026-01-01T00:00:00+00:00", "token": "x"})
    )
    assert holder(finished) is None, "a lock nobody holds counts as nobody"
    window = open_window(finished)  # no prompt
    assert window.view == "review" and window.lock is not None
    assert holder(finished).pid == os.getpid()
    window.new_review()  # switching reviews releases it
    assert holder(finished) is None


def test_counsel_sends_back_one_file_a_report_pdf_carrying_the_decision(
    qtbot, open_window, finished: Path, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from wizard.pdfsession import load_any

    target = tmp_path / "back-to-procurement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window = open_window(finished)
    window.set_counsel_mode(True)
    window._applied(window.review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"]))
    assert window.export_action.isEnabled(), "File → Export PDF report works in counsel mode"
    window.export_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.rendering(), timeout=60_000)
    carried = load_any(target)
    assert carried.counsel.decision == "approved_with_conditions" and carried.counsel.reviewer == "Dana Lee"


def test_an_owner_redraws_its_row_and_nothing_else(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    assert window.view == "review"
    steps, sidebar = list(window.review_page.rows), window.sidebar.item(0)
    box = window.review_page.counsel_panel.actions
    row = box.rows[OBLIGATION]
    window.set_action(OBLIGATION, "Marco Ruiz", "2026-12-15")
    assert box.rows[OBLIGATION] is row and row.item.owner == "Marco Ruiz" and row.due.text() == "2026-12-15"
    assert window.review_page.rows == steps, "the answers were not rebuilt"
    assert window.sidebar.item(0) is sidebar, "nor the sidebar"
    assert load(window.review.path).actions[OBLIGATION].due == "2026-12-15" and window.isWindowModified()


def test_a_refused_entry_is_said_in_words_at_its_field(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.set_action(OBLIGATION, "Marco", "next week")
    problem = window.review_page.counsel_panel.actions.rows[OBLIGATION].problem.text()
    assert problem == "Due date: expected a date as YYYY-MM-DD, got 'next week'", problem
    assert OBLIGATION not in problem


def test_a_pdf_carrying_counsels_decision_shows_it_to_procurement(qtbot, open_window, finished: Path, tmp_path, flowset) -> None:
    """Procurement's autosave is older; counsel's PDF extends its log: it opens without a prompt, decision shown."""
    from wizard.report import write_report
    from wizard.review import Review

    procurement = open_window(finished)  # procurement's autosave of the review exists
    procurement.set_action(OBLIGATION, "Marco Ruiz", "")
    assert procurement.save()
    procurement.close()
    counsel = Review.open(flowset, load(finished))
    counsel.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"])
    pdf = write_report(flowset, counsel.session, tmp_path / "from-counsel.pdf", paper="a4")
    window = open_window()
    window.memory.add_recent(pdf)
    window.refresh()
    (row,) = [r for r in window.start_page.rows if r.record.review_id == counsel.session.id]
    assert "Counsel's decision: Approved with conditions: Dana Lee, Legal, 2026-12-01" in row.details.text()
    assert window.open_file(pdf), "no later-changes prompt: the PDF holds everything the autosave does"
    line = window.counsel.cover_line
    assert line.startswith("Approved with conditions: Dana Lee") and window.review.session.counsel.decision
    assert window.review_page.counsel_panel.decision.text() == line
    assert window.side_decision.isVisibleTo(window) and line in window.side_decision.text()
    assert line in render_html(flowset, window.review.session), "and on the cover"


def test_after_counsel_exports_quit_does_not_ask(qtbot, open_window, finished: Path, tmp_path, monkeypatch, dialogs) -> None:
    from PySide6.QtWidgets import QFileDialog

    from wizard.report import write_report

    pdf = write_report(*_flowset_and(finished), tmp_path / "procurement.pdf", paper="a4")
    target = tmp_path / "back.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window = open_window(pdf)
    window.set_counsel_mode(True)
    window.counsel_command(lambda r: r.decide("approved", "Dana Lee", "Legal", "2026-12-01"))
    assert window.isWindowModified()
    window.export_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and not window.rendering(), timeout=60_000)
    qtbot.waitUntil(lambda: not window.isWindowModified())
    assert window.close() and dialogs.seen == [], "the PDF carries everything: nothing to save"


def test_create_pdf_asks_before_replacing_a_file(qtbot, open_window, finished: Path, tmp_path, dialogs) -> None:
    target = tmp_path / "there.pdf"
    target.write_bytes(b"%PDF- someone else's")
    window = open_window(finished)
    window.move_to("report")
    dialogs.will_click("Cancel")
    window.render_report(str(target), "a4")
    assert dialogs.seen and dialogs.seen[-1].startswith("confirmReplace: there.pdf already exists")
    assert not window.rendering() and target.read_bytes() == b"%PDF- someone else's"


def _flowset_and(path: Path):
    from wizard.flows import load_flows
    from wizard.paths import flows_dir

    return load_flows(flows_dir()), load(path)


def test_counsels_export_keeps_the_paper_of_the_review(qtbot, open_window, finished: Path, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from wizard.report import write_report
    from wizard.workspace import paper_of

    letter = write_report(*_flowset_and(finished), tmp_path / "procurement.pdf", paper="letter")
    target = tmp_path / "back.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window = open_window(letter)
    window.set_counsel_mode(True)
    window.export_action.trigger()
    assert window.finish_page.paper.currentData() == "letter"
    qtbot.waitUntil(lambda: target.exists() and not window.rendering(), timeout=60_000)
    assert paper_of(target) == "letter"
