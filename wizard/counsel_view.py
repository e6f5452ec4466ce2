"""Counsel's part of the derived view (no Qt): built by `wizard.derive.derive()` only, read as `Derived.counsel`.

Each open question carries counsel's answer and each risk its disposition,
counsel's conditions (and risks to reduce) become action items with owners and
dates, and the cover line is counsel's decision, or "preliminary" with the
computed status. Resolved questions are taken out of the open ones in the
findings themselves (`TermFindings.resolved`), so every verdict, count and
decision the window, the report, the summary and the exports show is the same.
There is no second route: `derive()` builds this together with the findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from wizard.counsel import (
    NOTE_SUFFIX,
    CounselAnswer,
    CounselError,
    answer_current,
    changed_answers,
    decision_doubt,
    effective_review_by,
)
from wizard.counsel_vocabulary import Vocabulary, vocabulary
from wizard.findings import Finding, Findings, OpenQuestion, TermFindings
from wizard.flows import FlowSet
from wizard.session import Session, clip

if TYPE_CHECKING:
    from wizard.derive import Derived

FINDING_LISTS = ("obligations", "recommendations", "risks", "protections")  # TermFindings lists that hold Findings


@dataclass(frozen=True)
class ChangedAnswer:
    key: str  # flow.question
    question: str  # its text, or the key when the flows no longer have it
    change: str  # the vocabulary's wording: changed, answered since, withdrawn


@dataclass(frozen=True)
class DecisionView:
    id: str
    label: str
    reviewer: str  # "name, role"
    date: str
    stale: bool  # answers changed since: the decision was given on earlier answers
    changed: tuple[ChangedAnswer, ...]
    approves: bool = False  # the vocabulary's: the use may go ahead (Approved, Approved with conditions)


@dataclass(frozen=True)
class ActionItem:
    """Something to do, with who and by when: an obligation, recommendation, risk to reduce, or condition."""

    id: str
    kind: str
    part: str  # the flow id; "" for counsel's conditions
    title: str  # what to do, short (a condition's own text)
    text: str  # more about it (for a risk to reduce: counsel's comment and what would reduce it)
    owner: str
    due: str


@dataclass(frozen=True)
class QuestionView:
    question: OpenQuestion
    answer: str  # counsel's written answer, or ""
    resolved: bool  # False again once the note counsel answered has been rewritten
    earlier: bool = False  # counsel's answer was given on an earlier version of the team's note


@dataclass(frozen=True)
class RiskView:
    risk: Finding
    disposition: str  # vocabulary id, or ""
    label: str
    comment: str


@dataclass(frozen=True)
class TermView:
    term: TermFindings
    questions: tuple[QuestionView, ...]
    risks: tuple[RiskView, ...]
    actions: tuple[ActionItem, ...]

    @property
    def verdict(self) -> str:
        """The part's verdict (content's rules) over the questions counsel has not resolved."""
        return self.term.verdict

    @property
    def open_questions(self) -> tuple[QuestionView, ...]:
        return tuple(q for q in self.questions if not q.resolved)

    @property
    def open_count(self) -> int:
        return len(self.open_questions)

    @property
    def resolved_count(self) -> int:
        return len(self.questions) - self.open_count


@dataclass(frozen=True)
class HistoryRow:
    at: str
    event: str  # label
    decision: str  # label
    reviewer: str
    date: str
    conditions: tuple[str, ...]
    changed: tuple[ChangedAnswer, ...]


@dataclass(frozen=True)
class CounselView:
    decision: DecisionView | None
    conditions: tuple[ActionItem, ...]
    terms: tuple[TermView, ...]
    history: tuple[HistoryRow, ...]
    review_by: str  # set, or the default after the decision, or ""
    status: str  # the computed status's label: the findings over the questions counsel has not resolved
    cover_line: str
    reviewed: bool  # counsel has entered anything at all
    doubt: str = ""  # why the decision (or the file) is not verified, as the cover line words it; "" when it is

    def term(self, flow_id: str) -> TermView:
        return next(t for t in self.terms if t.term.flow.id == flow_id)

    def answer(self, finding_id: str) -> QuestionView | None:
        return next((q for t in self.terms for q in t.questions if q.question.id == finding_id), None)

    def disposition(self, finding_id: str) -> RiskView | None:
        return next((r for t in self.terms for r in t.risks if r.risk.id == finding_id), None)

    def action(self, finding_id: str) -> ActionItem | None:
        return next((a for a in self.actions if a.id == finding_id), None)

    @property
    def actions(self) -> tuple[ActionItem, ...]:
        """Every action item: counsel's conditions first, then each term's."""
        return self.conditions + tuple(a for t in self.terms for a in t.actions)

    @property
    def open_questions(self) -> tuple[tuple[TermView, QuestionView], ...]:
        return tuple((t, q) for t in self.terms for q in t.open_questions)

    @property
    def open_count(self) -> int:
        """The parts' open questions counsel has not resolved (the project's own are `Findings.open_count`'s too)."""
        return sum(t.open_count for t in self.terms)

    @property
    def resolved_count(self) -> int:
        return sum(t.resolved_count for t in self.terms)

    @property
    def stale(self) -> bool:
        return bool(self.decision and self.decision.stale)

    @property
    def cover_state(self) -> str:
        """A style name for the cover line: 'decided' (a decision that approves), 'withheld' (one that does
        not: Not approved, Needs Anthropic's express approval), 'stale' (decided on earlier answers, or not
        verified) or 'preliminary'. A refusal must never look like a go-ahead at a glance."""
        if self.doubt:
            return "stale"  # the same warning style: do not rely on this line as it stands
        if self.decision is None:
            return "preliminary"
        if self.decision.stale:
            return "stale"
        return "decided" if self.decision.approves else "withheld"


