"""The bottom line: one overall decision, and one verdict per part, chosen by rules written in content.

Pure functions over plain finding records, so the report, the review page, the
export and the tests get the same answer from the same findings. The rules
themselves (which kinds, severities or tags decide what) live in the
`vocabulary:` block of `flows/terms.yaml`; see `wizard.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wizard.flows import Outcome
from wizard.vocabulary import Status, Vocabulary


@dataclass(frozen=True)
class FindingFacts:
    """What the rules may look at in one finding; `id` is the stable `flow.outcome`."""

    id: str
    flow: str
    kind: str  # obligation | recommendation | risk | protection | question
    severity: str | None = None
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Decision:
    """A chosen status and the ids of the findings that decided it (none for the default)."""

    id: str
    label: str
    deciding: tuple[str, ...] = ()


def facts(flow_id: str, outcome: Outcome) -> FindingFacts:
    """The record of a flow outcome that applies."""
    return FindingFacts(f"{flow_id}.{outcome.id}", flow_id, outcome.kind, outcome.severity, frozenset(outcome.tags))


def choose(statuses: Sequence[Status], findings: Iterable[FindingFacts]) -> Decision:
    """The first status whose rule matches a finding; the default (last) one otherwise."""
    findings = list(findings)
    for status in statuses:
        if status.is_default:
            return Decision(status.id, status.label)
        deciding = tuple(f.id for f in findings if any(m.matches(f.kind, f.severity, f.tags, f.flow) for m in status.when))
        if deciding:
            return Decision(status.id, status.label, deciding)
    raise ValueError("a status list must end with a default status")


def decide(vocabulary: Vocabulary, findings: Iterable[FindingFacts]) -> Decision:
    """The overall decision for a whole review."""
    return choose(vocabulary.decisions, findings)


def verdict(vocabulary: Vocabulary, findings: Iterable[FindingFacts]) -> Decision:
    """The verdict for one part, from that part's findings."""
    return choose(vocabulary.verdicts, findings)
