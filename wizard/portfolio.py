"""The team's reviews as a portfolio: search, filter, sort, the next due action and what is overdue (no Qt).

The start screen lists every review (`wizard.catalog`); procurement also asks
which reviews need attention: an action past its due date, a review past its
review-by date. These pure functions work over `PortfolioEntry` records built
once per review from its catalog record and session, so the window and any
command show the same counts. Today's date is always passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from wizard.catalog import ReviewRecord
from wizard.flows import PROFILE, FlowSet
from wizard.session import Session, SessionError

SORT_KEYS = ("changed", "project", "state", "decision", "review_by", "next_due")


@dataclass(frozen=True)
class DueAction:
    """An action item with a due date: a duty, a recommendation, a risk to reduce or counsel's condition."""

    id: str
    title: str
    owner: str
    due: str  # YYYY-MM-DD


@dataclass(frozen=True)
class PortfolioEntry:
    path: Path
    project: str
    preparer: str
    use_case: str
    state: str  # the catalog's: in progress, finished, report PDF, cannot be read
    changed: datetime
    decision: str  # counsel's decision id; "" before counsel decided
    decision_label: str
    stale: bool  # counsel decided on earlier answers
    review_by: str  # YYYY-MM-DD or ""
    actions: tuple[DueAction, ...]  # those with a due date, soonest first

    @property
    def next_action(self) -> DueAction | None:
        """The action due soonest (the portfolio's "next due" column)."""
        return self.actions[0] if self.actions else None

    def overdue_actions(self, today: date) -> tuple[DueAction, ...]:
        return tuple(a for a in self.actions if a.due < today.isoformat())

    def review_overdue(self, today: date) -> bool:
        return bool(self.review_by) and self.review_by < today.isoformat()

    def needs_attention(self, today: date) -> bool:
        return bool(self.overdue_actions(today)) or self.review_overdue(today)


def portfolio_entry(flowset: FlowSet, record: ReviewRecord, session: Session | None) -> PortfolioEntry:
    """One review's entry; a review whose file cannot be read keeps only what its record says.

    Cheap where it can be, for the start screen: the decision, review-by date
    and profile come from the same functions `derive` uses, and the findings
    are derived only for a review with a dated action (only a finding that
    still applies is an action).
    """
    if session is None:
        return record_entry(record)
    from wizard.counsel import effective_review_by
    from wizard.counsel_view import decision_view
    from wizard.counsel_vocabulary import vocabulary

    vocab = vocabulary()
    decision = decision_view(flowset, session, vocab)
    texts = _profile_texts(flowset, session)
    try:
        review_by = effective_review_by(session, vocab)
    except (ValueError, OverflowError):  # a decision date the calendar cannot extend, as the catalog reads it
        review_by = ""
    return PortfolioEntry(
        path=record.path,
        project=record.project or texts["title"],
        preparer=texts["preparer"],
        use_case=texts["use_case"],
        state=record.state,
        changed=record.changed,
        decision=decision.id if decision else "",
        decision_label=decision.label if decision else "",
        stale=bool(decision and decision.stale),
        review_by=review_by,
        actions=_dated_actions(flowset, session),
    )


def record_entry(record: ReviewRecord) -> PortfolioEntry:
    """What the catalog's record alone says (no decision, no actions): the start screen's rows until the entries are in."""
    return PortfolioEntry(record.path, record.project, "", "", record.state, record.changed, "", "", False, record.review_by, ())


def _profile_texts(flowset: FlowSet, session: Session) -> dict[str, str]:
    """The profile's title, use case and preparer as `derive` reads them (answers on the profile's path)."""
    from wizard.derive import accepted, part_of
    from wizard.findings import profile_text

    roles = ("title", "use_case", "preparer")
    if not flowset.has(PROFILE):
        return dict.fromkeys(roles, "")
    kept, _ = accepted(flowset, session)
    parts = {PROFILE: part_of(flowset.flow(PROFILE), kept[PROFILE], session)}
    return {role: profile_text(flowset, parts, role) for role in roles}


