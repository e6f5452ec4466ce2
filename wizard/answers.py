"""What a question accepts: validation of one answer and the list of all answers.

Shared by the review commands (to refuse bad answers), the checker and tests (to walk
every path), so "what counts as an answer" is defined once.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from wizard.conditions import AnswerValue
from wizard.flows import Question
from wizard.session import MAX_NOTE_CHARS, text_problem

TEXT_SAMPLE = "sample"


class AnswerError(ValueError):
    """An answer the question does not accept; the message is one line for the user."""


def normalize(question: Question, value: object) -> AnswerValue:
    """Return the canonical form of `value` for `question` or raise AnswerError."""
    if question.kind == "text":
        return _text_answer(question, value)
    known = [c.id for c in question.choices]
    if question.kind == "single":
        return _single_answer(question, value, known)
    return _multi_answer(question, value, known)


def _text_answer(question: Question, value: object) -> str:
    """The trimmed text; refused when a required answer is empty, or the text is too long or cannot be saved."""
    if not isinstance(value, str):
        raise AnswerError(f"question '{question.id}' takes text, got {_show(value)}")
    text = value.strip()
    if question.required and not text:
        raise AnswerError(f"question '{question.id}' needs an answer")
    if len(text) > question.max_length:
        raise AnswerError(f"question '{question.id}' takes at most {question.max_length} characters")
    problem = text_problem(text, question.max_length)
    if problem:
        raise AnswerError(f"the answer to question '{question.id}' cannot be saved: {problem}")
    return text


def _single_answer(question: Question, value: object, known: list[str]) -> str:
    if not isinstance(value, str) or value not in known:
        raise AnswerError(f"{_show(value)} is not a choice of question '{question.id}' (choices: {', '.join(known)})")
    return value


def _multi_answer(question: Question, value: object, known: list[str]) -> tuple[str, ...]:
    """The chosen ids in the question's order; one choice alone may be given as text."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        raise AnswerError(f"question '{question.id}' takes a list of one or more of: {', '.join(known)}")
    chosen = {_single_answer(question, item, known) for item in value}
    lonely = chosen & question.exclusive
    if lonely and len(chosen) > 1:
        raise AnswerError(f"'{sorted(lonely)[0]}' cannot be combined with other choices in question '{question.id}'")
    return tuple(c for c in known if c in chosen)


def options(question: Question) -> Iterator[AnswerValue]:
    """Every distinct valid answer (text questions: one sample), for exhaustive walks."""
    if question.kind == "text":
        yield TEXT_SAMPLE
        return
    ids = [c.id for c in question.choices]
    if question.kind == "single":
        yield from ids
        return
    free = [c for c in ids if c not in question.exclusive]
    for size in range(1, len(free) + 1):
        yield from combinations(free, size)
    for c in ids:
        if c in question.exclusive:
            yield (c,)


def check_note(text: str) -> str:
    """A note as stored (trimmed), or AnswerError when it cannot be saved (too long, a control character)."""
    text = text.strip()
    problem = text_problem(text, MAX_NOTE_CHARS)
    if problem:
        raise AnswerError(f"the note cannot be saved: {problem}")
    return text


def option_count(question: Question) -> int:
    """How many answers `options` yields, computed without building them (a 30-choice multi has 10^9)."""
    if question.kind != "multi":
        return max(len(question.choices), 1)
    free = sum(1 for c in question.choices if c.id not in question.exclusive)
    return 2**free - 1 + len(question.exclusive)


def display(question: Question, value: AnswerValue | None) -> str:
    """The answer as the user saw it: choice labels, not ids."""
    if value is None:
        return ""
    if question.kind == "text":
        return str(value)
    ids = (value,) if isinstance(value, str) else value
    labels = [(question.choice(i).label if question.choice(i) else i) for i in ids]
    return "; ".join(labels)


def is_unsure(question: Question, value: AnswerValue | None) -> bool:
    if value is None or question.kind == "text":
        return False
    ids = (value,) if isinstance(value, str) else value
    return bool(set(ids) & question.unsure_choices)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
