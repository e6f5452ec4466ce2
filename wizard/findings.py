"""Answers -> findings: what the report, the review page, the sidebar and exports show (no Qt, no HTML).

Built from the derived parts of a review (`wizard.derive`) and the flows
alone, so the same answers always give the same findings whichever route
produced them, and building them never changes the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from wizard import __version__
from wizard.answers import display, is_unsure
from wizard.conditions import All, Any_, Condition, Not, Test
from wizard.decision import Decision, FindingFacts, decide, verdict
from wizard.flows import PROFILE, Flow, FlowSet, Outcome
from wizard.graph import outcomes_for
from wizard.vocabulary import Severity, Vocabulary

if TYPE_CHECKING:
    from wizard.derive import Part, Step


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
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OpenQuestion:
    """A question for counsel: from the flow's content, an unsure answer, or a note."""

    text: str
    origin: str  # "flow", "unsure" or "note"
    question: str = ""
    citation: Cited | None = None
    id: str = ""  # flow.outcome, or flow.question#unsure / flow.question#note for those raised by an answer
    note: str = ""  # the team's note on the unsure answer this question stands for
    tags: frozenset[str] = frozenset()


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
    vocabulary: Vocabulary | None = field(default=None, repr=False, compare=False)
    progress: str = ""  # the part's progress id, for a part not finished
    resolved: frozenset[str] = frozenset()  # ids of the open questions counsel has resolved

    def risk_count(self, severity: str) -> int:
        return sum(1 for r in self.risks if r.severity == severity)

    @property
    def serious_risks(self) -> list[Finding]:
        """The risks of a severity the vocabulary calls serious (`serious: {at_least: ...}`), most serious first."""
        serious = self.vocabulary.serious if self.vocabulary else frozenset()
        return [r for r in self.risks if r.severity in serious]

    @property
    def unassessable(self) -> bool:
        """An open question counsel has not resolved says an answer this part depends on is unknown."""
        unknown = self.vocabulary.raised_tags("unknown") if self.vocabulary else frozenset()
        return any(q.tags & unknown for q in self.unresolved)

    @property
    def unresolved(self) -> list[OpenQuestion]:
        """The open questions counsel has not resolved: the ones that count as open and that the rules read."""
        return [q for q in self.open_questions if q.id not in self.resolved]

    @property
    def open_count(self) -> int:
        return len(self.unresolved)

    @property
    def resolved_count(self) -> int:
        return len(self.open_questions) - self.open_count

    def facts(self) -> list[FindingFacts]:
        """What the content's decision rules read: every finding, and the open questions counsel has not resolved."""
        found = [
            FindingFacts(f.id, self.flow.id, f.kind, f.severity, f.tags)
            for f in (*self.obligations, *self.recommendations, *self.risks, *self.protections)
        ]
        return found + [FindingFacts(q.id, self.flow.id, "question", None, q.tags) for q in self.unresolved]

    @property
    def decision(self) -> Decision:
        """The part's verdict from the content's rules; only a finished part has one (else its progress)."""
        assert self.vocabulary is not None
        if not self.complete:
            return Decision(self.progress, self.vocabulary.progress.get(self.progress, self.progress))
        return verdict(self.vocabulary, self.facts())

    @property
    def verdict(self) -> str:
        return self.decision.label


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
    vocabulary: Vocabulary = field(repr=False, compare=False)
    profile_questions: list[OpenQuestion] = field(default_factory=list)  # "I don't know" in the profile
    # What "compare §X" points into: printed once on the summary page and in the appendix record.
    public_terms_title: str = ""
    public_terms_version: str = ""
    public_terms_caveat: str = ""
    public_terms_parties: str = ""

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Most serious first, as the content orders them."""
        return self.vocabulary.severities

    def decision_over(self, terms: list[TermFindings]) -> Decision:
        """The overall decision from these parts' findings (a part not finished cannot be assessed)."""
        facts = [f for t in terms for f in t.facts()]
        facts += [FindingFacts(q.id, PROFILE, "question", None, q.tags) for q in self.profile_questions]
        facts += [
            FindingFacts(f"{t.flow.id}#unfinished", t.flow.id, "question", None, self.vocabulary.raised_tags("unknown"))
            for t in terms
            if not t.complete
        ]
        return decide(self.vocabulary, facts)

    @property
    def decision(self) -> Decision:
        return self.decision_over(self.terms)

    def explain(self, decision: Decision) -> str:
        return self.vocabulary.decision(decision.id).explain

    def title_of(self, finding_id: str) -> str:
        """A finding's or open question's title (a part not finished is named as such)."""
        for t in self.terms:
            for f in (*t.obligations, *t.recommendations, *t.risks, *t.protections):
                if f.id == finding_id:
                    return f.title
            for q in t.open_questions:
                if q.id == finding_id:
                    return q.question or q.text
            if finding_id == f"{t.flow.id}#unfinished":
                return f"{t.flow.title} is not finished"
        return next((q.question for q in self.profile_questions if q.id == finding_id), finding_id)

    @property
    def open_count(self) -> int:
        """Open questions still open: the parts' that counsel has not resolved, and the project's own."""
        return sum(t.open_count for t in self.terms) + len(self.profile_questions)

    @property
    def resolved_count(self) -> int:
        return sum(t.resolved_count for t in self.terms)

    @property
    def top_risks(self) -> list[tuple[TermFindings, Finding]]:
        ranked = [(t, r) for t in self.terms for r in t.risks]
        ranked.sort(key=lambda tr: self.vocabulary.rank(tr[1].severity))
        return ranked[:3]

    def total(self, what: str) -> int:
        return sum(len(getattr(t, what)) for t in self.terms)

    def risk_count(self, severity: str) -> int:
        return sum(t.risk_count(severity) for t in self.terms)


