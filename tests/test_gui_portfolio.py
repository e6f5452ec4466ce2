"""The portfolio on the start screen: search, filters, sort, the next due action, what is overdue, the keyboard.

Every count and order is compared with `wizard.portfolio`, the one source the
window shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_counsel import decided
from test_portfolio import three_reviews

from wizard.catalog import reviews_of
from wizard.fsio import save
from wizard.portfolio import overdue, portfolio, select, sort_entries
from wizard.ui.start_page import StartPage
from wizard.ui.start_portfolio import SORTS

TODAY = date(2026, 12, 18)  # alpha.duty (due 15 December) is past; counsel#1 (due 20 December) is not


@pytest.fixture
def page(qtbot, mini, tmp_path: Path) -> StartPage:
    three_reviews(mini, tmp_path)  # alpha.duty Marco Ruiz 2026-12-15, counsel#1 Priya Shah 2026-12-20
    records = reviews_of(mini, tmp_path)
    page = StartPage()
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    page.show_reviews(records, tmp_path)
    page.show_portfolio(portfolio(mini, records), TODAY)
    page.records = records  # for tests that list them again
    page.entries = portfolio(mini, records)
    return page


def shown(page: StartPage) -> list[str]:
    """The file names of the rows on screen, top to bottom, as the layout holds them."""
    widgets = [page.list_box.itemAt(i).widget() for i in range(page.list_box.count())]
    names = [w.record.path.name for w in widgets if w.isVisible()]
    assert names == [r.record.path.name for r in page.shown_rows]
    return names


def choose(combo, label: str) -> None:
    index = combo.findText(label)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_search_by_project_preparer_or_use_case(page, qtbot) -> None:
    qtbot.keyClicks(page.bar.search, "support")
    assert sorted(shown(page)) == ["a.json", "c.json"]
    assert page.showing.text() == "Showing 2 of 4 reviews."
    qtbot.keyClicks(page.bar.search, " gamma")
    assert shown(page) == ["c.json"]
    page.bar.search.setText("Delta")
    assert shown(page) == [] and page.no_match.isVisible()
    assert page.no_match_text.text() == "No review matches “Delta”."
    page.clear_button.click()
    assert len(shown(page)) == 4 and not page.no_match.isVisible() and page.bar.search.text() == ""


def test_each_filter_keeps_what_the_core_selects(page) -> None:
    bar = page.bar
    choose(bar.state, "Finished")
    assert sorted(shown(page)) == ["a.json", "b.json", "c.json"]
    choose(bar.state, "All states")
    choose(bar.decision, "Approved with conditions")
    assert shown(page) == ["a.json"]
    choose(bar.decision, "No decision yet")
    assert sorted(shown(page)) == sorted(e.path.name for e in select(page.entries, TODAY, decision=""))
    choose(bar.decision, "Any decision")
    choose(bar.review_by, "Passed")
    assert shown(page) == ["c.json"]
    choose(bar.review_by, "Within 30 days (or passed)")
    assert shown(page) == ["c.json"], "a's review-by date is a year away"
    choose(bar.review_by, "Any date")
    choose(bar.actions, "One past its due date")
    assert shown(page) == ["a.json"]
    choose(bar.state, "Cannot be read")
    assert shown(page) == [] and page.no_match_text.text() == "No review matches the filters chosen."
    page.bar.search.setText("alpha")
    assert page.no_match_text.text() == "No review matches “alpha” with the filters chosen."


def test_each_sort_is_the_cores_order(page) -> None:
    assert [page.bar.sort.itemText(i) for i in range(page.bar.sort.count())] == [label for _, _, label in SORTS]
    for i, (key, descending, _) in enumerate(SORTS):
        page.bar.sort.setCurrentIndex(i)
        assert shown(page) == [e.path.name for e in sort_entries(page.entries, key, descending)], key
    choose(page.bar.sort, "Review-by date, soonest first")
    assert shown(page)[:2] == ["c.json", "a.json"], "reviews without a review-by date go last"
    choose(page.bar.sort, "Next due action, soonest first")
    assert shown(page)[0] == "a.json"


def test_the_overdue_count_is_shown_on_start_and_filters_exactly_those_reviews(page) -> None:
    counts = overdue(page.entries, TODAY)
    assert (counts.actions, counts.reviews) == (1, 1)
    assert page.bar.notice.isVisible()
    assert page.bar.notice_text.text() == "1 action is past the due date and 1 review is past the review-by date."
    page.bar.attention.click()
    assert sorted(shown(page)) == sorted(e.path.name for e in select(page.entries, TODAY, overdue=True)) == ["a.json", "c.json"]
    assert page.bar.attention.text() == "Show all reviews"
    page.bar.attention.click()
    assert len(shown(page)) == 4
    page.show_portfolio(page.entries, date(2026, 12, 21))
    assert page.bar.notice_text.text().startswith("2 actions are past the due date and 1 review")
    page.show_portfolio(page.entries, date(2026, 1, 1))
    assert not page.bar.notice.isVisible(), "nothing past its date: no notice"


def test_the_next_due_column_says_what_who_and_when_never_an_id(page) -> None:
    rows = {r.record.path.name: r for r in page.rows}
    a = rows["a.json"].next_due.text()
    assert a.splitlines() == ["Duty.", "Marco Ruiz · due 2026-12-15 · overdue"]
    assert "alpha.duty" not in a and "counsel#1" not in a
    assert rows["a.json"].next_caption.isVisible() and "Next due action: Duty." in rows["a.json"].accessibleDescription()
    assert rows["b.json"].next_due.text() == "No action with a due date"
    assert rows["c.json"].next_due.text() == "No action with a due date\nReview-by date 2026-06-01 has passed"
    assert not rows["d.json"].next_due.isVisible(), "a file that cannot be read has no column"
    page.show_portfolio(page.entries, date(2026, 12, 1))
    assert rows["a.json"].next_due.text().splitlines()[1] == "Marco Ruiz · due 2026-12-15"


def test_keyboard_tab_order_accessible_names_and_enter_opens_the_review(page, qtbot) -> None:
    bar = page.bar
    for widget in (bar.search, *bar.controls, bar.attention, page.clear_button, *page.rows):
        assert widget.accessibleName(), widget.objectName()
    chain = [bar.attention, bar.search, bar.state, bar.decision, bar.review_by, bar.actions, bar.sort, page.shown_rows[0]]
    chain[0].setFocus(Qt.TabFocusReason)
    for before, after in zip(chain, chain[1:], strict=False):
        assert QApplication.focusWidget() is before
        qtbot.keyClick(before, Qt.Key_Tab)
        assert QApplication.focusWidget() is after, (before.objectName(), QApplication.focusWidget())
    assert QApplication.focusWidget() is page.shown_rows[0]
    first = page.shown_rows[0]
    qtbot.keyClick(first, Qt.Key_Tab)
    buttons = [b for b in (first.open_button, first.counsel_button, first.show_button) if b.isEnabled()]
    assert QApplication.focusWidget() is buttons[0], "then the row's own buttons"

    page.bar.search.setText("gamma")
    qtbot.keyClick(page.bar.search, Qt.Key_Return)
    (row,) = page.shown_rows
    assert QApplication.focusWidget() is row, "Enter in the search box goes to the first review found"
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(row, Qt.Key_Return)
    assert opened.args == [str(row.record.path)]

    page.bar.search.clear()
    first, second = page.shown_rows[:2]
    first.setFocus(Qt.TabFocusReason)
    qtbot.keyClick(first, Qt.Key_Down)
    assert QApplication.focusWidget() is second
    qtbot.keyClick(second, Qt.Key_Up)
    qtbot.keyClick(first, Qt.Key_Up)
    assert QApplication.focusWidget() is page.bar.search, "Up from the first review: back to the search box"
    unreadable = next(r for r in page.rows if not r.record.readable)
    with qtbot.assertNotEmitted(page.open_requested):
        qtbot.keyClick(unreadable, Qt.Key_Return)


def test_the_choices_stay_while_the_app_runs(page, mini, tmp_path: Path) -> None:
    choose(page.bar.decision, "Approved with conditions")
    choose(page.bar.sort, "Project, A to Z")
    page.bar.search.setText("chatbot")
    page.show_reviews(page.records, tmp_path)  # the start page shown again: the list is rebuilt
    assert page.bar.decision.currentText() == "Approved with conditions" and page.bar.search.text() == "chatbot"
    page.show_portfolio(portfolio(mini, page.records), TODAY)
    assert shown(page) == ["a.json"] and page.bar.sort.currentText() == "Project, A to Z"
    page.show_reviews([r for r in page.records if r.path.name != "a.json"], tmp_path)
    page.show_portfolio(portfolio(mini, page.records[1:]), TODAY)
    assert page.bar.decision.currentText() == "Approved with conditions", "kept while no review has it"
    assert shown(page) == [] and page.no_match.isVisible()


def test_the_entries_arrive_after_the_list_is_painted(qtbot, mini, tmp_path: Path) -> None:
    save(decided(mini).session, tmp_path / "a.json")
    records = reviews_of(mini, tmp_path)
    page = StartPage()
    qtbot.addWidget(page)
    built: list[int] = []

    def build():
        built.append(1)
        return portfolio(mini, records)

    page.show_reviews(records, tmp_path)
    page.fill_portfolio(build, TODAY)
    (row,) = page.rows
    assert built == [] and page.today is None and not row.next_due.isVisible(), "nothing built before the first paint"
    page.show()
    qtbot.waitUntil(lambda: page.today == TODAY)
    assert built == [1] and row.next_due.text().startswith("Duty.") and page.bar.notice.isVisible()
    page.show_reviews(records, tmp_path)
    page.fill_portfolio(build, TODAY)
    page.show_reviews(records, tmp_path)  # a newer list before the paint: the older fill is dropped
    qtbot.wait(50)
    assert built == [1]


def test_the_window_fills_the_portfolio_on_start(qtbot, open_window, flowset, _private_data_dir: Path) -> None:
    from test_gui_start import _partial

    _partial(flowset, _private_data_dir / "review-9.json", "Kundenportal", 2)
    page = open_window().start_page
    qtbot.waitUntil(lambda: page.today is not None)
    (row,) = page.rows
    assert page.today == date.today() and row.next_due.text() == "No action with a due date"
    assert page.bar.isVisible() and not page.bar.notice.isVisible()


@pytest.mark.parametrize("width", [640, 900, 1300])
def test_nothing_is_cut_off_at_any_width(page, qtbot, width: int) -> None:
    page.resize(width, 800)
    qtbot.waitUntil(lambda: page.width() == width)
    QApplication.processEvents()
    needed = page.scroll.widget().minimumSizeHint().width()
    assert needed <= page.scroll.viewport().width(), (needed, page.scroll.viewport().width())


def test_a_restored_review_keeps_its_row_in_the_list(page, qtbot, tmp_path: Path) -> None:
    from test_gui_start import _answer_dialog

    row = next(r for r in page.rows if r.record.path.name == "b.json")
    _answer_dialog("Delete", [])
    with qtbot.waitSignal(page.review_deleted):
        row.delete_button.click()
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")  # the name is taken again: it comes back renamed
    row.restore_button.click()
    assert row.record.path.name == "b (restored 1).json"
    page.bar.search.setText("beta")
    assert page.shown_rows == [row] and row.isVisible()
