"""The one adapter content tests use to read findings from a scenario file.

Content tests assert on plain dicts (id, flow, kind, severity, tags, citation),
never on the report model's classes, so when the findings move to a new
derived model only this module changes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from wizard.conditions import tests_in
from wizard.decision import Decision, FindingFacts, decide, verdict
from wizard.derive import derive
from wizard.flows import PROFILE, FlowSet, load_flows
from wizard.graph import outcomes_for
from wizard.paths import flows_dir
from wizard.scenario import run_scenario

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@cache
def shipped() -> FlowSet:
    return load_flows(flows_dir())


@cache
def _findings(path: Path) -> tuple[dict, ...]:
    flowset = shipped()
    derived = derive(flowset, run_scenario(flowset, path))
    built = {t.flow.id: t for t in derived.findings.terms}
    profile = derived.part(PROFILE).answers
    found: list[dict] = []
    for flow in flowset.term_flows:
        for o in outcomes_for(flow, derived.part(flow.id).answers, profile):
            found.append(
                {
                    "id": f"{flow.id}.{o.id}",
                    "flow": flow.id,
                    "kind": o.kind,
                    "severity": o.severity,
                    "tags": frozenset(o.tags),
                    "title": o.title,
                    "text": " ".join((o.text, o.why, o.reduce)),
                    "citation": {"section": o.cite.section, "compare": o.cite.compare, "no_compare": o.cite.no_compare},
                    "reads": frozenset(f"{t.ref.flow or flow.id}.{t.ref.question}" for t in tests_in(o.when)),
                }
            )
        rules = {f"{r.part}.{r.id}" for r in flowset.terms.consistency}
        for q in built[flow.id].open_questions:
            if q.id in rules:  # answers in two parts that cannot both hold
                found.append(
                    {
                        "id": q.id,
                        "flow": flow.id,
                        "kind": "question",
                        "severity": None,
                        "tags": q.tags,
                        "title": q.question,
                        "text": q.text,
                        "citation": None,
                        "reads": frozenset(),
                    }
                )
            if q.origin == "unsure":
                found.append(_open_question(flow.id, q.question, q.text))
            if q.origin == "note":  # a note the team marked "ask counsel"
                found.append({**_open_question(flow.id, q.question, q.text), "id": q.id})
    for q in derived.findings.profile_questions:  # "I don't know" in the profile that no part's question covers
        found.append(_open_question(PROFILE, q.question, q.text))
    return tuple(found)


def _open_question(flow: str, question: str, text: str) -> dict:
    """An "I don't know" answer (or a note marked "ask counsel"), an open question for counsel."""
    return {
        "id": f"{flow}.unsure:{question}",
        "flow": flow,
        "kind": "question",
        "severity": None,
        "tags": frozenset(),
        "title": question,
        "text": text,
        "citation": None,
        "reads": frozenset(),
    }


def findings_for(path: Path) -> list[dict]:
    """Every finding the scenario's answers give, each a plain dict."""
    return [dict(f) for f in _findings(path)]


def _facts(findings: list[dict]) -> list[FindingFacts]:
    return [FindingFacts(f["id"], f["flow"], f["kind"], f["severity"], f["tags"]) for f in findings]


@cache
def _derived(path: Path):  # noqa: ANN202
    flowset = shipped()
    return derive(flowset, run_scenario(flowset, path))


def decision_for(path: Path) -> Decision:
    """The overall decision for the scenario, as the report, review page and export state it."""
    decision = _derived(path).findings.decision
    rules = decide(shipped().vocabulary, _facts(findings_for(path)))
    assert decision.id == rules.id, f"the product ({decision.id}) and the rules ({rules.id}) agree"
    return decision


def verdicts_for(path: Path) -> dict[str, Decision]:
    """The verdict of each part (term flows), as the report and review page show it."""
    findings = findings_for(path)
    shown = {t.flow.id: t.decision for t in _derived(path).findings.terms}
    for flow in shipped().term_flows:
        rules = verdict(shipped().vocabulary, _facts([f for f in findings if f["flow"] == flow.id]))
        assert shown[flow.id].id == rules.id, f"{flow.id}: the product and the rules agree"
    return shown


def by_id(path: Path) -> dict[str, dict]:
    return {f["id"]: f for f in findings_for(path)}


def derived_for(path: Path):  # noqa: ANN201
    """The derived review of a scenario (steps with their notes), for tests that read answers, not findings."""
    return _derived(path)
