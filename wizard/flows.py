"""Flow files -> immutable, validated data (no Qt).

Schema problems are collected, not raised one at a time, so `bedrock-wizard
check` can list every `file:line: message` in one run. Graph rules (reachability,
cycles, satisfiable outcomes) live in `wizard.graph`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wizard.conditions import TESTS, All, Any_, Condition, Not, Ref, Test, tests_in
from wizard.session import MAX_ANSWER_CHARS, MAX_ID
from wizard.vocabulary import Vocabulary, parse_vocabulary
from wizard.yamllines import LineDict, LineList

END = "end"
ID = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("single", "multi", "text")
# obligation: a duty a term puts on the customer (names it with `duty:`); recommendation: good practice.
OUTCOME_KINDS = ("obligation", "recommendation", "risk", "protection", "question")
PROFILE = "profile"
ROLES = ("title", "use_case", "preparer")  # profile answers the cover, the title bar and file names use
# "compare §X" of the public Commercial Terms: a section letter, a number, a lettered item: B, E.2, K.3(c)
COMPARE = re.compile(r"^[A-Z](\.[0-9]+)?(\([a-z]\))?$")


@dataclass(frozen=True)
class Problem:
    """One finding of the checker; `str()` is the one-line user message."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:  # one line even when a file name holds a line break
        return f"{self.path}:{self.line}: {self.message}".replace("\r", "\\r").replace("\n", "\\n")


