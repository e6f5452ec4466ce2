"""Wording rules for findings, which are legal statements: checked with the schema (no Qt).

Two mistakes recur whenever content is written: advice, risks and questions
worded as duties of the terms ("you must", "the terms require") where no term
puts that duty on the customer, and section letters in the prose that the
public Commercial Terms do not have or that the finding's own citation does
not name. Both are mechanical enough to refuse at `file:line`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wizard.flows import Flow, Outcome, Problem, PublicTerms, Question, Terms

# A duty put on the reader, or attributed to the terms themselves. Only an
# obligation, which names the duty it rests on (`duty:`), may word itself so;
# "the public Commercial Terms require ..." reports what those terms say and
# is not refused.
DUTY_WORDS = re.compile(
    r"\b(?:you (?:must|shall|have to|are required to|will need to|need to)"
    r"|(?:the|these) (?:terms|summary|clause) (?:requires?|obliges?)"
    r"|the (?:customer|organisation) must|your organisation must)\b"
)  # matched against lower-cased text, and only where one of these is in it (the check runs at every start)
_DUTY_HINTS = ("you ", "terms ", "summary ", "clause ", "customer must", "organisation must")
_DUTY_VERBS = ("must", "shall", "have to", "required", "need to", "requir", "oblig")
# "§K.3(c)" in prose: a section letter, a number, a lettered item.
SECTION_REF = re.compile(r"§\s?([A-Z](?:\.\d+)?(?:\([a-z]\))?)")


def _prose(o: Outcome) -> str:
    return " ".join(" ".join((o.title, o.text, o.why, o.reduce)).split())


def _base(ref: str) -> str:
    return ref.split("(", 1)[0]


def duty_words(o: Outcome, prose: str | None = None) -> list[str]:
    """The duty phrases a non-obligation outcome uses (empty for an obligation)."""
    if o.kind == "obligation":
        return []
    return _duty_phrases(_prose(o) if prose is None else prose)


def _duty_phrases(text: str) -> list[str]:
    lowered = text.lower()
    if not any(v in lowered for v in _DUTY_VERBS) or not any(h in lowered for h in _DUTY_HINTS):
        return []
    same = len(lowered) == len(text)  # quote the text's own words where lower-casing kept its length
    return [text[m.start() : m.end()] if same else m.group(0) for m in DUTY_WORDS.finditer(lowered)]


def _outcome_problems(flow: Flow, o: Outcome, public: PublicTerms | None) -> list[Problem]:
    prose = _prose(o)
    found = [
        Problem(
            flow.path,
            o.line,
            f"outcome '{o.id}' is a {o.kind} but says '{phrase}': only an obligation, which rests on a duty "
            "of the terms, is worded as one; say 'we recommend', 'consider' or what the terms say instead",
        )
        for phrase in dict.fromkeys(duty_words(o, prose))
    ]
    cited = {_base(ref) for ref in o.cite.compare}
    for ref in dict.fromkeys(SECTION_REF.findall(prose)):
        if public is None or _base(ref) not in public.sections:
            message = f"outcome '{o.id}' refers to §{ref}, which 'public_terms' sections do not list"
            found.append(Problem(flow.path, o.line, message))
        elif _base(ref) not in cited:
            names = ", ".join(f"§{c}" for c in o.cite.compare) or "nothing"
            found.append(
                Problem(
                    flow.path,
                    o.line,
                    f"outcome '{o.id}' refers to §{ref} in its text, but its citation compares with {names}; "
                    "add it to 'compare' or correct the reference",
                )
            )
    return found


def _question_texts(q: Question) -> Iterable[str]:
    yield q.text
    yield q.help
    for c in q.choices:
        yield c.label
        yield c.counsel or ""


def _question_problems(flow: Flow, q: Question, public: PublicTerms | None) -> list[Problem]:
    refs = dict.fromkeys(ref for text in _question_texts(q) for ref in SECTION_REF.findall(text))
    return [
        Problem(flow.path, q.line, f"question '{q.id}' refers to §{ref}, which 'public_terms' sections do not list")
        for ref in refs
        if public is None or _base(ref) not in public.sections
    ]


def consistency_wording(terms: Terms, path: str) -> list[Problem]:
    """A consistency rule raises an open question: it is never worded as a duty of the terms either."""
    found = []
    for rule in terms.consistency:
        for phrase in dict.fromkeys(_duty_phrases(" ".join(f"{rule.title} {rule.text}".split()))):
            found.append(
                Problem(path, rule.line, f"consistency rule '{rule.id}' says '{phrase}': it raises a question, not a duty")
            )
    return found


def wording_problems(flow: Flow, terms: Terms) -> list[Problem]:
    """Duty words outside obligations, and section letters that are not cited or do not exist."""
    found: list[Problem] = []
    for q in flow.questions.values():
        found += _question_problems(flow, q, terms.public_terms)
    for o in flow.outcomes:
        found += _outcome_problems(flow, o, terms.public_terms)
    return found
