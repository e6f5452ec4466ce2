"""The `counsel:`, `actions:` and `review_by:` blocks of a scenario file, keyed by finding id.

Played after the answers, through the same `Review` commands counsel mode
uses, so a scripted review records counsel's entries (and their audit log)
exactly as the window would. Every complaint is `file:line: what`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wizard.counsel import CounselError
from wizard.review import Review
from wizard.scenario import ScenarioError
from wizard.yamlsource import LineDict, LineList

COUNSEL, ACTIONS, REVIEW_BY = "counsel", "actions", "review_by"
BLOCKS = (COUNSEL, ACTIONS, REVIEW_BY)
COUNSEL_KEYS = ("reviewer", "role", "date", "decision", "conditions", "answers", "resolved", "risks")
RISK_KEYS = ("disposition", "comment")
ACTION_KEYS = ("owner", "due")


def play_handoff(review: Review, data: LineDict, path: str) -> None:
    """Apply the scenario's counsel entries, then actions, then the review-by date."""

    def at(mapping: LineDict | LineList, key: Any) -> str:
        return f"{path}:{mapping.line_of(key)}"

    def run(where: str, command: Callable[[], object]) -> None:
        try:
            command()
        except CounselError as exc:
            raise ScenarioError(f"{where}: {exc}") from None

    def mapping(parent: LineDict, key: str, what: str, allowed: tuple[str, ...] = ()) -> LineDict:
        value = parent[key]
        if not isinstance(value, LineDict):
            raise ScenarioError(f"{at(parent, key)}: '{key}' must be a mapping of {what}")
        for name in value if allowed else ():
            if name not in allowed:
                raise ScenarioError(f"{at(value, name)}: unknown key '{name}' (keys: {', '.join(allowed)})")
        return value

    if COUNSEL in data:
        block = mapping(data, COUNSEL, ", ".join(COUNSEL_KEYS), COUNSEL_KEYS)
        answers = mapping(block, "answers", "open question id to counsel's answer") if "answers" in block else {}
        resolved = block.get("resolved", LineList())
        if not isinstance(resolved, LineList):
            raise ScenarioError(f"{at(block, 'resolved')}: 'resolved' must be a list of open question ids")
        for i, fid in enumerate(resolved):
            if not isinstance(fid, str):
                raise ScenarioError(f"{at(resolved, i)}: 'resolved' must list open question ids")
            if fid not in answers:
                run(at(resolved, i), lambda fid=fid: review.answer_question(fid, "", True))
        for fid, text in answers.items():
            if not isinstance(text, str):
                raise ScenarioError(f"{at(answers, fid)}: counsel's answer to '{fid}' must be text")
            run(at(answers, fid), lambda fid=fid, text=text: review.answer_question(fid, text, fid in resolved))
        risks = mapping(block, "risks", "risk id to {disposition, comment}") if "risks" in block else {}
        for fid, entry in risks.items():
            if isinstance(entry, str):
                entry = LineDict(disposition=entry)
            if not isinstance(entry, LineDict):
                raise ScenarioError(f"{at(risks, fid)}: '{fid}' must be {{disposition, comment}}")
            for name in entry:
                if name not in RISK_KEYS:
                    raise ScenarioError(f"{at(risks, fid)}: unknown key '{name}' (keys: {', '.join(RISK_KEYS)})")
            if not entry.get("disposition"):
                raise ScenarioError(f"{at(risks, fid)}: '{fid}' needs a disposition")
            run(at(risks, fid), lambda fid=fid, e=entry: review.dispose_risk(
                fid, e["disposition"], e.get("comment", "")))
        if "decision" in block:
            conditions = block.get("conditions", [])
            if isinstance(conditions, str):
                conditions = [conditions]
            if not isinstance(conditions, list):
                raise ScenarioError(f"{at(block, 'conditions')}: 'conditions' must be a list of text")
            run(at(block, "decision"), lambda: review.decide(
                block["decision"], block.get("reviewer", ""), block.get("role", ""), block.get("date"), conditions))
        else:
            for name in ("reviewer", "role", "date", "conditions"):
                if name in block:
                    raise ScenarioError(f"{at(block, name)}: '{name}' belongs to a decision; add 'decision'")
    if ACTIONS in data:
        actions = mapping(data, ACTIONS, "finding id to {owner, due}")
        for fid, entry in actions.items():
            if not isinstance(entry, LineDict):
                raise ScenarioError(f"{at(actions, fid)}: '{fid}' must be {{owner, due}}")
            for name in entry:
                if name not in ACTION_KEYS:
                    raise ScenarioError(f"{at(entry, name)}: unknown key '{name}' (keys: {', '.join(ACTION_KEYS)})")
            run(at(actions, fid), lambda fid=fid, e=entry: review.set_action(
                fid, e.get("owner", ""), e.get("due", "")))
    if REVIEW_BY in data:
        run(at(data, REVIEW_BY), lambda: review.set_review_by(data[REVIEW_BY]))

