"""Counsel review mode in the window: keyboard only, answers read-only, the decision shown to procurement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gui_support import fill
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton

from wizard.fsio import load

RESOLVED = "training.usage_data_scope"
RISK = "fine_tuning.cross_client_leak"


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()


def type_text(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def focus() -> object:
    return QApplication.focusWidget()


def saved(window):
    """The review as its autosave on disk holds it."""
    return load(window.review.path)


def counsel_by_keyboard(qtbot, open_window, finished: Path):
    """Open the review from the start screen's "Review as counsel" with the keyboard."""
    window = open_window()
    window.memory.add_recent(finished)
    window.refresh()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    row = next(r for r in window.start_page.rows if r.record.path == finished.resolve())
    assert row.counsel_button.accessibleName().startswith("Review ") and row.counsel_button.isEnabled()
    row.counsel_button.setFocus(Qt.TabFocusReason)
    press(Qt.Key_Space)
    assert window.view == "counsel" and window.counsel_mode and window.counsel_action.isChecked()
    return window


def test_counsel_mode_keyboard_only(qtbot, open_window, finished: Path, dialogs) -> None:
    window = counsel_by_keyboard(qtbot, open_window, finished)
    page = window.counsel_page
    profile_questions = len(window.derived.findings.profile_questions)  # about the project, not a part
    open_before = window.counsel.open_count + profile_questions
    assert open_before > 1
    assert f"{open_before} open questions" in window.live.text()

    # An answer and "resolves the question": the focus starts in the first question's answer.
    entry = page.question_entries[RESOLVED]
    entry.answer.setFocus(Qt.TabFocusReason)
    type_text("Usage data is metadata only; acceptable.")
    press(Qt.Key_Tab)
    assert focus() is entry.resolved
    qtbot.waitUntil(lambda: RESOLVED in (window.review.session.counsel.answers if window.review.session.counsel else {}))
    press(Qt.Key_Space)
    answer = saved(window).counsel.answers[RESOLVED]
    assert (answer.text, answer.resolved) == ("Usage data is metadata only; acceptable.", True)
    assert window.counsel.open_count + profile_questions == open_before - 1, "a resolved question no longer counts"
    assert f"{open_before - 1} open questions (1 resolved by counsel)" in window.live.text()
    assert any(e.get("event") == "counsel_answer" for e in saved(window).log), "audit-logged like an answer"

    # A disposition with arrow keys; "accepted with a condition" needs its comment first.
    risk = page.risk_entries[RISK]
    risk.disposition.setFocus(Qt.TabFocusReason)
    press(Qt.Key_Down)
    assert saved(window).counsel.risks[RISK].disposition == "accepted"
    press(Qt.Key_Down)
    assert risk.disposition.currentData() == "accepted_with_condition"
    assert risk.problem.isVisibleTo(page) and "comment" in risk.problem.text(), "said at the field"
    assert risk.problem.text() == "“Accepted with a condition” needs a comment stating the condition", "in words, no ids"
    assert saved(window).counsel.risks[RISK].disposition == "accepted", "nothing half-valid is saved"
    press(Qt.Key_Tab)
    assert focus() is risk.comment
    type_text("Separate models per client.")
    press(Qt.Key_Tab)
    qtbot.waitUntil(lambda: window.review.session.counsel.risks[RISK].disposition == "accepted_with_condition")
    assert saved(window).counsel.risks[RISK].comment == "Separate models per client."
    assert not risk.problem.isVisibleTo(page) and not page.problem.isVisibleTo(page)
    assert window.counsel.action(RISK) is not None, "a risk accepted with a condition is an action item"
    assert page.actions.rows[RISK].owner.accessibleName().startswith("Owner of: ")

    # The decision: choice, conditions, reviewer, role, date, Enter.
    page.decision.setFocus(Qt.TabFocusReason)
    press(Qt.Key_Down)
    press(Qt.Key_Down)
    assert page.decision.currentData() == "approved_with_conditions"
    press(Qt.Key_Tab)
    assert focus() is page.conditions
    type_text("Sign the DPA before launch")
    press(Qt.Key_Tab)
    assert focus() is page.reviewer
    type_text("Dana Lee")
    press(Qt.Key_Tab)
    type_text("Legal")
    press(Qt.Key_Tab)
    assert focus() is page.date and page.date.text() == date.today().isoformat(), "the date defaults to today"
    press(Qt.Key_A, Qt.ControlModifier)
    type_text("2026-12-01")
    dialogs.will_click("Approve")  # questions remain open: counsel confirms the approval
    press(Qt.Key_Return)
    assert dialogs.seen[-1].startswith("confirmApproval: ") and "not resolved" in dialogs.seen[-1]
    counsel = saved(window).counsel
    assert (counsel.decision, counsel.reviewer, counsel.role, counsel.date) == (
        "approved_with_conditions",
        "Dana Lee",
        "Legal",
        "2026-12-01",
    )
    assert [c.text for c in counsel.conditions] == ["Sign the DPA before launch"]
    line = "Approved with conditions: Dana Lee, Legal, 2026-12-01"
    assert window.counsel.cover_line == line
    assert page.cover.text() == line
    assert window.side_decision.isVisibleTo(window) and line in window.side_decision.text()
    assert "counsel#1" in {a.id for a in window.counsel.actions}, "a condition becomes an action item"

    # Procurement sees it: the review page and the start screen.
    window.set_counsel_mode(False)
    assert window.view == "review"
    assert window.review_page.counsel_panel.decision.text() == line
    assert f"{open_before - 1} open questions" in window.live.text()
    assert window.save() and load(finished).counsel.decision == "approved_with_conditions"  # Ctrl+S
    window.view = "start"
    window.refresh()
    row = next(r for r in window.start_page.rows if r.record.review_id == window.review.session.id)
    assert f"Counsel's decision: {line}" in row.details.text()


