"""Crash safety: SIGKILL the app at random points of a review; the restart has every answer given.

The driver (crash_driver.py) answers a scripted review in its own process and
says `ack N` only after the N-th answer has returned. We kill it at a random
moment (seeded), then the session file must parse, hold every acknowledged
answer (exactly the state after N answers, or after N+1 if the kill came
between that save and its `ack`), and a restart must resume at the next
question and finish. SIGKILL keeps the page cache, so this proves the write
is atomic and in order, not that fsync reaches the disk.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from crash_driver import flows, script

from wizard.fsio import load
from wizard.review import Review
from wizard.session import Session

DRIVER = Path(__file__).resolve().parent / "crash_driver.py"
RUNS = 50
SEED = 20261125
GUI_RUNS = set(range(2, RUNS, 5))  # 10 runs through the real window, answers via its own Next slot
PAUSED_RUNS = {4, 24}  # killed for sure between the temp file's fsync and the rename
TIMEOUT = 60.0


def state(session: Session) -> dict[str, Any]:
    """What must survive: answers, notes, flags and the audit log, without clock times."""
    data = session.to_json()
    data.pop("created")
    data.pop("id", None)  # a new review's identity is random, like its creation time
    data["log"] = [{k: v for k, v in entry.items() if k != "at"} for entry in data["log"]]
    return data


@pytest.fixture(scope="module")
def scripted() -> tuple[Any, list, list[dict[str, Any]]]:
    """The script, and the expected session state after 0, 1, ... N answers."""
    flowset = flows()
    steps = script(flowset)
    review = Review(flowset)
    states = [state(review.session)]
    for _flow, _question, value, note in steps:
        review.answer(value, note)
        states.append(state(review.session))
    assert review.complete and len(steps) > 30
    return flowset, steps, states


class Driver:
    """The driver process with a line reader that never blocks past a deadline."""

    def __init__(self, mode: str, where: Path, log: Path) -> None:
        self.stderr = open(log, "wb")  # noqa: SIM115 - closed in finish()
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), mode, str(where)], stdout=subprocess.PIPE, stderr=self.stderr)
        self.buffer = b""
        self.lines: list[str] = []
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.proc.stdout, selectors.EVENT_READ)

    def read_line(self, deadline: float) -> str | None:
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(left):
                raise AssertionError(f"driver silent; stderr: {self.error_text()}")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        self.lines.append(line.decode())
        return self.lines[-1]

    def kill_and_drain(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)
        rest = self.buffer + self.proc.stdout.read()
        self.lines += [line.decode() for line in rest.splitlines()]
        self.proc.stdout.close()
        self.stderr.close()
        self.selector.close()

    def error_text(self) -> str:
        self.stderr.flush()
        return Path(self.stderr.name).read_text(errors="replace")[-2000:]

    def acked(self) -> int:
        return sum(1 for line in self.lines if line.startswith("ack "))


def answer_of(data: dict[str, Any], flow_id: str, question_id: str) -> Any:
    answers = data["profile"] if flow_id == "profile" else data["answers"].get(flow_id, {})
    return answers.get(question_id)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def restart_in_window(qtbot, flowset, folder: Path, target: Path, steps: list, where: str) -> Path:
    """Open the killed review in a new window (as `bedrock-wizard open` does) and finish it there."""
    from scripted_input import enter

    from wizard.ui.main_window import MainWindow

    window = MainWindow(flowset, folder, target)
    qtbot.addWidget(window)
    for flow_id, question_id, value, note in steps:
        assert (window.review.flow_id, window.review.question.id) == (flow_id, question_id), f"{where}: resumed elsewhere"
        enter(window.question_page, value, note)
        window.go_next()
    assert window.review.complete, f"{where}: the window did not finish the review"
    return window.review.path


@pytest.mark.slow
def test_sigkill_at_random_points_loses_no_acknowledged_answer(scripted, tmp_path: Path, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    for name in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a: pytest.fail(f"unexpected dialog {a[1:]}")))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.Discard)  # "save changes?" on close: no
    flowset, steps, states = scripted
    rng = random.Random(SEED)
    started = time.monotonic()
    mid_write = 0
    for run in range(RUNS):
        mode = "gui" if run in GUI_RUNS else "pause" if run in PAUSED_RUNS else "core"
        folder = tmp_path / f"run{run:02d}"
        folder.mkdir()
        target = folder / "review.json"
        kill_after = rng.randrange(len(steps))  # acks to wait for (0: kill during the first save)
        delay = rng.uniform(0, 0.003)
        driver = Driver(mode, folder if mode == "gui" else target, tmp_path / f"run{run:02d}.err")
        deadline = time.monotonic() + TIMEOUT
        ready = driver.read_line(deadline)
        assert ready and ready.startswith("ready "), (ready, driver.error_text())
        target = Path(ready.split(" ", 1)[1])
        if mode == "pause":
            while (line := driver.read_line(deadline)) is not None and not line.startswith("replacing"):
                pass
            assert line == "replacing 3", line
        else:
            while driver.acked() < kill_after:
                assert driver.read_line(deadline) is not None, f"run {run}: driver ended early: {driver.error_text()}"
            time.sleep(delay)
        driver.kill_and_drain()
        assert "done" not in driver.lines, f"run {run}: the kill came too late to test anything"
        acked = driver.acked()
        where = f"run {run} ({mode}, killed after {acked} acknowledged answers)"
        leftovers = temp_files(folder)
        mid_write += bool(leftovers)
        if mode == "pause":
            assert acked == 2 and leftovers, f"{where}: the kill should have left the temp file"

        # The file on disk: valid JSON, private, and exactly the state after `acked` (or one more) answers.
        if not target.exists():
            assert acked == 0, f"{where}: acknowledged answers but no session file"
            done_steps = 0
        else:
            json.loads(target.read_text(encoding="utf-8"))
            assert stat.S_IMODE(target.stat().st_mode) == 0o600, where
            recovered = load(target)
            recovered_json = recovered.to_json()
            for flow_id, question_id, _value, note in steps[:acked]:
                given, expected = (
                    answer_of(recovered_json, flow_id, question_id),
                    answer_of(states[acked], flow_id, question_id),
                )
                assert given == expected is not None, f"{where}: lost {flow_id}.{question_id}"
                assert recovered.note(flow_id, question_id) == note.strip(), f"{where}: lost note {flow_id}.{question_id}"
            got = state(recovered)
            assert got in (states[acked], states[min(acked + 1, len(steps))]), f"{where}: unexpected content"
            done_steps = acked if got == states[acked] else acked + 1

        # Restart: resume from the file at the next question and finish the review (in the window for GUI
        # runs; with no file yet, a fresh window would pick a new name, so restart on the same name).
        if mode == "gui" and target.exists():
            target = restart_in_window(qtbot, flowset, folder, target, steps[done_steps:], where)
        else:
            review = Review(flowset, load(target) if target.exists() else None, target)
            for flow_id, question_id, value, note in steps[done_steps:]:
                assert (review.flow_id, review.question.id) == (flow_id, question_id), f"{where}: resumed elsewhere"
                review.answer(value, note)
        final = load(target)
        assert final.finished and state(final) == states[-1], f"{where}: the resumed review differs from an unbroken one"
        assert temp_files(folder) == [], f"{where}: temp files of the killed process were not cleaned up"
    elapsed = time.monotonic() - started
    print(f"\n{RUNS} kills in {elapsed:.1f}s; {mid_write} landed mid-write (temp file left, then cleaned)")
    assert mid_write >= len(PAUSED_RUNS)
