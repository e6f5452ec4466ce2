"""The one-paragraph bottom line of a review, for e-mail (no Qt).

Counsel's decision (or the preliminary status), the counts, the most serious
risks and the questions that block, read from `derive()` (counsel's part
included); the wording is `templates/summary.txt`.
"""

from __future__ import annotations

import re

from wizard.bidi import isolate
from wizard.counsel_view import QuestionView
from wizard.derive import derive
from wizard.flows import FlowSet
from wizard.session import Session
from wizard.text_templates import plain_environment

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
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
    env = plain_environment(finalize=plain)  # every value printed: no terminal control, its direction isolated
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


def plain(value: object) -> object:
    """A value safe to print on a terminal or paste in an e-mail.

    Control characters (an escape sequence could clear the screen or retitle
    the terminal) become visible symbols (␛) or U+FFFD; user text is isolated
    so a right-to-left override cannot reorder the rest of the paragraph.
    """
    if not isinstance(value, str):
        return value
    return isolate(_CONTROLS.sub(_symbol, value))


def _symbol(match: re.Match[str]) -> str:
    char = match.group()
    if char < " ":
        return " " if char in "\t\n\r" else chr(0x2400 + ord(char))  # the Control Pictures block
    return "\u2421" if char == "\x7f" else "\ufffd"


def _headline(item: QuestionView) -> str:
    """What an open question asks, in one phrase: the flow's question, or what the team could not answer."""
    question = item.question
    return question.question if question.origin == "flow" else question.text
