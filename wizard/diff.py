"""What changed between two reviews: answers, findings, the decision, counsel's entries, the flows (no Qt).

`bedrock-wizard diff`, File → Compare with… and a continued review's "Changes
since" section all read `compare()`. Both reviews are read against the current
flows, so a finding that appears or goes is the effect of the answers that
changed; the flows each was answered against are compared by digest and
question by question (`flows_change`: each answer's recorded fingerprint,
`wizard.fingerprint`), and the terms by title and as-of date.
The diff of a review with itself is empty. The wording of the text form is
`templates/compare.txt`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from wizard.answers import display
from wizard.conditions import AnswerValue
from wizard.fingerprint import question_fingerprint
from wizard.flows import FlowSet
from wizard.session import Session

if TYPE_CHECKING:
    from wizard.derive import Derived

COMPARED = ("severity", "kind", "tags")  # what makes a finding present in both reviews "changed"
NOT_FINDINGS = ("condition",)  # counsel's conditions are counsel's entries, not findings of the answers


@dataclass(frozen=True)
class ReviewSide:
    """Which review: enough to name it in a heading."""

    project: str
    id: str
    digest: str
    date: str  # counsel's decision date, else the day the review was created
    flows_digest: str


@dataclass(frozen=True)
class AnswerChange:
    key: str  # flow.question
    part: str
    question: str  # the question's text, or the key where the flows no longer have it
    before: str  # as the user saw it; "" when not answered
    after: str


@dataclass(frozen=True)
class FindingRef:
    id: str
    part: str
    kind: str
    title: str
    severity: str  # label, or ""


@dataclass(frozen=True)
class FieldChange:
    field: str  # severity | kind | tags
    before: str
    after: str


@dataclass(frozen=True)
class FindingChange:
    finding: FindingRef  # as it is in the newer review
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class CounselEntry:
    """Counsel's answer, disposition or action in the older review whose finding is gone or changed."""

    id: str
    entry: str  # answer | disposition | action
    title: str
    reason: str  # gone | changed


@dataclass(frozen=True)
class QuestionChange:
    """An answer of the older review whose question is worded otherwise on the newer side: it needs a fresh look."""

    key: str  # flow.question
    part: str
    question: str  # the question's text as it is asked now, or the key where the flows no longer have it
    before: str  # the fingerprint of the question the older review answered
    after: str  # the fingerprint on the newer side ("" where the flows no longer have the question)


@dataclass(frozen=True)
class FlowsChange:
    before: str  # flows digest the older review was answered against ("" for a file from before digests)
    after: str
    questions: tuple[QuestionChange, ...] = ()  # answered questions reworded since (text, kind or choices)
    terms_before: str = ""  # the terms' title and as-of date, where they differ
    terms_after: str = ""

    @property
    def terms(self) -> bool:
        return self.terms_before != self.terms_after


@dataclass(frozen=True)
class ReviewDiff:
    old: ReviewSide
    new: ReviewSide
    answers_added: tuple[AnswerChange, ...]
    answers_changed: tuple[AnswerChange, ...]
    answers_removed: tuple[AnswerChange, ...]
    findings_added: tuple[FindingRef, ...]
    findings_removed: tuple[FindingRef, ...]
    findings_changed: tuple[FindingChange, ...]
    status_before: str  # computed status (the content's rules)
    status_after: str
    decision_before: str  # counsel's decision label, or ""
    decision_after: str
    counsel_unmatched: tuple[CounselEntry, ...]
    flows: FlowsChange | None

    @property
    def answers(self) -> tuple[AnswerChange, ...]:
        return self.answers_added + self.answers_changed + self.answers_removed

    @property
    def decision_changed(self) -> bool:
        return (self.status_before, self.decision_before) != (self.status_after, self.decision_after)

    @property
    def empty(self) -> bool:
        return not (
            self.answers
            or self.findings_added
            or self.findings_removed
            or self.findings_changed
            or self.decision_changed
            or self.counsel_unmatched
            or self.flows
        )

    def to_json(self) -> dict[str, Any]:
        return {"format": "bedrock-wizard-diff", "version": 1, "empty": self.empty, **asdict(self)}


