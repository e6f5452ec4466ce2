"""Declarative conditions from flow files, evaluated without `eval`.

A condition reads answers through a lookup `(flow_id, question_id) -> value`;
a question that was not asked has no value, and every test on it is false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

AnswerValue = str | tuple[str, ...]
Lookup = Callable[[str, str], "AnswerValue | None"]

TESTS = ("is", "in", "includes", "answered")


@dataclass(frozen=True)
class Ref:
    """A question named in a condition: `q` (own flow) or `profile.q`."""

    flow: str | None
    question: str

    @classmethod
    def parse(cls, text: str) -> Ref:
        flow, dot, question = text.partition(".")
        return cls(flow, question) if dot else cls(None, text)

    def __str__(self) -> str:
        return f"{self.flow}.{self.question}" if self.flow else self.question


@dataclass(frozen=True)
class Test:
    ref: Ref
    op: str
    operand: object

    def holds(self, lookup: Lookup, flow: str) -> bool:
        value = lookup(self.ref.flow or flow, self.ref.question)
        if self.op == "answered":
            return (value is not None) == bool(self.operand)
        if value is None:
            return False
        if self.op == "is":
            return value == self.operand
        if self.op == "in":
            return value in self.operand  # type: ignore[operator]
        return not isinstance(value, str) and self.operand in value


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def holds(self, lookup: Lookup, flow: str) -> bool:
        return all(part.holds(lookup, flow) for part in self.parts)


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]

    def holds(self, lookup: Lookup, flow: str) -> bool:
        return any(part.holds(lookup, flow) for part in self.parts)


@dataclass(frozen=True)
class Not:
    part: Condition

    def holds(self, lookup: Lookup, flow: str) -> bool:
        return not self.part.holds(lookup, flow)


Condition = Test | All | Any_ | Not


def tests_in(condition: Condition | None) -> Iterator[Test]:
    """Every leaf test, so callers can list the answers a finding rests on."""
    if condition is None:
        return
    if isinstance(condition, Test):
        yield condition
    elif isinstance(condition, Not):
        yield from tests_in(condition.part)
    else:
        for part in condition.parts:
            yield from tests_in(part)
