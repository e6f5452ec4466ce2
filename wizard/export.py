"""Exports of a review for other tools: JSON (every finding with counsel's entries) and ICS (no Qt).

Both read the same derived model as the report (`derive()`, counsel's part
included). The JSON lists findings as objects with named fields, so a later
finding kind or field is an addition a reader can ignore.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from wizard import __version__
from wizard.counsel_json import history_json
from wizard.counsel_view import CounselView, findings_of
from wizard.decision import Decision
from wizard.derive import Derived, derive
from wizard.findings import Cited, Finding, Findings, OpenQuestion
from wizard.flows import FlowSet
from wizard.fsio import write_private
from wizard.session import Session, SessionError

EXPORT_FORMAT = "bedrock-wizard-export"
EXPORT_VERSION = 1
FORMATS = ("json", "ics")  # one review each
REGISTER_FORMATS = ("csv", "xlsx")  # the findings register of one or many reviews (wizard.register)


class ExportError(ValueError):
    """An export that cannot be written; the message is one line naming the file."""


def export_json(flowset: FlowSet, session: Session) -> dict[str, Any]:
    """The review as plain data: status, counsel's decision, parts and every finding."""
    derived = derive(flowset, session)
    view = derived.counsel
    f = derived.findings
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "project": f.project,
        "use_case": f.use_case,
        "preparer": f.preparer,
        "terms": {"title": f.terms_title, "source": f.terms_source, "as_of": f.terms_as_of},
        "flows_digest": f.flows_digest,
        "session_id": session.id,
        "session_digest": hashlib.sha256(session.dumps().encode()).hexdigest(),
        "complete": derived.complete,
        "status": view.status,
        "decision": _decision(f.decision, f),
        "cover": view.cover_line,
        "counsel": _counsel(session, view),
        "review_by": view.review_by or None,
        "parts": [_part(derived, t) for t in view.terms],
        "findings": _findings(view, f.profile_questions),
        "set_aside": [s._asdict() for s in derived.set_aside],
    }


def _decision(decision: Decision, findings: Findings) -> dict[str, Any]:
    """The computed overall status (content's rules) and the findings that decide it."""
    return {
        "id": decision.id,
        "label": decision.label,
        "explain": findings.explain(decision),
        "deciding": list(decision.deciding),
    }


def _counsel(session: Session, view: CounselView) -> dict[str, Any] | None:
    counsel = session.counsel
    if counsel is None:
        return None
    decision = view.decision
    return {
        "decision": counsel.decision or None,
        "label": decision.label if decision else None,
        "reviewer": counsel.reviewer,
        "role": counsel.role,
        "date": counsel.date or None,
        "stale": view.stale,
        "changed_answers": [
            {"answer": c.key, "question": c.question, "change": c.change} for c in (decision.changed if decision else ())
        ],
        "conditions": [c.id for c in counsel.conditions],
        "history": [{**history_json(h), "label": e.event} for h, e in zip(counsel.history, view.history, strict=True)],
    }


def _part(derived: Derived, term: Any) -> dict[str, Any]:
    t = term.term
    return {
        "id": t.flow.id,
        "title": t.flow.title,
        "heading": t.heading,
        "progress": derived.part(t.flow.id).progress,
        "status": t.decision.id,
        "status_label": term.verdict,
        "obligations": len(t.obligations),
        "risks": {s.id: t.risk_count(s.id) for s in t.vocabulary.severities},
        "open_questions": term.open_count,
        "resolved_questions": term.resolved_count,
    }


def _findings(view: CounselView, profile_questions: list[OpenQuestion]) -> list[dict[str, Any]]:
    out = [
        _action_fields(
            view,
            {
                "id": c.id,
                "part": None,
                "kind": c.kind,
                "severity": None,
                "title": c.title,
                "text": c.text,
                "citation": None,
                "basis": [],
                "counsel": None,
            },
        )
        for c in view.conditions
    ]
    for term in view.terms:
        part = term.term.flow.id
        for finding in findings_of(term.term):
            out.append(_action_fields(view, {**_finding(finding, part), "counsel": _disposition(view, finding.id)}))
        for q in term.questions:
            out.append(
                _action_fields(
                    view,
                    {
                        **_question(q.question, part),
                        "counsel": {"answer": q.answer, "resolved": q.resolved} if q.answer or q.resolved else None,
                    },
                )
            )
    out += [{**_question(q, "profile"), "counsel": None, "action": None} for q in profile_questions]
    return out


def _finding(finding: Finding, part: str) -> dict[str, Any]:
    return {
        "id": finding.id,
        "part": part,
        "kind": finding.kind,
        "severity": finding.severity,
        "title": finding.title,
        "text": finding.text,
        "why": finding.why,
        "reduce": finding.reduce,
        "citation": _citation(finding.citation),
        "basis": [{"question": b.question, "answer": b.answer} for b in finding.basis],
        "tags": sorted(finding.tags),
    }


def _question(q: OpenQuestion, part: str) -> dict[str, Any]:
    return {
        "id": q.id,
        "part": part,
        "kind": "question",
        "severity": None,
        "origin": q.origin,
        "title": q.question,
        "text": q.text,
        "citation": _citation(q.citation) if q.citation else None,
        "basis": [],
        "note": q.note or None,
        "tags": sorted(q.tags),
    }


def _citation(cited: Cited) -> dict[str, Any]:
    return {
        "section": cited.section,
        "heading": cited.heading,
        "says": cited.says,
        "compare": [f"§{c}" for c in cited.compare],
        "no_compare": cited.no_compare or None,
    }


def _disposition(view: CounselView, finding_id: str) -> dict[str, Any] | None:
    risk = view.disposition(finding_id)
    if risk is None or not risk.disposition:
        return None
    return {"disposition": risk.disposition, "label": risk.label, "comment": risk.comment}


def _action_fields(view: CounselView, row: dict[str, Any]) -> dict[str, Any]:
    action = view.action(row["id"])
    row["action"] = {"owner": action.owner, "due": action.due or None} if action and (action.owner or action.due) else None
    return row


def render(flowset: FlowSet, session: Session, fmt: str) -> bytes:
    if fmt == "json":
        return (json.dumps(export_json(flowset, session), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "ics":
        from wizard.ics import calendar

        return calendar(flowset, session).encode("utf-8")
    raise ExportError(f"unknown export format '{fmt}' (formats: {', '.join(FORMATS)})")


def write_export(flowset: FlowSet, session: Session, fmt: str, target: Path) -> Path:
    """Write the export atomically, owner-only: it holds the same confidential facts as the session."""
    return _write(render(flowset, session, fmt), target)


def write_register(flowset: FlowSet, sessions: list[Session], fmt: str, target: Path) -> Path:
    """Write the findings register of these reviews (CSV or XLSX) atomically, owner-only."""
    from wizard.register import render_register

    if fmt not in REGISTER_FORMATS:
        raise ExportError(f"unknown register format '{fmt}' (formats: {', '.join(REGISTER_FORMATS)})")
    return _write(render_register(flowset, sessions, fmt), target)


def _write(data: bytes, target: Path) -> Path:
    try:
        write_private(Path(target), data)
    except SessionError as exc:
        raise ExportError(str(exc)) from None
    return Path(target)
