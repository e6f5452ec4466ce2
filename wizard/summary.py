"""The one-paragraph bottom line of a review, for e-mail (no Qt).

Counsel's decision (or the preliminary status), the counts, the most serious
risks and the questions that block, read from `derive()` (counsel's part
included); the wording is `templates/summary.txt`.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from wizard.counsel_view import QuestionView
from wizard.derive import derive
from wizard.flows import FlowSet
from wizard.paths import templates_dir
from wizard.session import Session

TOP_RISKS = 3
BLOCKING_LISTED = 5


def summary(flowset: FlowSet, session: Session) -> str:
    """One paragraph of plain text; the session is not changed."""
    derived = derive(flowset, session)
    view = derived.counsel
    findings = derived.findings
    rank = findings.vocabulary.rank
    top = sorted((r for t in view.terms for r in t.risks), key=lambda r: rank(r.risk.severity))[:TOP_RISKS]
    blocking = [_headline(q) for _, q in view.open_questions]
    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False,  # noqa: S701 - plain text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    text = env.get_template("summary.txt").render(
        f=findings,
        c=view,
        open_count=derived.open_count,
        obligations=findings.total("obligations"),
        risks=findings.total("risks"),
        by_severity=[(s.label.lower(), findings.risk_count(s.id)) for s in findings.severities if findings.risk_count(s.id)],
        top=top,
        blocking=blocking[:BLOCKING_LISTED],
        more=max(0, len(blocking) - BLOCKING_LISTED),
    )
    return " ".join(text.split())


def _headline(item: QuestionView) -> str:
    """What an open question asks, in one phrase: the flow's question, or what the team could not answer."""
    question = item.question
    return question.question if question.origin == "flow" else question.text
