"""The review page: answers by term with Edit, the drop warning, live findings, set-aside answers."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import EXAMPLES
from gui_support import answer_each, fill
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QListWidget, QPlainTextEdit, QWidget

from wizard.answers import options
from wizard.fsio import load, save
from wizard.router import router_for


def branch_change(review):
    """A (flow, question, new value, dropped ids) where changing an answer drops later ones."""
    for flow in review.flowset.term_flows:
        answers = review.answers(flow.id)
        for qid in router_for(flow).path(answers)[0]:
            for value in options(flow.questions[qid]):
                trial = {**answers, qid: value}
                dropped = [q for q in trial if q not in router_for(flow).path(trial)[0]]
                if value != answers[qid] and dropped:
                    return flow.id, qid, value, dropped
    raise AssertionError("no answer in the example changes the branch")


def test_review_page_lists_every_answer_with_edit(qtbot, open_window, finished: Path, tmp_path: Path, flowset) -> None:
    window = open_window(finished)
    assert window.pages.currentWidget() is window.review_page
    page = window.review_page
    answered = window.derived.answered
    assert len(page.edit_buttons) == answered
    names = {b.accessibleName() for b in page.edit_buttons}
    assert f"Edit your answer to: {flowset.flow('profile').question('project_name').text}" in names
    assert "high" in page.top_risks.text() or "No risks" in page.top_risks.text()
    assert window.next_button.isEnabled() and "report" in window.next_button.text()


def test_edit_without_branch_change_returns_to_the_review(qtbot, open_window, finished: Path, tmp_path: Path) -> None:
    window = open_window(finished)
    window.edit_answer("profile", "project_name")
    assert window.view == "question" and window.review.question.id == "project_name"
    fill(window, qtbot, "Helios v2")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.view == "review", "an edit that changes no branch goes straight back to the review"
    assert window.review.answers("profile")["project_name"] == "Helios v2"
    assert window.windowTitle().startswith("customer-chatbot.json"), "an opened document keeps its file name"
    assert window.isWindowModified()


def test_edit_that_changes_the_branch_asks_before_dropping(qtbot, open_window, dialogs, finished: Path, tmp_path: Path) -> None:
    window = open_window(finished)
    flow_id, qid, value, dropped = branch_change(window.review)
    before = dict(window.review.answers(flow_id))
    window.edit_answer(flow_id, qid)
    fill(window, qtbot, list(value) if isinstance(value, tuple) else value)

    dialogs.will_click("Keep my earlier answer")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert dialogs.seen and dialogs.seen[-1].startswith("confirmDrop:")
    flow = window.flowset.flow(flow_id)
    for gone in dropped:
        assert flow.questions[gone].text in dialogs.seen[-1], "the warning names every answer it would drop"
    assert window.review.answers(flow_id) == before, "nothing changes when the user keeps the answer"
    assert window.view == "question" and window.review.question.id == qid
    assert window.question_page.value() == before[qid], "the earlier answer shows again, as kept"

    fill(window, qtbot, list(value) if isinstance(value, tuple) else value)
    dialogs.will_click("Change and drop them")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    answers = window.review.answers(flow_id)
    assert all(gone not in answers for gone in dropped)
    assert [e["question"] for e in window.review.session.log if e["event"] == "drop"] == dropped
    assert load(window.review.path).answers_of(flow_id) == answers, "the change is autosaved"
    # The new branch asks what it needs, then the review comes back.
    for _ in range(20):
        if window.view == "review":
            break
        question = window.review.question
        first = next(iter(options(question)))
        fill(window, qtbot, list(first) if isinstance(first, tuple) else first)
        qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.view == "review"


def test_findings_preview_follows_the_answers(qtbot, open_window, finished: Path, tmp_path: Path) -> None:
    window = open_window(finished)
    flow_id, qid, value, _ = branch_change(window.review)
    shown_before = window.live.text()
    window.edit_answer(flow_id, qid)
    assert window.live.text() == shown_before
    window.review.answer(value, skip_answered=True)
    window.refresh()
    from wizard.ui.review_page import findings_line

    assert window.live.text() == findings_line(window.review.derive().findings)
    assert "obligation" in window.live.text() and "Risks:" in window.live.text()


def test_answers_set_aside_are_shown_on_the_review_page(qtbot, open_window, finished: Path, tmp_path: Path) -> None:
    path = finished
    session = load(path)
    session.answers["training"]["retired_question"] = "yes"
    session.answers["gone_flow"] = {"q": "x"}
    save(session, path)
    window = open_window(path)
    window.show_review()
    QApplication.processEvents()
    texts = [w.text() for w in window.review_page.findChildren(QWidget) if hasattr(w, "text") and w.isVisibleTo(window)]
    assert any("Earlier answers set aside" in t for t in texts)
    assert any("retired_question" in t for t in texts)
    assert any("no longer exists" in t for t in texts)
    assert "no longer fit" in window.statusBar().currentMessage()


def test_every_control_has_an_accessible_name(qtbot, open_window, finished: Path, tmp_path: Path, flowset) -> None:
    """Screen readers get a name for every focusable control on every kind of page."""
    answers = yaml.safe_load((EXAMPLES / "customer-chatbot.yaml").read_text())
    window = open_window()

    def check(where: str) -> None:
        QApplication.processEvents()
        for w in window.findChildren(QWidget):
            focusable = isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit | QListWidget)
            if focusable and w.isVisibleTo(window) and w.focusPolicy() != Qt.NoFocus:
                assert w.accessibleName().strip(), f"{where}: {type(w).__name__} {w.objectName()!r} has no name"

    check("start page")
    window.new_review()
    kinds = {window.review.question.kind}
    check(f"question {window.review.question.id}")
    for _ in answer_each(window, qtbot, answers):
        if window.view == "question":
            kinds.add(window.review.question.kind)
            check(f"question {window.review.question.id}")
    assert kinds == {"text", "single", "multi"}
    check("review page")
    window.go_next()
    check("report page")


def test_the_review_page_states_the_decision_first(qtbot, open_window, finished: Path) -> None:
    window = open_window(finished)
    page, findings = window.review_page, window.derived.findings
    assert page.decision.text().startswith(f"{findings.decision.label}. ")
    assert page.content.indexOf(page.decision) == page.content.indexOf(page.heading) + 1, "right under the heading"
    titles = [findings.title_of(i) for i in findings.decision.deciding]
    assert titles and titles[0] in page.deciding.text(), "with the findings that decide it"


def test_the_review_page_says_each_parts_findings_in_words(qtbot, open_window, finished: Path) -> None:
    """Procurement reads what counsel will get without a PDF viewer: risks with why and what would reduce them,
    open questions with counsel's answers."""
    from PySide6.QtWidgets import QLabel

    window = open_window(finished)
    findings = window.derived.findings
    term = next(t for t in findings.terms if t.risks and t.open_questions)
    risk, question = term.risks[0], next(q for q in term.open_questions if q.id)
    window.set_counsel_mode(True)
    window.counsel_command(lambda r: r.answer_question(question.id, "Answered by counsel.", True))
    window.set_counsel_mode(False)
    texts = [label.text() for label in window.review_page.findChildren(QLabel, "groupFindingsText") if label.isVisibleTo(window)]
    said = next(t for t in texts if risk.title in t)
    assert risk.why.strip()[:40] in said and (not risk.reduce.strip() or risk.reduce.strip()[:40] in said)
    assert question.text.strip()[:40] in said and "Counsel's answer (resolved): Answered by counsel." in said
    assert question.id not in said and risk.id not in said, "no internal ids"


def test_an_edit_redraws_only_the_group_of_its_part(qtbot, open_window, finished: Path) -> None:
    """Back on the review page after an edit, only the edited part's group is drawn anew; the rest are kept."""
    window = open_window(finished)
    page = window.review_page
    frames = {g.texts.flow_id: g.frame for g in page.groups}
    window.edit_answer("profile", "project_name")
    fill(window, qtbot, "Helios v2")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.view == "review"
    redrawn = {g.texts.flow_id for g in page.groups if frames[g.texts.flow_id] is not g.frame}
    assert redrawn == {"profile"}, redrawn
    profile = next(g for g in page.groups if g.texts.flow_id == "profile")
    assert "Helios v2" in [row.answer.text() for row in profile.rows]
    assert [page.body.itemAt(i).widget() for i in range(page.body.count())] == [g.frame for g in page.groups]
    frames = {g.texts.flow_id: g.frame for g in page.groups}
    window.sidebar.itemClicked.emit(window.sidebar.item(1))  # a part, then the review again: nothing changed
    window.show_review()
    assert {g.texts.flow_id: g.frame for g in page.groups} == frames, "an unchanged review was drawn again"
    assert len(page.edit_buttons) == window.derived.answered, "every answer keeps its Edit"