def _basis(flowset: FlowSet, parts: Mapping[str, Part], flow: Flow, outcome: Outcome) -> tuple[Basis, ...]:
    """The answers that make the outcome apply: under `any`, only the alternatives that hold."""

    def lookup(source: str, question: str):  # noqa: ANN202
        return parts[source].answers.get(question) if source in parts else None

    seen: list[Basis] = []
    for test in _deciding(outcome.when, lookup, flow.id, negated=False):
        source = test.ref.flow or flow.id
        question = flowset.flow(source).questions[test.ref.question]
        value = parts[source].answers.get(question.id)
        basis = Basis(question.text, display(question, value) if value is not None else "not asked")
        if basis not in seen:
            seen.append(basis)
    return tuple(seen)


def _deciding(cond: Condition | None, lookup, flow_id: str, negated: bool) -> list[Test]:  # noqa: ANN001
    """The leaf tests whose value makes the condition hold (a test under `not` counts when it is false)."""
    if cond is None:
        return []
    if isinstance(cond, Test):
        return [cond] if cond.holds(lookup, flow_id) != negated else []
    if isinstance(cond, Not):
        return _deciding(cond.part, lookup, flow_id, not negated)
    parts = cond.parts if isinstance(cond, All | Any_) else ()
    return [t for part in parts for t in _deciding(part, lookup, flow_id, negated)]


def _unsure_and_notes(
    steps: tuple[Step, ...], cite: Cited | None, covered: Mapping[str, OpenQuestion], found: list[OpenQuestion]
) -> None:
    """Open questions raised by answers: one per "I don't know" (carrying its note), one per note marked "ask counsel".

    An unsure answer that a content question already speaks for adds its note
    there instead of a second question with the same heading. A note the team
    did not mark is context, shown beside its answer, not a question.
    """
    for step in steps:
        key = f"{step.flow.id}.{step.question.id}"
        if is_unsure(step.question, step.value):
            if key in covered:
                if step.note:
                    i = next(n for n, q in enumerate(found) if q.id == covered[key].id)
                    found[i] = replace(found[i], note="\n".join(filter(None, (found[i].note, step.note))))
                continue
            ids = (step.value,) if isinstance(step.value, str) else step.value
            counsel = [c.counsel for c in step.question.choices if c.id in ids and c.unsure and c.counsel]
            text = counsel[0] if counsel else f"The team could not answer: {step.question.text}"
            found.append(OpenQuestion(text, "unsure", step.question.text, cite, f"{key}#unsure", note=step.note))
        elif step.note and step.ask:
            found.append(OpenQuestion(step.note, "note", step.question.text, cite, f"{key}#note"))