class FlowError(Exception):
    """Flows that cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        super().__init__(str(self.problems[0]) if self.problems else "invalid flows")


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    unsure: bool = False
    counsel: str | None = None


@dataclass(frozen=True)
class Rule:
    goto: str
    condition: Condition | None = None
    line: int = 0


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    help: str = ""
    choices: tuple[Choice, ...] = ()
    exclusive: frozenset[str] = frozenset()
    required: bool = True
    max_length: int = 2000
    next: tuple[Rule, ...] = ()
    line: int = 0
    role: str | None = None  # profile records the app itself shows: title, use_case, preparer
    asserts: str = ""  # a fact another part may also assert; a consistency rule must compare them

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def unsure_choices(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.unsure)


@dataclass(frozen=True)
class Citation:
    """The summary part a finding rests on, and where counsel finds the matching public clause.

    `compare` holds section references of the public Commercial Terms ("compare
    §K.3(c)"), never a clause number of the customer's own contract; where those
    terms have no matching clause, `no_compare` says why.
    """

    section: str
    says: str
    compare: tuple[str, ...] = ()
    no_compare: str = ""


@dataclass(frozen=True)
class Outcome:
    id: str
    kind: str
    title: str
    text: str
    cite: Citation
    severity: str | None = None
    why: str = ""
    reduce: str = ""
    when: Condition | None = None
    duty: tuple[str, ...] = ()  # obligation: the duties ("section.duty") it rests on; question: whose application it leaves open
    tags: tuple[str, ...] = ()  # ids from the vocabulary's tags, read by the decision rules
    line: int = 0
    when_line: int = 0
    cite_line: int = 0
    duty_line: int = 0
    tags_line: int = 0
    severity_line: int = 0


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    role: str
    start: str
    questions: Mapping[str, Question]
    outcomes: tuple[Outcome, ...]
    section: str | None = None
    intro: str = ""
    path: str = ""

    def question(self, question_id: str) -> Question:
        return self.questions[question_id]


@dataclass(frozen=True)
class Duty:
    """A duty a term puts on the customer, paraphrased; obligations must name one."""

    id: str
    says: str


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    clause: str
    compare: tuple[str, ...] = ()  # default cross-reference for citations of this section
    no_compare: str = ""
    duties: tuple[Duty, ...] = ()
    in_summary: bool = True  # false: a part about what the summary leaves out
    line: int = 0

    def duty(self, duty_id: str) -> Duty | None:
        return next((d for d in self.duties if d.id == duty_id), None)


@dataclass(frozen=True)
class PublicTerms:
    """The public Commercial Terms that "compare §X" points into, and the caveat that goes with them."""

    title: str
    version: str
    caveat: str
    sections: Mapping[str, str]  # "K.3" -> what it covers
    parties: str = ""  # which Anthropic entity the customer contracts with


@dataclass(frozen=True)
class Consistency:
    """Answers in different parts that cannot both hold: when `when` holds, the team must say which does.

    A part's `next` rules and outcomes read only its own answers (and the
    profile's), so answers given in two parts are compared here, on the final
    answers, and raise an open question in `part`.
    """

    id: str
    part: str
    title: str
    text: str
    when: Condition
    line: int = 0


@dataclass(frozen=True)
class Terms:
    title: str
    source: str
    as_of: str
    order: tuple[str, ...]
    sections: Mapping[str, Section]
    public_terms: PublicTerms | None = None
    vocabulary: Vocabulary | None = None
    consistency: tuple[Consistency, ...] = ()


@dataclass(frozen=True)
class FlowSet:
    """All flows of one review, in interview order, plus what they cite."""

    terms: Terms
    flows: tuple[Flow, ...]
    digest: str
    directory: str = ""
    _by_id: dict[str, Flow] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update((f.id, f) for f in self.flows)

    def flow(self, flow_id: str) -> Flow:
        return self._by_id[flow_id]

    def has(self, flow_id: str) -> bool:
        return flow_id in self._by_id

    @property
    def term_flows(self) -> tuple[Flow, ...]:
        return tuple(f for f in self.flows if f.role == "term")

    @property
    def vocabulary(self) -> Vocabulary:
        assert self.terms.vocabulary is not None  # read_flows refuses terms without one
        return self.terms.vocabulary

    def unsure_covered(self, flow_id: str, outcome: Outcome) -> frozenset[tuple[str, str]]:
        """The (flow, question) "I don't know" answers a question outcome speaks for.

        Content gives every deciding "I don't know" its own `question` outcome
        (what cannot be assessed yet and what counsel must answer). When that
        outcome applies, the generic open question for the same unsure answer
        would repeat it; the note on the answer belongs with this outcome.
        """
        if outcome.kind != "question":
            return frozenset()
        covered: set[tuple[str, str]] = set()

        def visit(cond: Condition | None, negated: bool) -> None:
            if isinstance(cond, Not):
                visit(cond.part, not negated)
            elif isinstance(cond, (All, Any_)):
                for part in cond.parts:
                    visit(part, negated)
            elif isinstance(cond, Test) and not negated and cond.op in ("is", "in", "includes"):
                owner = self.flow(cond.ref.flow or flow_id)
                question = owner.questions.get(cond.ref.question)
                values = cond.operand if cond.op == "in" else (cond.operand,)
                if question is not None and set(values) & question.unsure_choices:  # type: ignore[arg-type]
                    covered.add((owner.id, question.id))

        visit(outcome.when, False)
        return frozenset(covered)

    def profile_role(self, role: str) -> str | None:
        """The profile question that holds a role (see ROLES), if the profile has one."""
        profile = self._by_id.get(PROFILE)
        return next((q.id for q in profile.questions.values() if q.role == role), None) if profile else None


class _Reader:
    """Schema checks over one YAML document, collecting problems."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems

    def err(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.err(line, f"{what} must be a mapping")
        return None

    def keys(self, data: LineDict, required: Iterable[str], optional: Iterable[str], what: str) -> None:
        allowed = set(required) | set(optional)
        for key in data:
            if key not in allowed:
                self.err(data.line_of(key), f"unknown key '{key}' in {what}")
        for key in required:
            if key not in data:
                self.err(data.line, f"{what} is missing '{key}'")

    def text(self, data: LineDict, key: str, what: str, default: str | None = None) -> str:
        if key not in data:
            return default or ""
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.err(data.line_of(key), f"'{key}' of {what} must be non-empty text")
            return ""
        return value.strip()

    def ident(self, data: LineDict, key: str, what: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not ID.match(value) or len(value) > MAX_ID:
            if key in data:
                shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
                self.err(
                    data.line_of(key), f"'{key}' of {what} must be an id like 'my_id' of at most {MAX_ID} characters, got {shown}"
                )
            return ""
        return value


MAX_CONDITION_DEPTH = 12  # all/any/not inside each other; real rules use two or three


def _condition(r: _Reader, raw: Any, line: int, depth: int = 1) -> Condition | None:
    if depth > MAX_CONDITION_DEPTH:
        r.err(line, f"conditions nested more than {MAX_CONDITION_DEPTH} deep; simplify the rule")
        return None
    if not isinstance(raw, LineDict) or len(raw) != (2 if "answer" in raw else 1):
        r.err(line, "a condition is {answer: q, is|in|includes|answered: ...} or {all|any: [...]} or {not: ...}")
        return None
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        items = raw[key]
        if not isinstance(items, LineList) or not items:
            r.err(raw.line_of(key), f"'{key}' takes a non-empty list of conditions")
            return None
        parts = tuple(_condition(r, item, items.line_of(i), depth + 1) for i, item in enumerate(items))
        if any(p is None for p in parts):
            return None
        return All(parts) if key == "all" else Any_(parts)  # type: ignore[arg-type]
    if "not" in raw:
        part = _condition(r, raw["not"], raw.line_of("not"), depth + 1)
        return Not(part) if part is not None else None
    if "answer" not in raw:
        r.err(line, f"unknown condition '{next(iter(raw))}'")
        return None
    return _test(r, raw)


def _test(r: _Reader, raw: LineDict) -> Test | None:
    """`{answer: q, is|in|includes|answered: ...}`."""
    op = next(k for k in raw if k != "answer")
    if op not in TESTS:
        r.err(raw.line_of(op), f"unknown test '{op}' (expected one of: {', '.join(TESTS)})")
        return None
    ref, operand = raw["answer"], raw[op]
    if not isinstance(ref, str) or not all(ID.match(p) for p in ref.split(".", 1)):
        r.err(raw.line_of("answer"), f"'answer' must name a question, got {ref!r}")
        return None
    if op == "in":
        if not isinstance(operand, LineList) or not operand or not all(isinstance(v, str) for v in operand):
            r.err(raw.line_of(op), "'in' takes a non-empty list of choice ids")
            return None
        operand = tuple(operand)
    elif op == "answered":
        if not isinstance(operand, bool):
            r.err(raw.line_of(op), "'answered' takes true or false")
            return None
    elif not isinstance(operand, str):
        r.err(raw.line_of(op), f"'{op}' takes a choice id")
        return None
    return Test(Ref.parse(ref), op, operand)


def _choices(r: _Reader, q: LineDict, what: str) -> tuple[Choice, ...]:
    raw = q.get("choices")
    if not isinstance(raw, LineList) or len(raw) < 2:
        r.err(q.line_of("choices"), f"{what} needs 'choices': a list of at least two")
        return ()
    result: list[Choice] = []
    for i, item in enumerate(raw):
        c = r.mapping(item, raw.line_of(i), f"choice {i + 1} of {what}")
        if c is None:
            continue
        cwhat = f"choice {c.get('id', i + 1)!s} of {what}"
        r.keys(c, ("id", "label"), ("unsure", "counsel"), cwhat)
        cid = r.ident(c, "id", cwhat)
        if cid and any(x.id == cid for x in result):
            r.err(c.line_of("id"), f"duplicate choice id '{cid}' in {what}")
        unsure = c.get("unsure", False)
        if not isinstance(unsure, bool):
            r.err(c.line_of("unsure"), f"'unsure' of {cwhat} must be true or false")
        if "counsel" in c and not unsure:
            r.err(c.line_of("counsel"), f"'counsel' only goes on an unsure choice ({cwhat})")
        result.append(Choice(cid, r.text(c, "label", cwhat), bool(unsure), r.text(c, "counsel", cwhat) or None))
    return tuple(result)


def _next(r: _Reader, q: LineDict, what: str) -> tuple[Rule, ...]:
    raw = q.get("next")
    if isinstance(raw, str):
        return (Rule(raw, None, q.line_of("next")),)
    if not isinstance(raw, LineList) or not raw:
        r.err(q.line_of("next"), f"'next' of {what} must be a question id, 'end', or a list of rules")
        return ()
    rules: list[Rule] = []
    for i, item in enumerate(raw):
        rule = r.mapping(item, raw.line_of(i), f"rule {i + 1} of 'next' in {what}")
        if rule is None:
            continue
        r.keys(rule, ("goto",), ("if",), f"rule {i + 1} of 'next' in {what}")
        goto = rule.get("goto")
        if not isinstance(goto, str):
            continue
        cond = None
        if "if" in rule:
            cond = _condition(r, rule["if"], rule.line_of("if"))
        elif i != len(raw) - 1:
            r.err(rule.line, f"only the last rule of 'next' in {what} may lack 'if'")
        rules.append(Rule(goto, cond, rule.line))
    if rules and raw and isinstance(raw[-1], LineDict) and "if" in raw[-1]:
        r.err(raw.line_of(len(raw) - 1), f"the last rule of 'next' in {what} must have no 'if' (the default)")
    return tuple(rules)


def _role(r: _Reader, q: LineDict, kind: str, what: str) -> str | None:
    role = q.get("role")
    if role is None:
        return None
    if role not in ROLES:
        r.err(q.line_of("role"), f"'role' of {what} must be one of: {', '.join(ROLES)}")
        return None
    if kind != "text":
        r.err(q.line_of("role"), f"'role' is for text questions only ({what})")
    return str(role)


def _exclusive(r: _Reader, q: LineDict, kind: str, choices: tuple[Choice, ...], what: str) -> frozenset[str]:
    raw = q["exclusive"]
    if kind != "multi":
        r.err(q.line_of("exclusive"), f"'exclusive' is for multi questions only ({what})")
    elif not isinstance(raw, LineList) or not all(isinstance(x, str) for x in raw):
        r.err(q.line_of("exclusive"), f"'exclusive' of {what} must be a list of choice ids")
    else:
        known = {c.id for c in choices}
        for x in raw:
            if x not in known:
                r.err(q.line_of("exclusive"), f"'exclusive' of {what} names unknown choice '{x}'")
        return frozenset(raw)
    return frozenset()


def _question(r: _Reader, q: LineDict) -> Question | None:
    what = f"question '{q.get('id', '?')}'"
    optional = ("help", "choices", "exclusive", "required", "max_length", "role", "asserts")
    r.keys(q, ("id", "text", "kind", "next"), optional, what)
    qid = r.ident(q, "id", what)
    kind = q.get("kind")
    if kind not in KINDS:
        r.err(q.line_of("kind"), f"'kind' of {what} must be one of: {', '.join(KINDS)}")
        kind = "single"
    choices: tuple[Choice, ...] = ()
    exclusive: frozenset[str] = frozenset()
    if kind == "text":
        for key in ("choices", "exclusive"):
            if key in q:
                r.err(q.line_of(key), f"a text question takes no '{key}' ({what})")
    else:
        choices = _choices(r, q, what)
        for key in ("required", "max_length"):
            if key in q:
                r.err(q.line_of(key), f"'{key}' is for text questions only ({what})")
    if "exclusive" in q:
        exclusive = _exclusive(r, q, kind, choices, what)
    required = q.get("required", True)
    if not isinstance(required, bool):
        r.err(q.line_of("required"), f"'required' of {what} must be true or false")
    max_length = q.get("max_length", 2000)
    if not isinstance(max_length, int) or isinstance(max_length, bool) or not 1 <= max_length <= MAX_ANSWER_CHARS:
        r.err(
            q.line_of("max_length"),
            f"'max_length' of {what} must be a whole number from 1 to {MAX_ANSWER_CHARS:,} (the most a session stores)",
        )
        max_length = 2000
    return Question(
        id=qid,
        text=r.text(q, "text", what),
        kind=kind,
        help=r.text(q, "help", what, ""),
        choices=choices,
        exclusive=exclusive,
        required=bool(required),
        max_length=max_length,
        next=_next(r, q, what),
        line=q.line,
        role=_role(r, q, kind, what),
        asserts=r.ident(q, "asserts", what) if "asserts" in q else "",
    )


def _ids(r: _Reader, data: LineDict, key: str, what: str, pattern: re.Pattern[str], form: str) -> tuple[str, ...]:
    """An id or a list of ids under `key`, each matching `pattern`."""
    if key not in data:
        return ()
    raw = data[key]
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        r.err(data.line_of(key), f"'{key}' of {what} takes {form} or a list of them")
        return ()
    for v in values:
        if not pattern.match(v):
            r.err(data.line_of(key), f"'{key}' of {what}: '{v}' is not {form}")
    return tuple(values)


DUTY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def _citation(r: _Reader, cite: LineDict, section: str | None, what: str) -> Citation:
    r.keys(cite, ("says",), ("section", "compare", "no_compare"), what)
    compare = _ids(r, cite, "compare", what, COMPARE, "a section of the public terms like 'K.3(c)'")
    no_compare = r.text(cite, "no_compare", what, "")
    if compare and no_compare:
        r.err(cite.line_of("no_compare"), f"{what} gives both 'compare' and 'no_compare'; keep one")
    citation = Citation(str(cite.get("section", section or "")), r.text(cite, "says", what), compare, no_compare)
    if not citation.section:
        r.err(cite.line, f"{what} needs a 'section' (a profile flow has none by default)")
    return citation


def _outcome(r: _Reader, o: LineDict, section: str | None) -> Outcome | None:
    what = f"outcome '{o.get('id', '?')}'"
    kind = o.get("kind")
    required = ["id", "kind", "title", "cite"]
    optional = ["when", "tags"]
    if kind == "risk":
        required += ["severity", "why", "reduce"]
        optional += ["text"]
    else:
        required += ["text"]
    if kind == "obligation" and "duty" not in o:
        r.err(
            o.line,
            f"{what} is an obligation but names no customer duty ('duty: section.duty'); "
            "advice that no term requires is a 'recommendation'",
        )
    if kind not in ("obligation", "question") and "duty" in o:
        r.err(o.line_of("duty"), f"'duty' goes only on an obligation or a question ({what} is a {kind})")
    optional += ["duty"]
    r.keys(o, required, optional, what)
    if kind not in OUTCOME_KINDS:
        r.err(o.line_of("kind"), f"'kind' of {what} must be one of: {', '.join(OUTCOME_KINDS)}")
    severity = o.get("severity")
    if kind == "risk" and (not isinstance(severity, str) or not ID.match(severity)):
        r.err(o.line_of("severity"), f"'severity' of {what} must be a severity id from the vocabulary")
    cite = r.mapping(o.get("cite"), o.line_of("cite"), f"'cite' of {what}") if "cite" in o else None
    citation = _citation(r, cite, section, f"'cite' of {what}") if cite is not None else Citation(section or "", "")
    when = _condition(r, o["when"], o.line_of("when")) if "when" in o else None
    return Outcome(
        id=r.ident(o, "id", what),
        kind=str(kind),
        title=r.text(o, "title", what),
        text=r.text(o, "text", what, ""),
        cite=citation,
        severity=severity if kind == "risk" and isinstance(severity, str) else None,
        why=r.text(o, "why", what, ""),
        reduce=r.text(o, "reduce", what, ""),
        when=when,
        duty=_ids(r, o, "duty", what, DUTY, "a duty like 'confidentiality.need_to_know'"),
        tags=_ids(r, o, "tags", what, ID, "a tag id"),
        line=o.line,
        when_line=o.line_of("when"),
        cite_line=o.line_of("cite"),
        duty_line=o.line_of("duty"),
        tags_line=o.line_of("tags"),
        severity_line=o.line_of("severity"),
    )


def _questions(r: _Reader, root: LineDict) -> dict[str, Question]:
    questions: dict[str, Question] = {}
    raw_questions = root.get("questions")
    if not isinstance(raw_questions, LineList) or not raw_questions:
        r.err(root.line_of("questions"), "'questions' must be a non-empty list")
        raw_questions = LineList()
    for i, item in enumerate(raw_questions):
        q = r.mapping(item, raw_questions.line_of(i), f"question {i + 1}")
        question = _question(r, q) if q is not None else None
        if question is None or not question.id:
            continue
        if question.id in questions or question.id == END:
            r.err(question.line, f"duplicate or reserved question id '{question.id}'")
            continue
        questions[question.id] = question
    return questions


def _outcomes(r: _Reader, root: LineDict, section: str | None) -> list[Outcome]:
    outcomes: list[Outcome] = []
    raw_outcomes = root.get("outcomes", LineList())
    if not isinstance(raw_outcomes, LineList):
        r.err(root.line_of("outcomes"), "'outcomes' must be a list")
        raw_outcomes = LineList()
    for i, item in enumerate(raw_outcomes):
        o = r.mapping(item, raw_outcomes.line_of(i), f"outcome {i + 1}")
        outcome = _outcome(r, o, section) if o is not None else None
        if outcome is None:
            continue
        if outcome.id and any(x.id == outcome.id for x in outcomes):
            r.err(outcome.line, f"duplicate outcome id '{outcome.id}'")
        outcomes.append(outcome)
    return outcomes


def parse_flow(data: Any, path: Path, problems: list[Problem]) -> Flow | None:
    """Schema-check one flow document; append problems, return the flow if usable."""
    r = _Reader(path, problems)
    before = len(problems)
    root = r.mapping(data, 1, "a flow file")
    if root is None:
        return None
    r.keys(root, ("id", "title", "role", "start", "questions"), ("section", "intro", "outcomes"), "the flow")
    fid = r.ident(root, "id", "the flow")
    if fid and fid != path.stem:
        r.err(root.line_of("id"), f"flow id '{fid}' must match the file name '{path.stem}'")
    role = root.get("role")
    if role not in ("term", "profile"):
        r.err(root.line_of("role"), "'role' must be 'term' or 'profile'")
    section = root.get("section")
    if role == "term" and not isinstance(section, str):
        r.err(root.line_of("section"), "a term flow needs 'section': a key of terms.yaml sections")
    if role == "profile" and section is not None:
        r.err(root.line_of("section"), "the profile flow cites no section")
    questions = _questions(r, root)
    outcomes = _outcomes(r, root, section if isinstance(section, str) else None)
    flow = Flow(
        id=fid,
        title=r.text(root, "title", "the flow"),
        role=str(role),
        start=str(root.get("start", "")),
        questions=questions,
        outcomes=tuple(outcomes),
        section=section if isinstance(section, str) else None,
        intro=r.text(root, "intro", "the flow", ""),
        path=str(path),
    )
    return flow if len(problems) == before else None


def _section(r: _Reader, key: str, s: LineDict) -> Section:
    what = f"section '{key}'"
    r.keys(s, ("heading", "clause"), ("compare", "no_compare", "duties", "in_summary"), what)
    compare = _ids(r, s, "compare", what, COMPARE, "a section of the public terms like 'K.3(c)'")
    no_compare = r.text(s, "no_compare", what, "")
    if compare and no_compare:
        r.err(s.line_of("no_compare"), f"{what} gives both 'compare' and 'no_compare'; keep one")
    in_summary = s.get("in_summary", True)
    if not isinstance(in_summary, bool):
        r.err(s.line_of("in_summary"), f"'in_summary' of {what} must be true or false")
    duties: list[Duty] = []
    raw = s.get("duties", LineList())
    if not isinstance(raw, LineList):
        r.err(s.line_of("duties"), f"'duties' of {what} must be a list of {{id, says}}")
        raw = LineList()
    if raw and in_summary is False:
        r.err(s.line_of("duties"), f"{what} is not part of the summary, so no obligation may rest on it: list no 'duties'")
    for i, item in enumerate(raw):
        d = r.mapping(item, raw.line_of(i), f"duty {i + 1} of {what}")
        if d is None:
            continue
        r.keys(d, ("id", "says"), (), f"duty {i + 1} of {what}")
        did = r.ident(d, "id", f"duty {i + 1} of {what}")
        if did and any(x.id == did for x in duties):
            r.err(d.line_of("id"), f"duplicate duty '{did}' in {what}")
        duties.append(Duty(did, r.text(d, "says", f"duty '{did}' of {what}")))
    return Section(
        key,
        r.text(s, "heading", what),
        r.text(s, "clause", what),
        compare,
        no_compare,
        tuple(duties),
        in_summary is not False,
        s.line,
    )


def _public_terms(r: _Reader, raw: Any, line: int) -> PublicTerms | None:
    p = r.mapping(raw, line, "'public_terms'")
    if p is None:
        return None
    r.keys(p, ("title", "version", "caveat", "sections"), ("parties",), "'public_terms'")
    sections: dict[str, str] = {}
    raw_sections = p.get("sections")
    if not isinstance(raw_sections, LineDict) or not raw_sections:
        r.err(p.line_of("sections"), "'sections' of 'public_terms' must map section references (B, K.3) to subjects")
    else:
        for key in raw_sections:
            if not COMPARE.match(str(key)) or "(" in str(key):
                r.err(raw_sections.line_of(key), f"'{key}' is not a section reference like 'B' or 'K.3'")
            sections[str(key)] = r.text(raw_sections, key, "'public_terms' sections")
    return PublicTerms(
        r.text(p, "title", "'public_terms'"),
        r.text(p, "version", "'public_terms'"),
        r.text(p, "caveat", "'public_terms'"),
        sections,
        r.text(p, "parties", "'public_terms'") if "parties" in p else "",
    )


def _consistency(r: _Reader, root: LineDict) -> tuple[Consistency, ...]:
    """`consistency:` rules, each {id, part, title, text, when} with answers named as `part.question`."""
    raw = root.get("consistency", LineList())
    if not isinstance(raw, LineList):
        r.err(root.line_of("consistency"), "'consistency' must be a list of rules")
        return ()
    rules: list[Consistency] = []
    for i, item in enumerate(raw):
        rule = r.mapping(item, raw.line_of(i), f"consistency rule {i + 1}")
        if rule is None:
            continue
        what = f"consistency rule '{rule.get('id', i + 1)}'"
        r.keys(rule, ("id", "part", "title", "text", "when"), (), what)
        when = _condition(r, rule["when"], rule.line_of("when")) if "when" in rule else None
        rid, part = r.ident(rule, "id", what), r.ident(rule, "part", what)
        if when is not None and rid and part:
            rules.append(Consistency(rid, part, r.text(rule, "title", what), r.text(rule, "text", what), when, rule.line))
    return tuple(rules)


def _consistency_problems(terms: Terms, flows: Mapping[str, Flow], path: str) -> list[Problem]:
    """A consistency rule names a term part, and only `part.question` answers with real choices."""
    problems: list[Problem] = []
    for rule in terms.consistency:
        part = flows.get(rule.part)
        if part is None or part.role != "term":
            problems.append(Problem(path, rule.line, f"consistency rule '{rule.id}' names unknown part '{rule.part}'"))
        for test in tests_in(rule.when):
            flow = flows.get(test.ref.flow or "")
            question = flow.questions.get(test.ref.question) if flow else None
            if question is None:
                problems.append(
                    Problem(
                        path,
                        rule.line,
                        f"consistency rule '{rule.id}': '{test.ref}' is not a question (name it as part.question)",
                    )
                )
                continue
            values = test.operand if test.op == "in" else (test.operand,) if test.op in ("is", "includes") else ()
            problems += [
                Problem(path, rule.line, f"consistency rule '{rule.id}': '{v}' is not a choice of '{test.ref}'")
                for v in values
                if question.choice(str(v)) is None
            ]  # type: ignore[union-attr]
    return problems + _unreconciled_assertions(terms, flows)


def _unreconciled_assertions(terms: Terms, flows: Mapping[str, Flow]) -> list[Problem]:
    """A fact asserted by questions of two parts needs a consistency rule naming each of them with another part's.

    Parts read only their own answers, so two answers that assert the same
    fact ("nothing is offered" / "the tuned model is offered") can disagree
    unseen unless a rule compares them.
    """
    asserting: dict[str, list[tuple[Flow, Question]]] = {}
    for flow in flows.values():
        for q in flow.questions.values():
            if q.asserts and flow.role == "term":
                asserting.setdefault(q.asserts, []).append((flow, q))
    compared: set[tuple[str, str]] = set()
    for rule in terms.consistency:
        named = {(t.ref.flow or "", t.ref.question) for t in tests_in(rule.when)}
        compared |= {(f, q) for f, q in named if any(g != f for g, _ in named)}
    problems: list[Problem] = []
    for fact, questions in asserting.items():
        if len({f.id for f, _ in questions}) < 2:
            continue
        for flow, q in questions:
            others = ", ".join(f"{f.id}.{o.id}" for f, o in questions if f.id != flow.id)
            if (flow.id, q.id) not in compared:
                problems.append(
                    Problem(
                        flow.path,
                        q.line,
                        f"question '{q.id}' asserts '{fact}', which {others} also asserts; "
                        "no consistency rule in terms.yaml compares it with another part's answer",
                    )
                )
    return problems


def parse_terms(data: Any, path: Path, problems: list[Problem]) -> Terms | None:
    r = _Reader(path, problems)
    before = len(problems)
    root = r.mapping(data, 1, "terms.yaml")
    if root is None:
        return None
    r.keys(root, ("title", "source", "as_of", "order", "sections"), ("public_terms", "vocabulary", "consistency"), "terms.yaml")
    sections: dict[str, Section] = {}
    raw = root.get("sections")
    if isinstance(raw, LineDict):
        for key, value in raw.items():
            s = r.mapping(value, raw.line_of(key), f"section '{key}'")
            if s is not None:
                sections[key] = _section(r, key, s)
    else:
        r.err(root.line_of("sections"), "'sections' must be a mapping of section id to heading and clause")
    order = root.get("order")
    if not isinstance(order, LineList) or not all(isinstance(x, str) for x in order):
        r.err(root.line_of("order"), "'order' must be a list of flow ids")
        order = LineList()
    public = _public_terms(r, root["public_terms"], root.line_of("public_terms")) if "public_terms" in root else None
    for section in sections.values():
        _check_compare(r, section.compare, public, section.line, f"section '{section.id}'")
    vocabulary = (
        parse_vocabulary(r, root.get("vocabulary"), root.line_of("vocabulary"), OUTCOME_KINDS) if "vocabulary" in root else None
    )
    terms = Terms(
        r.text(root, "title", "terms.yaml"),
        r.text(root, "source", "terms.yaml"),
        str(root.get("as_of", "")),
        tuple(order),
        sections,
        public,
        vocabulary,
        _consistency(r, root),
    )
    if not terms.as_of:
        r.err(root.line_of("as_of"), "'as_of' must give the date the flows were written against")
    if vocabulary is not None:
        for status in (*vocabulary.verdicts, *vocabulary.decisions):
            for match in status.when:
                for fid in match.flows - set(order):
                    r.err(root.line_of("vocabulary"), f"'{status.id}' names flow '{fid}', which is not in 'order'")
    return terms if len(problems) == before else None


def _check_compare(r: _Reader, compare: tuple[str, ...], public: PublicTerms | None, line: int, what: str) -> None:
    """Every "compare §X" must point at a section listed under `public_terms`: never an invented number."""
    for ref in compare:
        base = ref.split("(", 1)[0]
        if public is None:
            r.err(line, f"{what} compares with §{ref}, but terms.yaml has no 'public_terms' to compare with")
        elif base not in public.sections:
            r.err(line, f"{what} compares with §{ref}, but §{base} is not listed in 'public_terms' sections")


def _test_problems(flow: Flow, flows: Mapping[str, Flow], test: Test, line: int, own_only: bool) -> list[Problem]:
    """What is wrong with one condition test: another flow's answers, unknown questions or choices."""
    if test.ref.flow and (own_only or test.ref.flow != PROFILE):
        where = (
            "'next' rules may only use this flow's answers"
            if own_only
            else "conditions may only use this flow's or the profile's answers"
        )
        return [Problem(flow.path, line, f"{where}, not '{test.ref}'")]
    target_flow = flows.get(test.ref.flow) if test.ref.flow else flow
    q = target_flow.questions.get(test.ref.question) if target_flow else None
    if q is None:
        return [Problem(flow.path, line, f"condition names unknown question '{test.ref}'")]
    found = []
    values = test.operand if test.op == "in" else (test.operand,) if test.op in ("is", "includes") else ()
    for v in values:  # type: ignore[union-attr]
        if q.choice(str(v)) is None:
            found.append(Problem(flow.path, line, f"'{v}' is not a choice of question '{test.ref}'"))
    if test.op == "includes" and q.kind != "multi":
        found.append(Problem(flow.path, line, f"'includes' needs a multi question; '{test.ref}' is {q.kind}"))
    if test.op in ("is", "in") and q.kind == "multi":
        found.append(Problem(flow.path, line, f"use 'includes' for multi question '{test.ref}'"))
    return found


def _references(flow: Flow, flows: Mapping[str, Flow], terms: Terms, problems: list[Problem]) -> None:
    """Cross-references: gotos, condition targets, choice values, citations."""

    def check(cond: Condition | None, line: int, own_only: bool) -> None:
        for test in tests_in(cond):
            problems.extend(_test_problems(flow, flows, test, line, own_only))

    if flow.start not in flow.questions:
        problems.append(Problem(flow.path, 1, f"'start' names unknown question '{flow.start}'"))
    for q in flow.questions.values():
        for rule in q.next:
            if rule.goto != END and rule.goto not in flow.questions:
                problems.append(Problem(flow.path, rule.line, f"'goto' names unknown question '{rule.goto}'"))
            check(rule.condition, rule.line, own_only=True)
    for o in flow.outcomes:
        check(o.when, o.when_line, own_only=False)
        problems.extend(_outcome_references(flow, o, terms))
    if flow.section and flow.section not in terms.sections:
        problems.append(Problem(flow.path, 1, f"'section' names unknown section '{flow.section}' of terms.yaml"))
    problems.extend(_role_problems(flow))


def _role_problems(flow: Flow) -> list[Problem]:
    roles = [q for q in flow.questions.values() if q.role]
    found = []
    if roles and flow.role != "profile":
        found.append(Problem(flow.path, roles[0].line, "'role' goes only on profile questions"))
    for i, q in enumerate(roles):
        if any(other.role == q.role for other in roles[:i]):
            found.append(Problem(flow.path, q.line, f"more than one question has role '{q.role}'"))
    return found


def _outcome_references(flow: Flow, o: Outcome, terms: Terms) -> list[Problem]:
    """Citation, cross-reference, duty, severity and tags of one outcome, against terms.yaml."""
    found: list[Problem] = []
    what = f"outcome '{o.id}'"

    def err(line: int, message: str) -> None:
        found.append(Problem(flow.path, line, message))

    section = terms.sections.get(o.cite.section)
    if o.cite.section and section is None:
        err(o.cite_line, f"citation names unknown section '{o.cite.section}'")
    elif section is not None and not (o.cite.compare or o.cite.no_compare):
        err(
            o.cite_line,
            f"the citation of {what} needs 'compare' (a section of the public Commercial Terms) or "
            f"'no_compare' (why there is none), here or on section '{section.id}' of terms.yaml",
        )
    public = terms.public_terms
    for ref in o.cite.compare:
        base = ref.split("(", 1)[0]
        if public is None or base not in public.sections:
            err(o.cite_line, f"{what} compares with §{ref}, but §{base} is not listed in 'public_terms' sections")
    for duty in o.duty:
        sid, _, did = duty.partition(".")
        owner = terms.sections.get(sid)
        if owner is None or owner.duty(did) is None:
            err(o.duty_line, f"{what} names duty '{duty}', which terms.yaml does not list")
        elif sid != o.cite.section:
            err(o.duty_line, f"{what} rests on duty '{duty}' but cites section '{o.cite.section}'; cite '{sid}'")
    return found + _vocabulary_references(flow, o, terms.vocabulary)


def _vocabulary_references(flow: Flow, o: Outcome, vocabulary: Vocabulary | None) -> list[Problem]:
    """Severity and tags of an outcome must come from the vocabulary in terms.yaml."""
    if vocabulary is None:
        return []
    found = []
    known = [s.id for s in vocabulary.severities]
    if o.kind == "risk" and o.severity not in known:
        found.append(Problem(flow.path, o.severity_line, f"'severity' of outcome '{o.id}' must be one of: {', '.join(known)}"))
    for tag in o.tags:
        if tag not in vocabulary.tags:
            found.append(
                Problem(flow.path, o.tags_line, f"outcome '{o.id}' has tag '{tag}', which the vocabulary's 'tags' do not list")
            )
    return found


def _with_default_compare(flow: Flow, terms: Terms) -> Flow:
    """Citations that give no cross-reference take their section's default from terms.yaml."""
    outcomes = []
    for o in flow.outcomes:
        section = terms.sections.get(o.cite.section)
        if section is not None and not (o.cite.compare or o.cite.no_compare):
            o = replace(o, cite=replace(o.cite, compare=section.compare, no_compare=section.no_compare))
        outcomes.append(o)
    return replace(flow, outcomes=tuple(outcomes))


def digest_of(files: Iterable[Path]) -> str:
    """sha256 over file names and bytes, so a session can tell which flows it was answered against."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.name):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _missing_vocabulary(terms: Terms, terms_path: Path) -> list[Problem]:
    if terms.vocabulary is not None:
        return []
    return [Problem(str(terms_path), 1, "terms.yaml needs a 'vocabulary' (severities, progress, verdicts, decisions)")]


def _parse_files(terms_path: Path, files: list[Path], problems: list[Problem]) -> tuple[Terms | None, dict[str, Flow]]:
    from wizard.yamlsource import YamlSyntaxError, load_file  # the YAML library: only when flows are parsed

    terms: Terms | None = None
    flows: dict[str, Flow] = {}
    for path in [terms_path, *files]:
        try:
            data = load_file(path)
        except YamlSyntaxError as exc:
            problems.append(Problem(exc.path, exc.line, exc.message))
            continue
        if path == terms_path:
            terms = parse_terms(data, path, problems)
        else:
            flow = parse_flow(data, path, problems)
            if flow is not None:
                flows[flow.id] = flow
    return terms, flows


def _order_problems(terms: Terms, flows: Mapping[str, Flow], terms_path: Path, known: list[Problem]) -> list[Problem]:
    """Every flow in 'order' has a file, and every file is in 'order'."""
    found = []
    for fid in terms.order:
        if fid not in flows and not any(p.path.endswith(f"{fid}.yaml") for p in known):
            found.append(Problem(str(terms_path), 1, f"'order' names flow '{fid}' but {fid}.yaml is missing"))
    for fid, flow in flows.items():
        if fid not in terms.order:
            found.append(Problem(flow.path, 1, f"flow '{fid}' is not listed in 'order' of terms.yaml"))
    return found


def read_flows(directory: Path) -> tuple[FlowSet | None, list[Problem]]:
    """Load and schema-check a flows folder; return the set (if usable) and all problems."""
    problems: list[Problem] = []
    terms_path = directory / "terms.yaml"
    if not directory.is_dir():
        return None, [Problem(str(directory), 0, "not a folder of flow files")]
    if not terms_path.is_file():
        return None, [Problem(str(terms_path), 0, "missing: every flows folder needs terms.yaml")]
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "terms.yaml")
    terms, flows = _parse_files(terms_path, files, problems)
    if terms is None:
        return None, problems
    problems += _order_problems(terms, flows, terms_path, problems)
    profiles = [f for f in flows.values() if f.role == "profile"]
    if len(profiles) != 1 or profiles[0].id != PROFILE:
        problems.append(Problem(str(terms_path), 1, "exactly one flow, 'profile', must have role: profile"))
    problems += _missing_vocabulary(terms, terms_path)
    flows = {fid: _with_default_compare(flow, terms) for fid, flow in flows.items()}
    from wizard.wording import consistency_wording, wording_problems

    for flow in flows.values():
        _references(flow, flows, terms, problems)
        problems += wording_problems(flow, terms)
    problems += _consistency_problems(terms, flows, str(terms_path)) + consistency_wording(terms, str(terms_path))
    if problems:
        return None, problems
    ordered = tuple(flows[fid] for fid in terms.order)
    return FlowSet(terms, ordered, digest_of([terms_path, *files]), str(directory)), []


def load_flows(directory: Path) -> FlowSet:
    """Load flows for use: schema and graph rules must both pass."""
    from wizard.graph import check_graph

    flowset, problems = read_flows(directory)
    if flowset is not None:
        problems = check_graph(flowset)
    if problems or flowset is None:
        raise FlowError(problems)
    return flowset