def findings_of(term: TermFindings) -> Iterator[Finding]:
    """Every finding of a term that has an id and a kind (lists a newer findings model adds are read too)."""
    for name in FINDING_LISTS:
        yield from getattr(term, name, ())


def finding_kinds(derived: Derived, session: Session) -> dict[str, str]:
    """Finding id -> kind for everything counsel and actions can refer to in this review."""
    kinds: dict[str, str] = {}
    for term in derived.findings.terms:
        kinds.update((f.id, f.kind) for f in findings_of(term))
        kinds.update((q.id, "question") for q in term.open_questions)
    if session.counsel:
        kinds.update((c.id, "condition") for c in session.counsel.conditions)
    return kinds


def actionable_ids(derived: Derived, session: Session, vocab: Vocabulary | None = None) -> set[str]:
    """The ids that can take an owner and a due date now."""
    vocab = vocab or vocabulary()
    kinds = finding_kinds(derived, session)
    risks = session.counsel.risks if session.counsel else {}
    return {
        i
        for i, kind in kinds.items()
        if kind in vocab.actionable
        or kind == "condition"
        or (kind == "risk" and i in risks and _is_action(vocab, risks[i].disposition))
    }


def _is_action(vocab: Vocabulary, disposition: str) -> bool:
    term = vocab.dispositions.get(disposition)
    return bool(term and term.action)


def changed_view(
    flowset: FlowSet, session: Session, keys: tuple[str, ...], vocab: Vocabulary, basis: dict[str, str] | None = None
) -> tuple[ChangedAnswer, ...]:
    now = session.all_answers()
    rows = []
    for key in keys:
        note = key.endswith(NOTE_SUFFIX)
        flow_id, _, qid = key.removesuffix(NOTE_SUFFIX).partition(".")
        question = flowset.flow(flow_id).questions.get(qid) if flowset.has(flow_id) else None
        present = bool(session.note(flow_id, qid)) if note else qid in now.get(flow_id, {})
        if basis is None:  # a past event: only which answers, not how they compare with today
            change = "changed"
        elif key not in basis:
            change = "added"
        elif not present:
            change = "removed"
        else:
            change = "changed"
        wording = f"{change}_{'note' if note else 'answer'}"
        rows.append(ChangedAnswer(key, question.text if question else key, vocab.say(wording)))
    return tuple(rows)


def resolved_ids(session: Session) -> frozenset[str]:
    """The ids of the open questions counsel has resolved; a resolution lapses once the note it answered is rewritten."""
    counsel = session.counsel
    if counsel is None:
        return frozenset()
    return frozenset(i for i, a in counsel.answers.items() if a.resolved and answer_current(session, i, a))


