"""Headless runs: a scenario file answers the flows by flow and question id.

Scenarios drive the same Review the desktop window drives, so an example and
a person clicking through produce the same session.
"""

from __future__ import annotations

from pathlib import Path

from wizard.answers import AnswerError
from wizard.flows import FlowSet
from wizard.review import Review
from wizard.session import Session
from wizard.yamlsource import LineDict, YamlSyntaxError, load_file

NOTES = "notes"


class ScenarioError(ValueError):
    """A scenario that cannot be played; the message is `file:line: what`."""


def run_scenario(flowset: FlowSet, path: Path) -> Session:
    """Answer every flow from the scenario file; refuse unknown ids and bad answers."""
    if not path.is_file():
        raise ScenarioError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        data = load_file(path)
    except YamlSyntaxError as exc:
        raise ScenarioError(str(exc)) from None
    if not isinstance(data, LineDict):
        raise ScenarioError(f"{path}:1: a scenario is a mapping of flow id to {{question id: answer}}")

    def where(mapping: LineDict, key: str) -> str:
        return f"{path}:{mapping.line_of(key)}"

    notes = data.get(NOTES, LineDict())
    sections: dict[str, LineDict] = {}
    for key, value in data.items():
        if key == NOTES:
            continue
        if not flowset.has(key):
            known = ", ".join(f.id for f in flowset.flows)
            raise ScenarioError(f"{where(data, key)}: unknown flow '{key}' (flows: {known})")
        if not isinstance(value, LineDict):
            raise ScenarioError(f"{where(data, key)}: '{key}' must map question ids to answers")
        flow = flowset.flow(key)
        for qid in value:
            if qid not in flow.questions:
                raise ScenarioError(f"{where(value, qid)}: flow '{key}' has no question '{qid}'")
        sections[key] = value
    if not isinstance(notes, LineDict):
        raise ScenarioError(f"{where(data, NOTES)}: 'notes' must map flow ids to {{question id: text}}")

    review = Review(flowset)
    used: set[tuple[str, str]] = set()
    while not review.complete:
        flow_id, question = review.flow_id, review.question
        assert question is not None
        given = sections.get(flow_id, LineDict())
        if question.id not in given:
            anchor = where(data, flow_id) if flow_id in data else f"{path}:1"
            raise ScenarioError(f"{anchor}: no answer for question '{flow_id}.{question.id}' ({question.text})")
        note = notes.get(flow_id, {}).get(question.id) if isinstance(notes.get(flow_id), dict) else None
        if note is not None and not isinstance(note, str):
            raise ScenarioError(f"{where(notes, flow_id)}: the note for '{flow_id}.{question.id}' must be text")
        try:
            review.answer(given[question.id], note)
        except AnswerError as exc:
            raise ScenarioError(f"{where(given, question.id)}: {flow_id}: {exc}") from None
        used.add((flow_id, question.id))
    for flow_id, given in sections.items():
        for qid in given:
            if (flow_id, qid) not in used:
                raise ScenarioError(
                    f"{where(given, qid)}: question '{flow_id}.{qid}' is not asked on this path; remove the answer"
                )
    return review.session
