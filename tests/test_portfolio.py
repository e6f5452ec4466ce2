"""The portfolio over the catalog's reviews: search, filter, sort, next due action, overdue counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_counsel import decided, reviewed

from wizard.catalog import reviews_of
from wizard.fsio import save
from wizard.portfolio import overdue, portfolio, search, select, sort_entries


def three_reviews(mini, folder: Path) -> None:  # noqa: ANN001 - the mini flowset
    """a.json approved by counsel, b.json pending, c.json past its review-by date, d.json unreadable."""
    approved = decided(mini)  # actions due 2026-12-15 (alpha.duty) and 2026-12-20 (counsel#1); review by 2027-12-01
    approved.session.profile["project_name"] = "Alpha chatbot for Support"
    pending = reviewed(mini)
    pending.session.profile["project_name"] = "Beta code assistant"
    lapsed = reviewed(mini, first="no_branch")
    lapsed.set_review_by("2026-06-01")
    lapsed.session.profile["project_name"] = "Gamma support search"
    for name, review in (("a", approved), ("b", pending), ("c", lapsed)):
        save(review.session, folder / f"{name}.json")
    (folder / "d.json").write_text("{", encoding="utf-8")


@pytest.fixture
def entries(mini, tmp_path: Path) -> dict[str, object]:
    three_reviews(mini, tmp_path)
    found = portfolio(mini, reviews_of(mini, tmp_path))
    by_name = {e.path.name: e for e in found}
    assert set(by_name) == {"a.json", "b.json", "c.json", "d.json"}
    return by_name


def test_entries_carry_decision_review_by_and_the_next_due_action(entries) -> None:
    a, b, c, d = (entries[f"{n}.json"] for n in "abcd")
    assert (a.project, a.decision, a.decision_label, a.review_by) == (
        "Alpha chatbot for Support",
        "approved_with_conditions",
        "Approved with conditions",
        "2027-12-01",
    )
    assert [x.id for x in a.actions] == ["alpha.duty", "counsel#1"]
    assert a.next_action.due == "2026-12-15" and a.next_action.owner == "Marco Ruiz"
    assert b.next_action is None and b.decision == "" and b.review_by == ""
    assert c.review_by == "2026-06-01"
    assert d.state == "cannot be read" and d.actions == ()


def test_search_matches_every_word_in_project_preparer_or_use_case(entries) -> None:
    everything = list(entries.values())
    assert [e.path.name for e in search(everything, "SUPPORT")] == ["a.json", "c.json"]
    assert [e.path.name for e in search(everything, "support gamma")] == ["c.json"]
    assert search(everything, "delta") == []
    assert len(search(everything, "  ")) == 4


def test_filters_by_state_decision_and_what_needs_attention(entries) -> None:
    everything = list(entries.values())
    today = date(2026, 12, 18)
    assert [e.path.name for e in select(everything, today, decision="approved_with_conditions")] == ["a.json"]
    assert {e.path.name for e in select(everything, today, state="finished")} == {"a.json", "b.json", "c.json"}
    assert {e.path.name for e in select(everything, today, overdue=True)} == {"a.json", "c.json"}
    assert [e.path.name for e in select(everything, today, review_by_before=date(2027, 1, 1))] == ["c.json"]
    assert select(everything, date(2026, 1, 1), overdue=True) == []
    counts = overdue(everything, today)
    assert (counts.actions, counts.reviews, counts.any) == (1, 1, True), "alpha.duty was due on the 15th; c on 1 June"
    assert overdue(everything, date(2026, 12, 21)).actions == 2
    assert not overdue(everything, date(2026, 1, 1)).any


def test_sorting_keeps_entries_without_a_value_last(entries) -> None:
    everything = list(entries.values())
    names = lambda found: [e.path.name for e in found]  # noqa: E731
    ordered = names(sort_entries(everything, "review_by"))
    assert ordered[:2] == ["c.json", "a.json"] and set(ordered[2:]) == {"b.json", "d.json"}
    assert names(sort_entries(everything, "review_by", descending=True))[:2] == ["a.json", "c.json"]
    assert names(sort_entries(everything, "next_due"))[0] == "a.json"
    assert names(sort_entries(everything, "project"))[:3] == ["a.json", "b.json", "c.json"]
    with pytest.raises(ValueError, match="unknown sort key"):
        sort_entries(everything, "colour")


def _derived_entry(flowset, record, session):
    """The entry read straight from `derive` (the report's model), to compare the cheap one with."""
    from wizard.derive import derive
    from wizard.findings import profile_text
    from wizard.portfolio import DueAction, PortfolioEntry

    derived = derive(flowset, session)
    view, f = derived.counsel, derived.findings
    actions = sorted((DueAction(a.id, a.title, a.owner, a.due) for a in view.actions if a.due), key=lambda a: (a.due, a.id))
    return PortfolioEntry(
        record.path,
        record.project or profile_text(flowset, derived.parts, "title"),
        f.preparer,
        f.use_case,
        record.state,
        record.changed,
        view.decision.id if view.decision else "",
        view.decision.label if view.decision else "",
        view.stale,
        view.review_by,
        tuple(actions),
    )


def test_an_entry_says_what_the_derived_review_says_without_deriving_an_undated_one(mini, tmp_path: Path, monkeypatch) -> None:
    stale = decided(mini)
    stale.session.answers["alpha"]["third"] = "x"  # alpha.duty (due 15 December) no longer applies; answers changed
    unnamed = reviewed(mini)
    unnamed.session.profile.pop("project_name")
    lapsed = reviewed(mini, first="no_branch")
    lapsed.set_action("alpha.duty", "Ana", "2026-03-01")
    reviews = {"decided": decided(mini), "stale": stale, "unnamed": unnamed, "lapsed": lapsed, "plain": reviewed(mini)}
    for name, review in reviews.items():
        save(review.session, tmp_path / f"{name}.json")
    records = reviews_of(mini, tmp_path)
    cheap = {e.path.stem: e for e in portfolio(mini, records)}
    for record in records:
        assert cheap[record.path.stem] == _derived_entry(mini, record, record.session), record.path.stem
    assert cheap["stale"].stale and [a.id for a in cheap["stale"].actions] == ["counsel#1"]
    assert cheap["unnamed"].project == "" and [a.owner for a in cheap["lapsed"].actions] == ["Ana"]

    import wizard.derive

    def refuse(*_: object) -> None:
        raise AssertionError("derived a review that has no dated action")

    monkeypatch.setattr(wizard.derive, "derive", refuse)
    undated = [r for r in records if r.path.stem in ("plain", "unnamed")]
    assert [e.actions for e in portfolio(mini, undated)] == [(), ()]


def test_filter_by_an_action_due_before_a_date(entries) -> None:
    everything = list(entries.values())
    today = date(2026, 12, 18)
    assert [e.path.name for e in select(everything, today, action_due_before=today)] == ["a.json"], "due on the 15th"
    assert select(everything, date(2026, 12, 15), action_due_before=date(2026, 12, 15)) == [], "due that day is not past"
    assert [e.path.name for e in select(everything, today, action_due_before=date(2027, 1, 1), state="finished")] == ["a.json"]
    assert select(everything, today, action_due_before=today, decision="") == []