def compare(flowset: FlowSet, old: Session, new: Session, old_flowset: FlowSet | None = None) -> ReviewDiff:
    """Everything that differs from `old` to `new`; neither session is changed.

    Both are read against `flowset`, unless `old_flowset` gives the flows the
    older one is to be read against: then a finding in both whose severity,
    kind or tags differ shows what the newer flows change for this review.
    """
    from wizard.register import review_export  # the one reader of derived findings (wizard.register)

    older = old_flowset or flowset
    before, after = review_export(older, old), review_export(flowset, new)
    old_findings, new_findings = _findings(older, before), _findings(flowset, after)
    added, changed, removed = _answer_changes(flowset, old, new)
    return ReviewDiff(
        old=_side(old, before),
        new=_side(new, after),
        answers_added=added,
        answers_changed=changed,
        answers_removed=removed,
        findings_added=tuple(f for i, f in new_findings.items() if i not in old_findings),
        findings_removed=tuple(f for i, f in old_findings.items() if i not in new_findings),
        findings_changed=_finding_changes(older, flowset, before, after),
        status_before=before["status"],
        status_after=after["status"],
        decision_before=_decision(before),
        decision_after=_decision(after),
        counsel_unmatched=_counsel_unmatched(flowset, old, before, after),
        flows=flows_change(old, new, flowset, old_flowset),
    )


def flows_change(
    old: Session, new: Session, flowset: FlowSet | None = None, old_flowset: FlowSet | None = None
) -> FlowsChange | None:
    """The flows and terms each review was answered against, where they differ; None where nothing does.

    By the whole flows' digest, by the terms' title and as-of date (when
    `old_flowset` gives the older version), and question by question: each
    answer of the older review whose recorded fingerprint differs from the
    newer side's (`question_changes`).
    """
    questions = question_changes(flowset, old, new, old_flowset) if flowset is not None else ()
    terms_before = terms_after = ""
    if flowset is not None and old_flowset is not None:
        terms_before, terms_after = _terms_version(old_flowset), _terms_version(flowset)
    if old.flows_digest == new.flows_digest and not questions and terms_before == terms_after:
        return None
    if terms_before == terms_after:
        terms_before = terms_after = ""
    return FlowsChange(old.flows_digest, new.flows_digest, questions, terms_before, terms_after)


def _terms_version(flowset: FlowSet) -> str:
    return f"{flowset.terms.title}, as of {flowset.terms.as_of}"


def question_changes(
    flowset: FlowSet, old: Session, new: Session, old_flowset: FlowSet | None = None
) -> tuple[QuestionChange, ...]:
    """The older review's answers whose question is worded otherwise on the newer side, in interview order.

    The older side is the fingerprint the answer recorded (else, with
    `old_flowset`, that version's question). The newer side is the current
    flows' question when `old_flowset` says the older review is read against
    another version; otherwise the newer review's own record of the same
    answer, else the current flows' question. So a review compared with
    itself shows none, and `diff S S --old-flows DIR` lists the answers the
    new version rewords.
    """
    out = []
    for key in _ordered_keys(flowset, set(_flat(old))):
        flow_id, _, qid = key.partition(".")
        before = old.asked.get(flow_id, {}).get(qid) or _print_of(old_flowset, flow_id, qid)
        current = _print_of(flowset, flow_id, qid)
        after = current if old_flowset is not None else (new.asked.get(flow_id, {}).get(qid) or current)
        if before and before != after:
            change = _answer_change(flowset, key, None, None)
            out.append(QuestionChange(key, change.part, change.question, before, after))
    return tuple(out)


def _print_of(flowset: FlowSet | None, flow_id: str, qid: str) -> str:
    if flowset is None or not flowset.has(flow_id):
        return ""
    question = flowset.flow(flow_id).questions.get(qid)
    return question_fingerprint(question) if question is not None else ""


def _side(session: Session, export: dict[str, Any]) -> ReviewSide:
    counsel = session.counsel
    day = counsel.date if counsel and counsel.date else session.created[:10]
    return ReviewSide(export["project"], session.id, export["session_digest"], day, session.flows_digest)


def _decision(export: dict[str, Any]) -> str:
    counsel = export["counsel"] or {}
    return (counsel.get("label") or "") if counsel.get("decision") else ""


def _ordered_keys(flowset: FlowSet, keys: set[str]) -> list[str]:
    """Answer keys in interview order (flows, then their questions), then any the flows no longer have."""
    order = [f"{f.id}.{q}" for f in flowset.flows for q in f.questions]
    known = [k for k in order if k in keys]
    return known + sorted(keys - set(known))


