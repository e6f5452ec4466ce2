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
from wizard.session import clip
from wizard.yamlsource import LineDict, LineList

COUNSEL, ACTIONS, REVIEW_BY = "counsel", "actions", "review_by"
BLOCKS = (COUNSEL, ACTIONS, REVIEW_BY)
COUNSEL_KEYS = ("reviewer", "role", "date", "decision", "conditions", "answers", "resolved", "risks")
RISK_KEYS = ("disposition", "comment")
ACTION_KEYS = ("owner", "due")


def play_handoff(review: Review, data: LineDict, path: str) -> None:
    """Apply the scenario's counsel entries, then actions, then the review-by date."""
    _Handoff(review, path).play(data)


class _Handoff:
    """Checks and plays one scenario's handoff blocks in file order; `path` starts every complaint."""

    def __init__(self, review: Review, path: str) -> None:
        self.review = review
        self.path = path

    def play(self, data: LineDict) -> None:
        if COUNSEL in data:
            self.counsel(self.mapping(data, COUNSEL, ", ".join(COUNSEL_KEYS), COUNSEL_KEYS))
        if ACTIONS in data:
            self.actions(self.mapping(data, ACTIONS, "finding id to {owner, due}"))
        if REVIEW_BY in data:
            self.run(self.at(data, REVIEW_BY), self.review.set_review_by, data[REVIEW_BY])

    # The blocks.

    def counsel(self, block: LineDict) -> None:
        answers = self.mapping(block, "answers", "open question id to counsel's answer") if "answers" in block else LineDict()
        resolved = self.resolved(block, answers)
        self.answers(answers, resolved)
        self.risks(self.mapping(block, "risks", "risk id to {disposition, comment}") if "risks" in block else LineDict())
        self.decision(block)

    def actions(self, actions: LineDict) -> None:
        for fid, entry in actions.items():
            if not isinstance(entry, LineDict):
                raise ScenarioError(f"{self.at(actions, fid)}: '{clip(fid)}' must be {{owner, due}}")
            self.check_keys(entry, ACTION_KEYS)
            self.run(self.at(actions, fid), self.review.set_action, fid, entry.get("owner", ""), entry.get("due", ""))

    # The parts of the counsel block.

    def resolved(self, block: LineDict, answers: LineDict) -> LineList:
        """The open questions counsel resolved; those without an answer are resolved here, with an empty one."""
        resolved = block.get("resolved", LineList())
        if not isinstance(resolved, LineList):
            raise ScenarioError(f"{self.at(block, 'resolved')}: 'resolved' must be a list of open question ids")
        for i, fid in enumerate(resolved):
            if not isinstance(fid, str):
                raise ScenarioError(f"{self.at(resolved, i)}: 'resolved' must list open question ids")
            if fid not in answers:
                self.run(self.at(resolved, i), self.review.answer_question, fid, "", True)
        return resolved

    def answers(self, answers: LineDict, resolved: LineList) -> None:
        for fid, text in answers.items():
            if not isinstance(text, str):
                raise ScenarioError(f"{self.at(answers, fid)}: counsel's answer to '{clip(fid)}' must be text")
            self.run(self.at(answers, fid), self.review.answer_question, fid, text, fid in resolved)

    def risks(self, risks: LineDict) -> None:
        for fid, entry in risks.items():
            entry = self.risk_entry(risks, fid, entry)
            self.run(self.at(risks, fid), self.review.dispose_risk, fid, entry["disposition"], entry.get("comment", ""))

    def risk_entry(self, risks: LineDict, fid: str, entry: Any) -> LineDict:
        """A risk's `{disposition, comment}`; a bare text is the disposition alone."""
        if isinstance(entry, str):
            entry = LineDict(disposition=entry)
        if not isinstance(entry, LineDict):
            raise ScenarioError(f"{self.at(risks, fid)}: '{clip(fid)}' must be {{disposition, comment}}")
        self.check_keys(entry, RISK_KEYS, self.at(risks, fid))
        if not entry.get("disposition"):
            raise ScenarioError(f"{self.at(risks, fid)}: '{clip(fid)}' needs a disposition")
        return entry

    def decision(self, block: LineDict) -> None:
        """Counsel's decision with its reviewer, role, date and conditions, which mean nothing without one."""
        if "decision" not in block:
            for name in ("reviewer", "role", "date", "conditions"):
                if name in block:
                    raise ScenarioError(f"{self.at(block, name)}: '{clip(name)}' belongs to a decision; add 'decision'")
            return
        conditions = block.get("conditions", [])
        if isinstance(conditions, str):
            conditions = [conditions]
        if not isinstance(conditions, list):
            raise ScenarioError(f"{self.at(block, 'conditions')}: 'conditions' must be a list of text")
        self.run(
            self.at(block, "decision"),
            self.review.decide,
            block["decision"],
            block.get("reviewer", ""),
            block.get("role", ""),
            block.get("date"),
            conditions,
        )

    # Shared checks.

    def at(self, mapping: LineDict | LineList, key: Any) -> str:
        return f"{self.path}:{mapping.line_of(key)}"

    def run(self, where: str, command: Callable[..., object], *args: Any) -> None:
        try:
            command(*args)
        except CounselError as exc:
            raise ScenarioError(f"{where}: {exc}") from None

    def mapping(self, parent: LineDict, key: str, what: str, allowed: tuple[str, ...] = ()) -> LineDict:
        value = parent[key]
        if not isinstance(value, LineDict):
            raise ScenarioError(f"{self.at(parent, key)}: '{clip(key)}' must be a mapping of {what}")
        if allowed:
            self.check_keys(value, allowed)
        return value

    def check_keys(self, value: LineDict, allowed: tuple[str, ...], where: str = "") -> None:
        """Refuse a key outside `allowed`, at that key's own line unless `where` is given."""
        for name in value:
            if name not in allowed:
                raise ScenarioError(f"{where or self.at(value, name)}: unknown key '{clip(name)}' (keys: {', '.join(allowed)})")
