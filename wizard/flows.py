"""Flow files -> immutable, validated data (no Qt).

Schema problems are collected, not raised one at a time, so `bedrock-wizard
check` can list every `file:line: message` in one run. Graph rules (reachability,
cycles, satisfiable outcomes) live in `wizard.graph`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.conditions import TESTS, All, Any_, Condition, Lookup, Not, Ref, Test, tests_in
from wizard.yamlsource import LineDict, LineList, YamlSyntaxError, load_file

END = "end"
ID = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = ("single", "multi", "text")
OUTCOME_KINDS = ("obligation", "risk", "protection", "question")
SEVERITIES = ("high", "medium", "low")
PROFILE = "profile"


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

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def unsure_choices(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.unsure)

    def route(self, lookup: Lookup, flow_id: str) -> str:
        """The question after this one: the first rule whose condition holds."""
        for rule in self.next:
            if rule.condition is None or rule.condition.holds(lookup, flow_id):
                return rule.goto
        return END


@dataclass(frozen=True)
class Citation:
    section: str
    says: str


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
    line: int = 0
    when_line: int = 0
    cite_line: int = 0


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
class Section:
    id: str
    heading: str
    clause: str


@dataclass(frozen=True)
class Terms:
    title: str
    source: str
    as_of: str
    order: tuple[str, ...]
    sections: Mapping[str, Section]


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
        if not isinstance(value, str) or not ID.match(value):
            if key in data:
                self.err(data.line_of(key), f"'{key}' of {what} must be an id like 'my_id', got {value!r}")
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
        result.append(Choice(cid, r.text(c, "label", cwhat), bool(unsure),
                             r.text(c, "counsel", cwhat) or None))
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


def _question(r: _Reader, q: LineDict) -> Question | None:
    what = f"question '{q.get('id', '?')}'"
    r.keys(q, ("id", "text", "kind", "next"),
           ("help", "choices", "exclusive", "required", "max_length"), what)
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
            exclusive = frozenset(raw)
    required = q.get("required", True)
    if not isinstance(required, bool):
        r.err(q.line_of("required"), f"'required' of {what} must be true or false")
    max_length = q.get("max_length", 2000)
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
        r.err(q.line_of("max_length"), f"'max_length' of {what} must be a positive whole number")
        max_length = 2000
    return Question(
        id=qid, text=r.text(q, "text", what), kind=kind, help=r.text(q, "help", what, ""),
        choices=choices, exclusive=exclusive, required=bool(required), max_length=max_length,
        next=_next(r, q, what), line=q.line,
    )


def _outcome(r: _Reader, o: LineDict, section: str | None) -> Outcome | None:
    what = f"outcome '{o.get('id', '?')}'"
    kind = o.get("kind")
    required = ["id", "kind", "title", "cite"]
    optional = ["when"]
    if kind == "risk":
        required += ["severity", "why", "reduce"]
        optional += ["text"]
    else:
        required += ["text"]
    r.keys(o, required, optional, what)
    if kind not in OUTCOME_KINDS:
        r.err(o.line_of("kind"), f"'kind' of {what} must be one of: {', '.join(OUTCOME_KINDS)}")
    severity = o.get("severity")
    if kind == "risk" and severity not in SEVERITIES:
        r.err(o.line_of("severity"), f"'severity' of {what} must be one of: {', '.join(SEVERITIES)}")
    cite = r.mapping(o.get("cite"), o.line_of("cite"), f"'cite' of {what}") if "cite" in o else None
    citation = Citation(section or "", "")
    if cite is not None:
        r.keys(cite, ("says",), ("section",), f"'cite' of {what}")
        citation = Citation(str(cite.get("section", section or "")), r.text(cite, "says", f"'cite' of {what}"))
        if not citation.section:
            r.err(cite.line, f"'cite' of {what} needs a 'section' (a profile flow has none by default)")
    when = _condition(r, o["when"], o.line_of("when")) if "when" in o else None
    return Outcome(
        id=r.ident(o, "id", what), kind=str(kind), title=r.text(o, "title", what),
        text=r.text(o, "text", what, ""), cite=citation,
        severity=severity if kind == "risk" else None,
        why=r.text(o, "why", what, ""), reduce=r.text(o, "reduce", what, ""),
        when=when, line=o.line, when_line=o.line_of("when"), cite_line=o.line_of("cite"),
    )


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
    outcomes: list[Outcome] = []
    raw_outcomes = root.get("outcomes", LineList())
    if not isinstance(raw_outcomes, LineList):
        r.err(root.line_of("outcomes"), "'outcomes' must be a list")
        raw_outcomes = LineList()
    for i, item in enumerate(raw_outcomes):
        o = r.mapping(item, raw_outcomes.line_of(i), f"outcome {i + 1}")
        outcome = _outcome(r, o, section if isinstance(section, str) else None) if o is not None else None
        if outcome is None:
            continue
        if outcome.id and any(x.id == outcome.id for x in outcomes):
            r.err(outcome.line, f"duplicate outcome id '{outcome.id}'")
        outcomes.append(outcome)
    flow = Flow(
        id=fid, title=r.text(root, "title", "the flow"), role=str(role),
        start=str(root.get("start", "")), questions=questions, outcomes=tuple(outcomes),
        section=section if isinstance(section, str) else None,
        intro=r.text(root, "intro", "the flow", ""), path=str(path),
    )
    return flow if len(problems) == before else None


def parse_terms(data: Any, path: Path, problems: list[Problem]) -> Terms | None:
    r = _Reader(path, problems)
    before = len(problems)
    root = r.mapping(data, 1, "terms.yaml")
    if root is None:
        return None
    r.keys(root, ("title", "source", "as_of", "order", "sections"), (), "terms.yaml")
    sections: dict[str, Section] = {}
    raw = root.get("sections")
    if isinstance(raw, LineDict):
        for key, value in raw.items():
            s = r.mapping(value, raw.line_of(key), f"section '{key}'")
            if s is None:
                continue
            r.keys(s, ("heading", "clause"), (), f"section '{key}'")
            sections[key] = Section(key, r.text(s, "heading", f"section '{key}'"),
                                    r.text(s, "clause", f"section '{key}'"))
    else:
        r.err(root.line_of("sections"), "'sections' must be a mapping of section id to heading and clause")
    order = root.get("order")
    if not isinstance(order, LineList) or not all(isinstance(x, str) for x in order):
        r.err(root.line_of("order"), "'order' must be a list of flow ids")
        order = LineList()
    terms = Terms(r.text(root, "title", "terms.yaml"), r.text(root, "source", "terms.yaml"),
                  str(root.get("as_of", "")), tuple(order), sections)
    if not terms.as_of:
        r.err(root.line_of("as_of"), "'as_of' must give the date the flows were written against")
    return terms if len(problems) == before else None


def _references(flow: Flow, flows: Mapping[str, Flow], terms: Terms, problems: list[Problem]) -> None:
    """Cross-references: gotos, condition targets, choice values, citations."""

    def check(cond: Condition | None, line: int, own_only: bool) -> None:
        for test in tests_in(cond):
            target_flow = flows.get(test.ref.flow) if test.ref.flow else flow
            if test.ref.flow and (own_only or test.ref.flow != PROFILE):
                where = "'next' rules may only use this flow's answers" if own_only else \
                    "conditions may only use this flow's or the profile's answers"
                problems.append(Problem(flow.path, line, f"{where}, not '{test.ref}'"))
                continue
            q = target_flow.questions.get(test.ref.question) if target_flow else None
            if q is None:
                problems.append(Problem(flow.path, line, f"condition names unknown question '{test.ref}'"))
                continue
            values = test.operand if test.op == "in" else (test.operand,) if test.op in ("is", "includes") else ()
            for v in values:  # type: ignore[union-attr]
                if q.choice(str(v)) is None:
                    problems.append(Problem(flow.path, line, f"'{v}' is not a choice of question '{test.ref}'"))
            if test.op == "includes" and q.kind != "multi":
                problems.append(Problem(flow.path, line, f"'includes' needs a multi question; '{test.ref}' is {q.kind}"))
            if test.op in ("is", "in") and q.kind == "multi":
                problems.append(Problem(flow.path, line, f"use 'includes' for multi question '{test.ref}'"))

    if flow.start not in flow.questions:
        problems.append(Problem(flow.path, 1, f"'start' names unknown question '{flow.start}'"))
    for q in flow.questions.values():
        for rule in q.next:
            if rule.goto != END and rule.goto not in flow.questions:
                problems.append(Problem(flow.path, rule.line, f"'goto' names unknown question '{rule.goto}'"))
            check(rule.condition, rule.line, own_only=True)
    for o in flow.outcomes:
        check(o.when, o.when_line, own_only=False)
        if o.cite.section and o.cite.section not in terms.sections:
            problems.append(Problem(flow.path, o.cite_line, f"citation names unknown section '{o.cite.section}'"))
    if flow.section and flow.section not in terms.sections:
        problems.append(Problem(flow.path, 1, f"'section' names unknown section '{flow.section}' of terms.yaml"))


def digest_of(files: Iterable[Path]) -> str:
    """sha256 over file names and bytes, so a session can tell which flows it was answered against."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda p: p.name):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def read_flows(directory: Path) -> tuple[FlowSet | None, list[Problem]]:
    """Load and schema-check a flows folder; return the set (if usable) and all problems."""
    problems: list[Problem] = []
    terms_path = directory / "terms.yaml"
    if not directory.is_dir():
        return None, [Problem(str(directory), 0, "not a folder of flow files")]
    if not terms_path.is_file():
        return None, [Problem(str(terms_path), 0, "missing: every flows folder needs terms.yaml")]
    files = sorted(p for p in directory.glob("*.yaml") if p.name != "terms.yaml")
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
    if terms is None:
        return None, problems
    for fid in terms.order:
        if fid not in flows and not any(p.path.endswith(f"{fid}.yaml") for p in problems):
            problems.append(Problem(str(terms_path), 1, f"'order' names flow '{fid}' but {fid}.yaml is missing"))
    for fid, flow in flows.items():
        if fid not in terms.order:
            problems.append(Problem(flow.path, 1, f"flow '{fid}' is not listed in 'order' of terms.yaml"))
    profiles = [f for f in flows.values() if f.role == "profile"]
    if len(profiles) != 1 or profiles[0].id != PROFILE:
        problems.append(Problem(str(terms_path), 1, "exactly one flow, 'profile', must have role: profile"))
    for flow in flows.values():
        _references(flow, flows, terms, problems)
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