def _answer_changes(flowset: FlowSet, old: Session, new: Session) -> tuple[tuple[AnswerChange, ...], ...]:
    before, after = _flat(old), _flat(new)
    added, changed, removed = [], [], []
    for key in _ordered_keys(flowset, set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        change = _answer_change(flowset, key, a, b)
        (added if a is None else removed if b is None else changed).append(change)
    return tuple(added), tuple(changed), tuple(removed)


def _flat(session: Session) -> dict[str, AnswerValue]:
    flat = session.all_answers().items()
    return {f"{flow}.{q}": tuple(v) if isinstance(v, list) else v for flow, answers in flat for q, v in answers.items()}


def _answer_change(flowset: FlowSet, key: str, before: AnswerValue | None, after: AnswerValue | None) -> AnswerChange:
    flow_id, _, qid = key.partition(".")
    flow = flowset.flow(flow_id) if flowset.has(flow_id) else None
    question = flow.questions.get(qid) if flow else None
    if question is None:
        return AnswerChange(key, flow.title if flow else flow_id, key, _plain(before), _plain(after))
    return AnswerChange(key, flow.title, question.text, display(question, before), display(question, after))  # type: ignore[union-attr]


def _plain(value: AnswerValue | None) -> str:
    if value is None:
        return ""
    return "; ".join(value) if isinstance(value, tuple) else str(value)


def _findings(flowset: FlowSet, export: dict[str, Any]) -> dict[str, FindingRef]:
    parts = {p["id"]: p["title"] for p in export["parts"]}
    if flowset.has("profile"):
        parts["profile"] = flowset.flow("profile").title
    out = {}
    for f in export["findings"]:
        if f["kind"] in NOT_FINDINGS:
            continue
        severity = flowset.vocabulary.severity(f["severity"]).label if f["severity"] else ""
        out[f["id"]] = FindingRef(f["id"], parts.get(f["part"], f["part"] or ""), f["kind"], f["title"], severity)
    return out


def _finding_changes(
    old_flowset: FlowSet, flowset: FlowSet, before: dict[str, Any], after: dict[str, Any]
) -> tuple[FindingChange, ...]:
    old = {f["id"]: f for f in before["findings"] if f["kind"] not in NOT_FINDINGS}
    refs = _findings(flowset, after)
    changes = []
    for f in after["findings"]:
        was = old.get(f["id"])
        if was is None or f["kind"] in NOT_FINDINGS:
            continue
        fields = tuple(
            FieldChange(name, _value(old_flowset, name, was.get(name)), _value(flowset, name, f.get(name)))
            for name in COMPARED
            if was.get(name) != f.get(name)
        )
        if fields:
            changes.append(FindingChange(refs[f["id"]], fields))
    return tuple(changes)


def _value(flowset: FlowSet, name: str, value: Any) -> str:
    if name == "tags":
        return ", ".join(value or [])
    if name == "severity":
        return flowset.vocabulary.severity(value).label if value else ""
    return str(value or "")


def _counsel_unmatched(flowset: FlowSet, old: Session, before: dict[str, Any], after: dict[str, Any]) -> tuple[CounselEntry, ...]:
    """Counsel's entries in the older review (answers, dispositions, actions) whose finding is gone or changed."""
    titles = {f["id"]: f["title"] for f in before["findings"]}
    now = {f["id"]: f for f in after["findings"]}
    was = {f["id"]: f for f in before["findings"]}
    entries: list[tuple[str, str]] = []
    if old.counsel:
        entries += [(i, "answer") for i in old.counsel.answers]
        entries += [(i, "disposition") for i in old.counsel.risks]
    entries += [(i, "action") for i in old.actions if not i.startswith("counsel#")]
    out = []
    for finding_id, entry in entries:
        if finding_id not in now:
            reason = "gone"
        elif finding_id in was and any(was[finding_id].get(k) != now[finding_id].get(k) for k in COMPARED):
            reason = "changed"
        else:
            continue
        out.append(CounselEntry(finding_id, entry, titles.get(finding_id, finding_id), reason))
    return tuple(out)


def _template() -> Any:
    """templates/compare.txt, loaded on first use (jinja2 stays off the start path)."""
    from wizard.text_templates import plain_environment

    env = plain_environment(keep_trailing_newline=True)
    return env.get_template("compare.txt")


def render_text(diff: ReviewDiff) -> str:
    """The diff as plain text for a terminal or the window; the wording is templates/compare.txt."""
    from wizard.register import register_vocabulary

    return _template().render(d=diff, kinds=register_vocabulary().kinds)


def fresh_look(derived: Derived, set_aside: bool = True) -> str:
    """The notice on a review whose questions changed since it was answered ("" when none did).

    Reworded answers (their recorded fingerprint differs from the current
    question) and, with `set_aside`, answers the flows no longer accept; a
    change of help text only, or of the digest alone, says nothing. The
    wording is the `fresh_look` macro of templates/compare.txt.
    """
    aside = len(derived.set_aside) if set_aside else 0
    if not derived.reworded and not aside:
        return ""
    return str(_template().make_module().fresh_look(derived.reworded, aside)).strip()


def render(diff: ReviewDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(diff.to_json(), ensure_ascii=False, indent=2) + "\n"
    return render_text(diff)
