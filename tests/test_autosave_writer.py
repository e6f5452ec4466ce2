"""Autosaves written behind the window: on disk at every point where work could otherwise be lost (no Qt).

The window's workspace (`write_behind`) lets a command return while its
autosave is written on the writer's thread, draws the next page, then waits
for it. These tests hold the writer at a gate, so nothing here depends on
timing: whatever was submitted must be on disk when each flush point returns.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from wizard import autosave
from wizard import workspace as ws
from wizard.flows import FlowSet
from wizard.fsio import load
from wizard.lock import take_over
from wizard.session import SessionError
from wizard.workspace import Workspace

ANSWERS = yaml.safe_load((FIXTURES / "mini-scenario.yaml").read_text())


class Gate:
    """Holds every autosave write until opened; `fail` makes the next write fail like a full disk."""

    def __init__(self) -> None:
        self.open, self.fail, self.held, self.waiting = threading.Event(), False, threading.Event(), threading.Event()

    def later(self) -> None:
        """Open the gate from another thread once the workspace waits for the writer (and only then)."""
        threading.Thread(target=lambda: (self.waiting.wait(10), self.open.set())).start()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate, real = Gate(), autosave.write_private

    def held(path: Path, data: bytes) -> None:
        gate.held.set()
        assert gate.open.wait(10), "the test never opened the gate"
        if gate.fail:
            gate.fail = False
            raise SessionError(f"{path}: cannot write (No space left on device)")
        real(path, data)

    real_wait = autosave.Writer.wait

    def wait(writer: autosave.Writer) -> None:
        gate.waiting.set()
        real_wait(writer)

    monkeypatch.setattr(autosave, "write_private", held)
    monkeypatch.setattr(autosave.Writer, "wait", wait)
    yield gate
    gate.open.set()


def behind(flowset: FlowSet, folder: Path, answers: int) -> Workspace:
    """A window's workspace (writes behind) with a new review and `answers` answers, all on disk."""
    space = Workspace(flowset, folder, write_behind=True)
    assert space.new().document
    for _ in range(answers):
        review = space.review
        assert space.answer(ANSWERS[review.flow_id][review.question.id], None).modified
    assert space.flush()
    return space


def _answer_held(space: Workspace, gate: Gate) -> str:
    """One more answer, held at the gate: returned to the caller, not yet on disk."""
    gate.open.clear()
    gate.held.clear()
    question = space.review.question.id
    assert space.answer(ANSWERS[space.review.flow_id][question], None).modified
    assert gate.held.wait(10), "the autosave was handed to the writer"
    assert question not in load(space.review.path).all_answers().get(space.review.flow_id, {}), "held at the gate"
    gate.waiting.clear()
    return question


def _on_disk(space: Workspace, path: Path, question: str) -> bool:
    return any(question in answers for answers in load(path).all_answers().values())


def test_flush_waits_for_the_autosave_written_behind(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    question = _answer_held(space, gate)
    gate.later()
    assert space.flush() and _on_disk(space, space.review.path, question)
    space.close()


def test_closing_writes_the_last_autosave_before_the_locks_go(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    path = space.review.path
    question = _answer_held(space, gate)
    gate.later()
    space.close()
    assert _on_disk(space, path, question) and space.locks == []


def test_leaving_asks_only_once_the_autosave_is_written(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    question = _answer_held(space, gate)
    gate.later()
    prompt = space.leaving()
    assert _on_disk(space, space.review.path, question)
    assert isinstance(prompt, ws.UnsavedPrompt) and ws.DISCARD in prompt.choices, "the autosave truly holds the change"
    space.close()


def test_opening_or_starting_another_review_writes_the_last_one_first(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    first = space.review.path
    question = _answer_held(space, gate)
    gate.later()
    assert space.new().document, "a new review: the window's New review"
    assert _on_disk(space, first, question) and space.review.path != first
    second = space.review.path
    gate.open.set()
    space.answer(ANSWERS["profile"][space.review.question.id], None)
    assert space.flush()
    question = _answer_held(space, gate)
    gate.later()
    assert space.open(first).document, "switching to another review: File ▸ Open"
    assert _on_disk(space, second, question)
    space.close()


def test_save_as_and_a_take_over_write_what_was_submitted_first(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    autosave_file = space.review.path
    question = _answer_held(space, gate)
    gate.later()
    assert space.save_as(tmp_path / "review.json").document
    assert _on_disk(space, autosave_file, question) and _on_disk(space, tmp_path / "review.json", question)
    question = _answer_held(space, gate)
    take_over(autosave_file)  # another window takes the review over while the write is held
    gate.later()
    assert space.check_lock(), "taken over"
    assert _on_disk(space, autosave_file, question), "what this window had handed to the writer is not lost"
    space.close()


def test_a_write_that_fails_behind_the_window_is_said_and_never_promised(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    gate.open.set()
    space = behind(mini, tmp_path / "data", 1)
    gate.fail = True
    question = space.review.question.id
    space.answer(ANSWERS[space.review.flow_id][question], None)
    assert not space.flush(), "the failure reaches the workspace at the next flush"
    assert space.modified and "No space left on device" in space.autosave_problem
    assert space.notice is not None and space.notice.title == "Could not save"
    prompt = space.leaving()  # the autosave is tried again, and works now
    assert ws.DISCARD in prompt.choices and _on_disk(space, space.review.path, question)
    space.close()


def test_without_write_behind_every_command_returns_with_its_autosave_on_disk(mini: FlowSet, tmp_path: Path, gate: Gate) -> None:
    space = Workspace(mini, tmp_path / "data")
    gate.open.set()
    assert space.new().document
    question = space.review.question.id
    gate.open.clear()
    gate.waiting.clear()
    gate.later()
    space.answer(ANSWERS[space.review.flow_id][question], None)
    assert _on_disk(space, space.review.path, question), "the command waited for its write"
    space.close()
