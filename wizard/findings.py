"""Answers -> findings: what the report, the review page, the sidebar and exports show (no Qt, no HTML).

Built from the derived parts of a review (`wizard.derive`) and the flows
alone, so the same answers always give the same findings whichever route
produced them, and building them never changes the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard import __version__
from wizard.answers import display, is_unsure
from wizard.conditions import tests_in
from wizard.flows import PROFILE, Flow, FlowSet, Outcome
from wizard.graph import outcomes_for

if TYPE_CHECKING:
    from wizard.derive import Part, Step

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
SEVERITIES = tuple(SEVERITY_ORDER)  # most serious first, as tables list them
# The legal verdict on a finished part (never shown for a part not yet answered).
CLEAR, NEEDS_ACTION, NEEDS_COUNSEL = "clear", "needs action", "needs counsel"

@dataclass(frozen=True)
class Cited:
    """Where a finding rests: the summary part (its heading) and what the flow says it says."""

    section: str
    heading: str
    says: str
    compare: tuple[str, ...] = ()  # sections of the public Commercial Terms: "compare §K.3(c)"
    no_compare: str = ""  # why the public Commercial Terms have no matching section


@dataclass(frozen=True)
class Basis:
    """One answer a finding rests on, in the user's own words."""

    question: str
    answer: str


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str
    title: str
    text: str
    citation: Cited
    severity: str | None = None
    why: str = ""
    reduce: str = ""
    basis: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class OpenQuestion:
    """A question for counsel: from the flow's content, an unsure answer, or a note."""

    text: str
    origin: str  # "flow", "unsure" or "note"
    question: str = ""
    citation: Cited | None = None
    id: str = ""  # flow.outcome, or flow.question#unsure / flow.question#note for those raised by an answer


@dataclass
class TermFindings:
    flow: Flow
    heading: str
    clause: str
    obligations: list[Finding] = field(default_factory=list)
    recommendations: list[Finding] = field(default_factory=list)
    risks: list[Finding] = field(default_factory=list)
    protections: list[Finding] = field(default_factory=list)
    open_questions: list[OpenQuestion] = field(default_factory=list)
    steps: tuple[Step, ...] = ()
    complete: bool = True

    def risk_count(self, severity: str) -> int:
        return sum(1 for r in self.risks if r.severity == severity)

    @property
    def verdict(self) -> str:
        if self.open_questions or self.risk_count("high") or not self.complete:
            return NEEDS_COUNSEL
        if self.obligations or self.risks:
            return NEEDS_ACTION
        return CLEAR


@dataclass
class Findings:
    project: str
    use_case: str
    preparer: str
    profile_rows: list[Basis]
    terms_title: str
    terms_source: str
    terms_as_of: str
    flows_digest: str
    app_version: str
    terms: list[TermFindings]
    profile_steps: tuple[Step, ...]
    complete: bool

    @property
    def top_risks(self) -> list[tuple[TermFindings, Finding]]:
        ranked = [(t, r) for t in self.terms for r in t.risks]
        ranked.sort(key=lambda tr: SEVERITY_ORDER.get(tr[1].severity or "low", 3))
        return ranked[:3]

    def total(self, what: str) -> int:
        return sum(len(getattr(t, what)) for t in self.terms)

    def risk_count(self, severity: str) -> int:
        return sum(t.risk_count(severity) for t in self.terms)

    def term(self, flow_id: str) -> TermFindings:
        return next(t for t in self.terms if t.flow.id == flow_id)


def _basis(flowset: FlowSet, parts: Mapping[str, Part], flow: Flow, outcome: Outcome) -> tuple[Basis, ...]:
    seen: list[Basis] = []
    for test in tests_in(outcome.when):
        source = test.ref.flow or flow.id
        question = flowset.flow(source).questions[test.ref.question]
        value = parts[source].answers.get(question.id)
        basis = Basis(question.text, display(question, value) if value is not None else "not asked")
        if basis not in seen:
            seen.append(basis)
    return tuple(seen)


def _unsure_and_notes(steps: tuple[Step, ...], cite: Cited | None) -> list[OpenQuestion]:
    found: list[OpenQuestion] = []
    for step in steps:
        if is_unsure(step.question, step.value):
            ids = (step.value,) if isinstance(step.value, str) else step.value
            counsel = [c.counsel for c in step.question.choices if c.id in ids and c.unsure and c.counsel]
            text = counsel[0] if counsel else f"The team could not answer: {step.question.text}"
            found.append(OpenQuestion(text, "unsure", step.question.text, cite, f"{step.flow.id}.{step.question.id}#unsure"))
        if step.note:
            found.append(OpenQuestion(step.note, "note", step.question.text, cite, f"{step.flow.id}.{step.question.id}#note"))
    return found


def term_findings(flowset: FlowSet, parts: Mapping[str, Part], flow: Flow) -> TermFindings:
    """Findings of one term flow from the answers on its path."""
    section = flowset.terms.sections[flow.section or ""]
    part = parts[flow.id]
    result = TermFindings(flow, section.heading, section.clause, steps=part.steps, complete=part.done)
    profile = parts[PROFILE].answers if PROFILE in parts else {}
    lists = {"obligation": result.obligations, "recommendation": result.recommendations, "risk": result.risks,
             "protection": result.protections}
    for outcome in outcomes_for(flow, part.answers, profile):
        cited = flowset.terms.sections[outcome.cite.section]
        citation = Cited(cited.id, cited.heading, outcome.cite.says, outcome.cite.compare, outcome.cite.no_compare)
        if outcome.kind == "question":
            result.open_questions.append(OpenQuestion(outcome.text, "flow", outcome.title, citation,
                                                     f"{flow.id}.{outcome.id}"))
            continue
        lists[outcome.kind].append(Finding(
            id=f"{flow.id}.{outcome.id}", kind=outcome.kind, title=outcome.title, text=outcome.text,
            citation=citation, severity=outcome.severity, why=outcome.why, reduce=outcome.reduce,
            basis=_basis(flowset, parts, flow, outcome),
        ))
    result.risks.sort(key=lambda r: SEVERITY_ORDER.get(r.severity or "low", 3))
    general = Cited(section.id, section.heading, section.clause, section.compare, section.no_compare)
    result.open_questions.extend(_unsure_and_notes(part.steps, general))
    return result


def profile_text(flowset: FlowSet, parts: Mapping[str, Part], role: str) -> str:
    """The profile's free-text answer that holds a role (title, use case, preparer), or ''."""
    qid = flowset.profile_role(role)
    value = parts[PROFILE].answers.get(qid) if qid and PROFILE in parts else None
    return value if isinstance(value, str) else ""


def build(flowset: FlowSet, parts: Mapping[str, Part]) -> Findings:
    """The whole findings model of a review, finished or not."""
    profile_steps = parts[PROFILE].steps if PROFILE in parts else ()
    terms = flowset.terms
    return Findings(
        project=profile_text(flowset, parts, "title") or "Untitled project",
        use_case=profile_text(flowset, parts, "use_case"),
        preparer=profile_text(flowset, parts, "preparer"),
        profile_rows=[Basis(s.question.text, display(s.question, s.value)) for s in profile_steps],
        terms_title=terms.title,
        terms_source=terms.source,
        terms_as_of=terms.as_of,
        flows_digest=flowset.digest,
        app_version=__version__,
        terms=[term_findings(flowset, parts, f) for f in flowset.term_flows],
        profile_steps=profile_steps,
        complete=all(p.done for p in parts.values()),
    )
