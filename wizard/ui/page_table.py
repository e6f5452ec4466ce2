"""The window's pages in one table: when each shows, how it is entered and left, what Next and Back do.

Adding a page is one new page module and one entry here: the entry names
its widget, how the window listens to it (`wire`), how to fill it (`enter`),
what to save on leaving it (`leave`), its Go-menu action and shortcut, and
its Next and Back buttons; `MainWindow` only follows the table
(`MainWindow.move_to`). Entries read the review's cursor and its derived
state (`wizard.derive`), never re-implement the interview's rules.

A page is built (and its module imported) the first time it is shown or
used, so start-up pays only for the start page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from wizard.derive import Derived
    from wizard.ui.main_window import MainWindow

START, QUESTION, REVIEW, REPORT, COUNSEL = "start", "question", "review", "report", "counsel"

Action = Callable[["MainWindow"], None]
Test = Callable[["MainWindow", "Derived"], bool]
Wire = Callable[["MainWindow", Any], None]  # the window and the page just built


# Each page's module is imported when the page is first built (plain imports, so a frozen app finds them).
def _start_page() -> QWidget:
    from wizard.ui.start_page import StartPage

    return StartPage()


def _question_page() -> QWidget:
    from wizard.ui.question_page import QuestionPage

    return QuestionPage()


def _review_page() -> QWidget:
    from wizard.ui.review_page import ReviewPage

    return ReviewPage()


def _finish_page() -> QWidget:
    from wizard.ui.finish_page import FinishPage

    return FinishPage()


def _counsel_page() -> QWidget:
    from wizard.ui.counsel_page import CounselPage

    return CounselPage()


def _never(_w: MainWindow, _d: Derived) -> bool:
    return False


@dataclass(frozen=True)
class PageSpec:
    name: str
    widget: Callable[[], QWidget]  # the page's class, or a function that imports it and builds the page
    enter: Callable[[MainWindow, Derived], None]  # fill the page from the derived state and focus it
    leave: Action | None = None  # save what is being typed on it (a note, counsel's entry, an owner)
    menu: str = ""  # its action in the Go menu ("" for none)
    shortcut: str = ""
    chrome: bool = True  # the parts sidebar and the Back / Next buttons
    shows: Test = lambda _w, _d: True  # otherwise the `instead` page shows
    instead: str = ""
    next_text: str = ""  # "" hides Next
    next_name: str = ""
    can_next: Test = _never
    next_hint: str = ""  # the tooltip while Next is disabled
    on_next: Action | None = None
    explain: Action | None = None  # Next (or its keys) while disabled: say on the page why it cannot go on
    can_back: Test = _never
    on_back: Action | None = None
    wire: Wire | None = None  # connect the page's signals to the window's commands, once, when it is built


def _enter_question(w: MainWindow, _d: Derived) -> None:
    review = w.review
    question, flow = review.question, review.flow
    assert question is not None
    section = w.flowset.terms.sections.get(flow.section or "")
    position = f"question {len(review.history) + 1}"
    w.question_page.show_question(
        flow,
        question,
        section,
        position,
        review.current_answer(),
        review.session.note(flow.id, question.id),
        review.session.asks_counsel(flow.id, question.id),
    )
    w.question_page.focus_first()
    w.setTabOrder(w.question_page.last_control(), w.back_button)
    w.setTabOrder(w.back_button, w.next_button)


def _enter_review(w: MainWindow, d: Derived) -> None:
    page = w.review_page
    arriving = w.pages.currentWidget() is not page
    page.show_review(d, w.counsel)
    if w.counsel is not None:
        panel = page.counsel_panel
        panel.show_counsel(w.counsel)
        # Tab reads the page top down: the panel's controls, then each answer's Edit.
        order = panel.controls() + [b for b in page.edit_buttons[:1] if b.isEnabled()]
        for first, second in zip(order, order[1:], strict=False):
            page.setTabOrder(first, second)
    w.prerender()  # Create PDF then only writes the file
    typing = page.isAncestorOf(QApplication.focusWidget())  # an owner or due date just saved
    if d.complete and not typing:
        w.focus_next_button()
    if arriving:  # the page opens at its top: the status first
        QTimer.singleShot(0, lambda: page.scroll.verticalScrollBar().setValue(0))


def _enter_report(w: MainWindow, d: Derived) -> None:
    if w.workspace.paper and w.pages.currentWidget() is not w.finish_page:  # a report made from a PDF keeps its paper
        w.finish_page.paper.setCurrentIndex(max(w.finish_page.paper.findData(w.workspace.paper), 0))
    w.finish_page.show_findings(d.findings, w.default_report_path(), by_counsel=w.counsel_mode)
    w.finish_page.create.setFocus()
    w.prerender()


def _enter_counsel(w: MainWindow, d: Derived) -> None:
    assert w.counsel is not None
    page = w.counsel_page
    first = w.pages.currentWidget() is not page
    page.show_counsel(w.counsel, d, w.review.session)
    if first:
        page.show_problem("")
        page.focus_first()


def _wire_start(w: MainWindow, page: Any) -> None:
    page.counsel_requested.connect(lambda path: w.review_as_counsel(Path(path)))
    page.new_requested.connect(w.new_review)
    page.browse_requested.connect(w.open_dialog)
    page.open_requested.connect(lambda path: w.open_file(Path(path), page.document_of(path)))
    page.resume_requested.connect(w.resume_autosave)
    page.review_deleted.connect(w.review_deleted)


def _wire_question(w: MainWindow, page: Any) -> None:
    page.changed.connect(w.update_buttons)
    page.submitted.connect(w.go_next)


def _wire_review(w: MainWindow, page: Any) -> None:
    page.edit_requested.connect(w.edit_answer)
    page.continue_requested.connect(w.continue_flow)
    page.counsel_panel.copy_requested.connect(w.copy_summary)
    page.counsel_panel.action_changed.connect(w.set_action)


def _wire_report(w: MainWindow, page: Any) -> None:
    page.render_requested.connect(w.render_report)
    page.paper.currentIndexChanged.connect(lambda _: w.prerender())
    page.copy_summary_requested.connect(w.copy_summary)
    w.attach_report_tools()


def _back_from_review(w: MainWindow) -> None:
    w.move_to(QUESTION, lambda: w.review.select(w.flowset.flows[-1].id))


PAGES: tuple[PageSpec, ...] = (
    PageSpec(START, _start_page, lambda w, _d: w.present_start(), chrome=False, wire=_wire_start),
    PageSpec(
        QUESTION,
        _question_page,
        _enter_question,
        leave=lambda w: w.keep_note(),
        shows=lambda w, _d: w.review.question is not None and not w.counsel_mode,
        instead=REVIEW,
        next_text="Next  ▶",
        next_name="Answer and go to the next question",
        can_next=lambda w, _d: w.question_page.value() is not None,
        explain=lambda w: w.question_page.attempt(),
        on_next=lambda w: w.answer_question(),
        can_back=lambda w, _d: not w.review.at_first_question,
        on_back=lambda w: w.step_back(),
        wire=_wire_question,
    ),
    PageSpec(
        REVIEW,
        _review_page,
        _enter_review,
        leave=lambda w: w.review_page.counsel_panel.actions.flush(),
        menu="&Review answers",
        shortcut="Ctrl+R",
        shows=lambda w, _d: not w.counsel_mode,
        instead=COUNSEL,  # counsel mode: answers are read-only
        next_text="Continue to the report  ▶",
        next_name="Continue to the report",
        can_next=lambda _w, d: d.complete,
        next_hint="Finish the parts not yet answered first.",
        on_next=lambda w: w.move_to(REPORT),
        can_back=lambda _w, _d: True,
        on_back=_back_from_review,
        wire=_wire_review,
    ),
    PageSpec(
        REPORT,
        _finish_page,
        _enter_report,
        can_back=lambda w, _d: not w.rendering(),
        on_back=lambda w: w.move_to(REVIEW),
        wire=_wire_report,
    ),
    PageSpec(
        COUNSEL,
        _counsel_page,
        _enter_counsel,
        leave=lambda w: w.counsel_page.flush(),
        next_text="Continue to the report  ▶",
        next_name="Continue to the report",
        can_next=lambda _w, _d: True,  # an unfinished review's report says it is not finished
        on_next=lambda w: w.move_to(REPORT),
        wire=lambda w, page: w.connect_counsel(page),
    ),
)
BY_NAME = {spec.name: spec for spec in PAGES}
