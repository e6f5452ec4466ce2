"""Answers -> findings: what the report and the live preview show (no Qt, no HTML).

Everything here is derived from the session and the flows alone, so the same
answers always give the same findings whichever route produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard import __version__
from wizard.answers import display, is_unsure
from wizard.conditions import tests_in
from wizard.flows import PROFILE, Flow, Outcome
from wizard.review import Review, SetAside, Step

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
SEVERITIES = tuple(SEVERITY_ORDER)  # most serious first, as tables list them
CLEAR, NEEDS_ACTION, NEEDS_COUNSEL = "clear", "needs action", "needs counsel"


@dataclass(frozen=True)
class Citation:
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
    citation: Citation
    severity: str | None = None
    why: str = ""
    reduce: str = ""
    basis: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class OpenQuestion:
    text: str
    origin: str  # "flow", "unsure" or "note"
    question: str = ""
    citation: Citation | None = None


@dataclass
class TermFindings:
    flow: Flow
    heading: str
    clause: str
    obligations: list[Finding] = field(default_factory=list)
    recommendations: list[Finding] = field(default_factory=list)
    risks: list[Finding] = field(default_factory=list)
    protections: list[Finding] = field(default_factory=list)
    questions: list[OpenQuestion] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    complete: bool = True

    def risk_count(self, severity: str) -> int:
        return sum(1 for r in self.risks if r.severity == severity)

    @property
    def status(self) -> str:
        if self.questions or self.risk_count("high") or not self.complete:
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
    session_digest: str
    app_version: str
    terms: list[TermFindings]
    profile_steps: list[Step]
    complete: bool
    stale: list[SetAside] = field(default_factory=list)

    @property
    def top_risks(self) -> list[tuple[TermFindings, Finding]]:
        ranked = [(t, r) for t in self.terms for r in t.risks]
        ranked.sort(key=lambda tr: SEVERITY_ORDER.get(tr[1].severity or "low", 3))
        return ranked[:3]

    def total(self, what: str) -> int:
        return sum(len(getattr(t, what)) for t in self.terms)

    def risk_count(self, severity: str) -> int:
        return sum(t.risk_count(severity) for t in self.terms)


def _citation(review: Review, outcome: Outcome) -> Citation:
    section = review.flowset.terms.sections[outcome.cite.section]
    return Citation(section.id, section.heading, outcome.cite.says, outcome.cite.compare, outcome.cite.no_compare)


def _basis(review: Review, flow: Flow, outcome: Outcome) -> tuple[Basis, ...]:
    seen: list[Basis] = []
    for test in tests_in(outcome.when):
        source_flow = review.flowset.flow(test.ref.flow or flow.id)
        question = source_flow.questions[test.ref.question]
        value = review.runs[source_flow.id].answers.get(question.id)
        basis = Basis(question.text, display(question, value) if value is not None else "not asked")
        if basis not in seen:
            seen.append(basis)
    return tuple(seen)


def _finding(review: Review, flow: Flow, outcome: Outcome) -> Finding:
    return Finding(
        id=f"{flow.id}.{outcome.id}", kind=outcome.kind, title=outcome.title, text=outcome.text,
        citation=_citation(review, outcome), severity=outcome.severity, why=outcome.why,
        reduce=outcome.reduce, basis=_basis(review, flow, outcome),
    )


def _unsure_and_notes(review: Review, flow: Flow, steps: list[Step], heading: str) -> list[OpenQuestion]:
    found: list[OpenQuestion] = []
    section = review.flowset.terms.sections.get(flow.section or "")
    cite = Citation(section.id, section.heading, section.clause, section.compare, section.no_compare) if section else None
    for step in steps:
        if is_unsure(step.question, step.value):
            ids = (step.value,) if isinstance(step.value, str) else step.value
            counsel = [c.counsel for c in step.question.choices if c.id in ids and c.unsure and c.counsel]
            text = counsel[0] if counsel else f"The team could not answer: {step.question.text}"
            found.append(OpenQuestion(text, "unsure", step.question.text, cite))
        if step.note:
            found.append(OpenQuestion(step.note, "note", step.question.text, cite))
    return found


def term_findings(review: Review, flow: Flow) -> TermFindings:
    """Findings of one term flow from the current answers."""
    section = review.flowset.terms.sections[flow.section or ""]
    steps = review.steps(flow.id)
    result = TermFindings(flow, section.heading, section.clause, steps=steps, complete=review.runs[flow.id].done)
    for outcome in review.outcomes(flow.id):
        finding = _finding(review, flow, outcome)
        if outcome.kind == "question":
            result.questions.append(OpenQuestion(outcome.text, "flow", outcome.title, finding.citation))
        else:
            {"obligation": result.obligations, "recommendation": result.recommendations, "risk": result.risks,
             "protection": result.protections}[outcome.kind].append(finding)
    result.risks.sort(key=lambda r: SEVERITY_ORDER.get(r.severity or "low", 3))
    result.questions.extend(_unsure_and_notes(review, flow, steps, section.heading))
    return result


def build(review: Review, session_digest: str = "") -> Findings:
    """The whole report model for a review, finished or not."""
    profile_flow = review.flowset.flow(PROFILE)
    profile_steps = review.steps(PROFILE)
    rows = [Basis(s.question.text, display(s.question, s.value)) for s in profile_steps]
    terms = review.flowset.terms
    return Findings(
        project=review.profile_text("project_name") or "Untitled project",
        use_case=review.profile_text("use_case"),
        preparer=review.profile_text("preparer"),
        profile_rows=rows,
        terms_title=terms.title,
        terms_source=terms.source,
        terms_as_of=terms.as_of,
        flows_digest=review.flowset.digest,
        session_digest=session_digest,
        app_version=__version__,
        terms=[term_findings(review, f) for f in review.flowset.term_flows],
        profile_steps=profile_steps if profile_flow else [],
        complete=review.complete,
        stale=review.stale_answers(),
    )