def _dated_actions(flowset: FlowSet, session: Session) -> tuple[DueAction, ...]:
    """The action items with a due date, soonest first; () without deriving when no action has a date."""
    if not any(a.due for a in session.actions.values()):
        return ()
    from wizard.derive import derive

    view = derive(flowset, session).counsel
    return tuple(sorted((DueAction(a.id, a.title, a.owner, a.due) for a in view.actions if a.due), key=lambda a: (a.due, a.id)))


def portfolio(
    flowset: FlowSet, records: Iterable[ReviewRecord], load: Callable[[Path], Session] | None = None
) -> list[PortfolioEntry]:
    """Entries for the catalog's records, in their order; the session the catalog read is reused, else read again.

    A file that no longer reads keeps its record's facts.
    """
    if load is None:
        from wizard.pdfsession import load_any

        load = load_any
    entries = []
    for record in records:
        session = record.session
        if session is None and record.readable:
            try:
                session = load(record.path)
            except SessionError:
                session = None
        entries.append(portfolio_entry(flowset, record, session))
    return entries


def search(entries: Sequence[PortfolioEntry], text: str) -> list[PortfolioEntry]:
    """Entries whose project, preparer or use case hold every word of `text` (case and accents as typed, casefolded)."""
    words = text.casefold().split()
    return [e for e in entries if all(w in f"{e.project}\n{e.preparer}\n{e.use_case}".casefold() for w in words)]


def select(
    entries: Sequence[PortfolioEntry],
    today: date,
    state: str | None = None,
    decision: str | None = None,
    overdue: bool = False,
    review_by_before: date | None = None,
    action_due_before: date | None = None,
) -> list[PortfolioEntry]:
    """Filter: a catalog state, a decision id ("" for none yet), needing attention today, review-by before a date,
    an action due before a date (`today`: an action past its due date)."""
    return [e for e in entries if _selected(e, today, state, decision, overdue, review_by_before, action_due_before)]


def _selected(
    e: PortfolioEntry,
    today: date,
    state: str | None,
    decision: str | None,
    overdue: bool,
    review_by_before: date | None,
    action_due_before: date | None,
) -> bool:
    if state is not None and e.state != state:
        return False
    if decision is not None and e.decision != decision:
        return False
    if overdue and not e.needs_attention(today):
        return False
    if review_by_before is not None and not (e.review_by and e.review_by < review_by_before.isoformat()):
        return False
    return action_due_before is None or any(a.due < action_due_before.isoformat() for a in e.actions)


def sort_entries(entries: Sequence[PortfolioEntry], key: str, descending: bool = False) -> list[PortfolioEntry]:
    """Sorted by one of SORT_KEYS; entries without a value (no review-by date, no due action) go last either way."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key '{key}' (keys: {', '.join(SORT_KEYS)})")

    def value(e: PortfolioEntry) -> object:
        if key == "next_due":
            return e.next_action.due if e.next_action else None
        if key == "project":
            return e.project.casefold() or None
        if key == "decision":
            return e.decision_label.casefold() or None
        return getattr(e, key) or None

    present = [e for e in entries if value(e) is not None]
    missing = [e for e in entries if value(e) is None]
    return sorted(present, key=value, reverse=descending) + missing  # type: ignore[arg-type]


@dataclass(frozen=True)
class Overdue:
    actions: int  # action items past their due date, over all reviews
    reviews: int  # reviews past their review-by date

    @property
    def any(self) -> bool:
        return bool(self.actions or self.reviews)


def overdue(entries: Iterable[PortfolioEntry], today: date) -> Overdue:
    """What the start screen counts: actions past due and reviews past their review-by date."""
    entries = list(entries)
    return Overdue(sum(len(e.overdue_actions(today)) for e in entries), sum(e.review_overdue(today) for e in entries))