def test_every_counsel_control_has_a_name(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.counsel_action.trigger()  # File → Review as counsel
    assert window.view == "counsel"
    page = window.counsel_page
    controls = [
        w
        for kind in (QLineEdit, QPlainTextEdit, QCheckBox, QComboBox, QPushButton)
        for w in page.findChildren(kind)
        if w.isVisibleTo(page)
    ]
    assert len(controls) > 20
    assert [w.objectName() for w in controls if not w.accessibleName()] == []


def test_answers_are_read_only_in_counsel_mode(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    before = finished.read_bytes(), window.review.session.dumps()
    window.counsel_action.trigger()
    page = window.counsel_page
    assert not [b for b in page.findChildren(QPushButton) if b.text() == "Edit"], "no Edit in counsel mode"
    assert "(read-only)" in window.counsel_page.answers_heading.text()
    window.show_review()  # Ctrl+R
    assert window.view == "counsel"
    window._jump(window.sidebar.item(1))  # a part in the sidebar: no question page
    assert window.view == "counsel" and window.pages.currentWidget() is page
    window.edit_answer("profile", "project_name")
    assert window.view == "counsel", "no question page in counsel mode"
    window.answer_question()
    assert (finished.read_bytes(), window.review.session.dumps()) == before
    window.counsel_action.trigger()  # leave
    assert window.view == "review" and not window.counsel_mode


def test_stale_decision_offers_confirm(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.review.decide("approved", "Dana Lee", "Legal", "2026-12-01")
    window.edit_answer("profile", "project_name")
    fill(window, qtbot, "Helios v2")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    window.counsel_action.trigger()
    page = window.counsel_page
    assert window.counsel.stale and page.stale_box.isVisibleTo(page)
    question = window.flowset.flow("profile").question("project_name").text
    assert question in page.stale_text.text()
    assert "given on earlier answers" in window.side_decision.text()
    qtbot.mouseClick(page.confirm, Qt.LeftButton)
    assert not window.counsel.stale and not page.stale_box.isVisibleTo(page)
    assert saved(window).counsel.history[-1].event == "confirmed"


def test_approving_over_open_questions_is_confirmed_first(qtbot, open_window, finished: Path, dialogs) -> None:
    window = open_window(finished)
    window.set_counsel_mode(True)
    assert window.counsel.open_count
    dialogs.will_click("Go back")
    window.decide("approved", "Dana Lee", "Legal", "2026-12-01", [])
    assert dialogs.seen[-1].startswith("confirmApproval: ") and window.review.session.counsel is None, "Go back: nothing recorded"
    window.decide("not_approved", "Dana Lee", "Legal", "2026-12-01", [])
    assert len(dialogs.seen) == 1 and window.review.session.counsel.decision == "not_approved", "not approving: no question"


def test_the_report_step_speaks_to_counsel_in_counsel_mode(qtbot, open_window, finished: Path) -> None:
    """Counsel's report goes back to the team: the step does not call it "the report for counsel"."""
    window = open_window(finished)
    window.set_counsel_mode(True)
    window.show_page("report")
    page = window.finish_page
    assert page.heading.text() == "Create the report with your answer"
    assert "back to the team" in page.intro.text()
    window.set_counsel_mode(False)
    window.show_page("report")
    assert page.heading.text() == "Create the report for counsel"
    assert "back to the team" not in page.intro.text()