def _question(session: Session, question: OpenQuestion, entry: CounselAnswer | None) -> QuestionView:
    """An open question with counsel's answer, resolved as `resolved_ids` says; lapsed when its note was rewritten."""
    if entry is None:
        return QuestionView(question, "", False)
    current = answer_current(session, question.id, entry)
    return QuestionView(question, entry.text, entry.resolved and current, not current)


def decision_view(flowset: FlowSet, session: Session, vocab: Vocabulary) -> DecisionView | None:
    """Counsel's decision and whether answers changed since (None before a decision); needs no derived findings."""
    counsel = session.counsel
    if not counsel or not counsel.decision:
        return None
    basis = {**counsel.basis, **(counsel.basis_notes or {})}
    changed = changed_view(flowset, session, changed_answers(session), vocab, basis)
    term = vocab.decisions.get(counsel.decision)
    return DecisionView(
        counsel.decision,
        vocab.decision_label(counsel.decision),
        counsel.reviewer_line,
        counsel.date,
        bool(changed),
        changed,
        bool(term and term.approves),
    )


def build_counsel(flowset: FlowSet, findings: Findings, session: Session, vocab: Vocabulary | None = None) -> CounselView:
    """Counsel's part of the view, over findings already built with counsel's resolutions; nothing is changed."""
    vocab = vocab or vocabulary()
    counsel = session.counsel
    answers = counsel.answers if counsel else {}
    risks = counsel.risks if counsel else {}
    kinds_to_act = vocab.actionable

    def item(finding: Finding, part: str) -> ActionItem:
        action = session.actions.get(finding.id)
        return ActionItem(
            finding.id,
            finding.kind,
            part,
            finding.title,
            finding.text,
            action.owner if action else "",
            action.due if action else "",
        )

    terms = []
    for term in findings.terms:
        part = term.flow.id
        questions = tuple(_question(session, q, answers.get(q.id)) for q in term.open_questions)
        risk_views = tuple(
            RiskView(
                r,
                risks[r.id].disposition if r.id in risks else "",
                vocab.disposition_label(risks[r.id].disposition) if r.id in risks else "",
                risks[r.id].comment if r.id in risks else "",
            )
            for r in term.risks
        )
        actions = [item(f, part) for f in findings_of(term) if f.kind in kinds_to_act]
        actions += [
            replace(item(r.risk, part), text="\n".join(filter(None, (r.comment, r.risk.reduce))))
            for r in risk_views
            if _is_action(vocab, r.disposition)
        ]
        terms.append(TermView(term, questions, risk_views, tuple(actions)))

    conditions = tuple(
        ActionItem(
            c.id,
            "condition",
            "",
            c.text,
            vocab.say("condition_title", number=n),
            session.actions[c.id].owner if c.id in session.actions else "",
            session.actions[c.id].due if c.id in session.actions else "",
        )
        for n, c in enumerate(counsel.conditions if counsel else (), 1)
    )
    decision = decision_view(flowset, session, vocab)
    history = tuple(
        HistoryRow(
            h.at,
            vocab.say(f"history_{h.event}"),
            vocab.decision_label(h.decision),
            ", ".join(p for p in (h.reviewer, h.role) if p),
            h.date,
            h.conditions,
            changed_view(flowset, session, h.changed, vocab),
        )
        for h in (counsel.history if counsel else ())
    )
    status = findings.decision.label
    if decision:
        cover = vocab.say(
            "decided_stale" if decision.stale else "decided",
            decision=decision.label,
            reviewer=decision.reviewer,
            date=decision.date,
        )
    else:
        cover = vocab.say("preliminary", status=status)
    doubt = decision_doubt(session)
    why = vocab.say(doubt, problem=session.source_problem) if doubt else ""
    if doubt:
        cover = vocab.say("unverified", line=cover, why=why)
    return CounselView(
        decision, conditions, tuple(terms), history, effective_review_by(session, vocab), status, cover, counsel is not None, why
    )


TARGETS = {"question": "an open question", "risk": "a risk", "action": "an action item"}


def check_target(derived: Derived, session: Session, finding_id: str, target: str) -> None:
    """Refuse a counsel entry or action for an id that is not a `target` of this review (CounselError)."""
    if target == "action":
        ok = finding_id in actionable_ids(derived, session)
    else:
        ok = finding_kinds(derived, session).get(finding_id) == target
    if not ok:
        raise CounselError(f"{clip(finding_id)}: not {TARGETS[target]} of this review")
