"""Headless runs: a scenario file answers the flows by flow and question id.

Scenarios drive the same `Review` commands the desktop window drives, so an
example and a person clicking through produce the same session. A scenario
may leave parts out (`skip: [part, ...]`): they stay not started, as a review
left half done does, and the rest are answered in order.
"""

from __future__ import annotations

from pathlib import Path

from wizard.answers import AnswerError
from wizard.flows import END, FlowSet
from wizard.review import Review
from wizard.router import router_for
from wizard.session import MAX_NOTE_CHARS, Session, clip, text_problem
from wizard.yamlsource import LineDict, YamlSyntaxError, load_file

NOTES = "notes"
SKIP = "skip"
HANDOFF = ("counsel", "actions", "review_by")  # blocks keyed by finding id: wizard.scenario_counsel


class ScenarioError(ValueError):
    """A scenario that cannot be played; the message is `file:line: what`."""


class _Scenario:
    """A parsed scenario file with `file:line` locations for every complaint."""

    def __init__(self, flowset: FlowSet, path: Path) -> None:
        self.flowset, self.path = flowset, path
        if not path.is_file():
            raise ScenarioError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
        try:
            self.data = load_file(path)
        except YamlSyntaxError as exc:
            raise ScenarioError(str(exc)) from None
        if not isinstance(self.data, LineDict):
            raise ScenarioError(f"{path}:1: a scenario is a mapping of flow id to {{question id: answer}}")
        self.skip = self._skipped()
        blocks = (NOTES, SKIP, *HANDOFF)
        self.answers = {k: self._section(k, v, "answers") for k, v in self.data.items() if k not in blocks}
        notes = self.data.get(NOTES, LineDict())
        if not isinstance(notes, LineDict):
            raise ScenarioError(f"{self.where(self.data, NOTES)}: 'notes' must map flow ids to {{question id: text}}")
        self.notes = {k: self._section(k, v, "notes", of=notes) for k, v in notes.items()}
        self.asks: set[tuple[str, str]] = set()  # notes marked "ask counsel" ({text: ..., ask: true})
        for flow_id, section in self.notes.items():
            for qid in list(section):
                text = self._note_text(section, flow_id, qid)
                section[qid] = text
                problem = text_problem(text.strip(), MAX_NOTE_CHARS)
                if problem:
                    raise ScenarioError(
                        f"{self.where(section, qid)}: the note for '{clip(flow_id)}.{clip(qid)}' cannot be saved: {problem}"
                    )

    def _skipped(self) -> frozenset[str]:
        """The parts `skip:` leaves out: known term parts, none of them answered here."""
        if SKIP not in self.data:
            return frozenset()
        raw, where = self.data[SKIP], self.where(self.data, SKIP)
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ScenarioError(f"{where}: 'skip' takes a list of part ids, e.g. [beyond_summary]")
        parts = [f.id for f in self.flowset.term_flows]
        for part in raw:
            if part not in parts:
                raise ScenarioError(f"{where}: cannot skip '{part}': not a part (parts: {', '.join(parts)})")
            if part in self.data:
                raise ScenarioError(f"{self.where(self.data, part)}: '{part}' is answered here but listed under 'skip'")
        return frozenset(raw)

    def _note_text(self, section: LineDict, flow_id: str, qid: str) -> str:
        """A note is text, or {text, ask} where `ask: true` marks it as a question for counsel."""
        raw = section[qid]
        if isinstance(raw, LineDict):
            unknown = set(raw) - {"text", "ask"}
            if unknown or not isinstance(raw.get("text"), str) or not isinstance(raw.get("ask", False), bool):
                raise ScenarioError(
                    f"{self.where(section, qid)}: the note for '{clip(flow_id)}.{clip(qid)}' must be text, "
                    "or {text: ..., ask: true} to ask counsel about it"
                )
            if raw.get("ask", False):
                self.asks.add((flow_id, qid))
            raw = raw["text"]
        if not isinstance(raw, str):
            raise ScenarioError(f"{self.where(section, qid)}: the note for '{clip(flow_id)}.{clip(qid)}' must be text")
        return raw

    def where(self, mapping: LineDict, key: str) -> str:
        return f"{self.path}:{mapping.line_of(key)}"

    def _section(self, flow_id: str, value: object, what: str, of: LineDict | None = None) -> LineDict:
        parent = self.data if of is None else of
        if not self.flowset.has(flow_id):
            known = ", ".join(f.id for f in self.flowset.flows)
            raise ScenarioError(f"{self.where(parent, flow_id)}: unknown flow '{clip(flow_id)}' (flows: {known})")
        if not isinstance(value, LineDict):
            raise ScenarioError(f"{self.where(parent, flow_id)}: '{clip(flow_id)}' must map question ids to {what}")
        flow = self.flowset.flow(flow_id)
        for qid in value:
            if qid not in flow.questions:
                raise ScenarioError(f"{self.where(value, qid)}: flow '{clip(flow_id)}' has no question '{clip(qid)}'")
        return value

    def given(self, flow_id: str, question_id: str, text: str) -> object:
        section = self.answers.get(flow_id, LineDict())
        if question_id not in section:
            anchor = self.where(self.data, flow_id) if flow_id in self.data else f"{self.path}:1"
            raise ScenarioError(f"{anchor}: no answer for question '{clip(flow_id)}.{clip(question_id)}' ({text})")
        return section[question_id]

    def unused(self, used: set[tuple[str, str]]) -> None:
        for label, sections in (("answer", self.answers), ("note", self.notes)):
            for flow_id, section in sections.items():
                for qid in section:
                    if (flow_id, qid) not in used:
                        raise ScenarioError(
                            f"{self.where(section, qid)}: question '{clip(flow_id)}.{clip(qid)}' is not asked "
                            f"on this path; remove the {label}"
                        )


def _next_part(review: Review, skip: frozenset[str]) -> bool:
    """Put the cursor on the first part, in interview order, not skipped and not finished; False when none is left."""
    for flow in review.flowset.flows:
        if flow.id not in skip and router_for(flow).path(review.answers(flow.id))[1] != END:
            if flow.id != review.flow_id:
                review.select(flow.id)
            return True
    return False


def run_scenario(flowset: FlowSet, path: Path) -> Session:
    """Answer every flow from the scenario file; refuse unknown ids, bad answers and unused entries."""
    scenario = _Scenario(flowset, path)
    review = Review(flowset)
    used: set[tuple[str, str]] = set()
    while _next_part(review, scenario.skip):
        question = review.question
        assert question is not None
        flow_id = review.flow_id
        value = scenario.given(flow_id, question.id, question.text)
        review.session.mark_ask(flow_id, question.id, (flow_id, question.id) in scenario.asks)
        try:
            review.answer(value, scenario.notes.get(flow_id, {}).get(question.id))
        except AnswerError as exc:
            raise ScenarioError(f"{scenario.where(scenario.answers[flow_id], question.id)}: {clip(flow_id)}: {exc}") from None
        used.add((flow_id, question.id))
    scenario.unused(used)
    from wizard.scenario_counsel import play_handoff

    play_handoff(review, scenario.data, str(path))
    return review.session