def term_findings(
    flowset: FlowSet, parts: Mapping[str, Part], flow: Flow, resolved: frozenset[str] = frozenset()
) -> TermFindings:
    """Findings of one term flow from the answers on its path (`resolved`: question ids counsel resolved)."""
    section = flowset.terms.sections[flow.section or ""]
    part = parts[flow.id]
    result = TermFindings(
        flow,
        section.heading,
        section.clause,
        steps=part.steps,
        complete=part.done,
        vocabulary=flowset.vocabulary,
        progress=part.progress,
        resolved=resolved,
    )
    profile = parts[PROFILE].answers if PROFILE in parts else {}
    covered: dict[str, OpenQuestion] = {}
    lists = {
        "obligation": result.obligations,
        "recommendation": result.recommendations,
        "risk": result.risks,
        "protection": result.protections,
    }
    for outcome in outcomes_for(flow, part.answers, profile):
        cited = flowset.terms.sections[outcome.cite.section]
        citation = Cited(cited.id, cited.heading, outcome.cite.says, outcome.cite.compare, outcome.cite.no_compare)
        tags = frozenset(outcome.tags)
        if outcome.kind == "question":
            question = OpenQuestion(outcome.text, "flow", outcome.title, citation, f"{flow.id}.{outcome.id}", tags=tags)
            result.open_questions.append(question)
            covered.update((f"{f}.{q}", question) for f, q in flowset.unsure_covered(flow.id, outcome))
            continue
        lists[outcome.kind].append(
            Finding(
                id=f"{flow.id}.{outcome.id}",
                kind=outcome.kind,
                title=outcome.title,
                text=outcome.text,
                citation=citation,
                severity=outcome.severity,
                why=outcome.why,
                reduce=outcome.reduce,
                basis=_basis(flowset, parts, flow, outcome),
                tags=tags,
            )
        )
    result.risks.sort(key=lambda r: flowset.vocabulary.rank(r.severity))
    general = Cited(section.id, section.heading, section.clause, section.compare, section.no_compare)
    _unsure_and_notes(part.steps, general, covered, result.open_questions)
    return result


def _profile_questions(flowset: FlowSet, steps: tuple[Step, ...], terms: list[TermFindings]) -> list[OpenQuestion]:
    """ "I don't know" about the project itself (audience, data): questions for counsel, with any note.

    Where a part's own cited question already speaks for the unsure profile
    answer (for example whether personal data may be sent), that question
    carries the note and no second, uncited question is added.
    """
    found: list[OpenQuestion] = []
    for step in steps:
        if not is_unsure(step.question, step.value):
            continue
        host = _covering(flowset, terms, (PROFILE, step.question.id))
        if host is None:
            _unsure_and_notes((step,), None, {}, found)
        elif step.note:
            term, i = host
            q = term.open_questions[i]
            term.open_questions[i] = replace(q, note="\n".join(filter(None, (q.note, step.note))))
    return found


def _covering(flowset: FlowSet, terms: list[TermFindings], key: tuple[str, str]) -> tuple[TermFindings, int] | None:
    """The first content question, in any part, that speaks for an unsure answer."""
    for term in terms:
        outcomes = {f"{term.flow.id}.{o.id}": o for o in term.flow.outcomes}
        for i, q in enumerate(term.open_questions):
            outcome = outcomes.get(q.id)
            if outcome is not None and key in flowset.unsure_covered(term.flow.id, outcome):
                return term, i
    return None


def _inconsistencies(flowset: FlowSet, parts: Mapping[str, Part], terms: list[TermFindings]) -> None:
    """Answers in two parts that cannot both hold become an open question in the rule's part (tag `inconsistent`)."""

    def lookup(flow: str, question: str):  # noqa: ANN202
        return parts[flow].answers.get(question) if flow in parts else None

    by_flow = {t.flow.id: t for t in terms}
    for rule in flowset.terms.consistency:
        term = by_flow.get(rule.part)
        if term is None or not rule.when.holds(lookup, rule.part):
            continue
        section = flowset.terms.sections[term.flow.section or ""]
        cited = Cited(section.id, section.heading, section.clause, section.compare, section.no_compare)
        term.open_questions.append(
            OpenQuestion(
                rule.text,
                "flow",
                rule.title,
                cited,
                f"{rule.part}.{rule.id}",
                tags=flowset.vocabulary.raised_tags("disagree"),
            )
        )


def profile_text(flowset: FlowSet, parts: Mapping[str, Part], role: str) -> str:
    """The profile's free-text answer that holds a role (title, use case, preparer), or ''."""
    qid = flowset.profile_role(role)
    value = parts[PROFILE].answers.get(qid) if qid and PROFILE in parts else None
    return value if isinstance(value, str) else ""


def build(flowset: FlowSet, parts: Mapping[str, Part], resolved: frozenset[str] = frozenset()) -> Findings:
    """The whole findings model of a review, finished or not; `resolved`: the question ids counsel resolved."""
    terms_found = [term_findings(flowset, parts, f, resolved) for f in flowset.term_flows]
    _inconsistencies(flowset, parts, terms_found)
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
        terms=terms_found,
        profile_steps=profile_steps,
        vocabulary=flowset.vocabulary,
        profile_questions=_profile_questions(flowset, profile_steps, terms_found),
        public_terms_title=terms.public_terms.title if terms.public_terms else "",
        public_terms_version=terms.public_terms.version if terms.public_terms else "",
        public_terms_caveat=terms.public_terms.caveat if terms.public_terms else "",
        public_terms_parties=terms.public_terms.parties if terms.public_terms else "",
        complete=all(p.done for p in parts.values()),
    )
