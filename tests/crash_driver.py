"""A scripted review run as its own process, for the SIGKILL crash test (tests/test_crash.py).

    python crash_driver.py core TARGET.json      Review(path=TARGET) answered step by step,
                                                 exactly what the window's Next does
    python crash_driver.py gui DATA_DIR          the real MainWindow offscreen: each answer is put
                                                 into its widgets and its go_next() slot is called;
                                                 its settings file is DATA_DIR/settings.ini
    python crash_driver.py pause TARGET.json     like core, but the 3rd save stops after fsync of
                                                 the temp file, before the rename (a kill lands mid-write)

It prints `ready PATH` once, then `ack N` (flushed) after the N-th answer has
returned, i.e. after it is on disk; `replacing N` just before a paused rename.
Between answers it "thinks" for THINK seconds (a person takes far longer), so
a kill at a random moment lands in a save about as often as between saves.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "examples" / "customer-chatbot.yaml"

THINK = 0.002
SETTINGS = "settings.ini"  # the gui mode's QSettings file, in DATA_DIR
LINGER = 0.5  # on the finish page, so a kill after the last answer still finds the process
Step = tuple[str, str, Any, str]


def flows():
    """The bundled flows without the graph check: it costs seconds per start and is tested elsewhere."""
    from wizard.flows import read_flows
    from wizard.paths import flows_dir

    flowset, problems = read_flows(flows_dir())
    assert flowset is not None and not problems, problems
    return flowset


def script(flowset) -> list[Step]:
    """(flow, question, answer, note) in the order a person meets them; some answers carry a note."""
    from wizard.review import Review

    answers = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    notes = answers.pop("notes", {})
    review = Review(flowset)
    steps: list[Step] = []
    while review.question is not None:
        flow_id, question = review.flow_id, review.question
        note = notes.get(flow_id, {}).get(question.id, "")
        if question.kind != "text" and not note and len(steps) % 5 == 3:
            note = f"note {len(steps)}: ask counsel — «{question.id}»"
        value = answers[flow_id][question.id]
        steps.append((flow_id, question.id, value, note))
        review.answer(value, note)
    return steps


def say(*words: object) -> None:
    sys.stdout.write(" ".join(map(str, words)) + "\n")
    sys.stdout.flush()


def run_core(target: Path, pause_at: int | None = None) -> None:
    from wizard.review import Review

    flowset = flows()
    steps = script(flowset)
    if pause_at is not None:
        _pause_before_rename(pause_at)
    review = Review(flowset, path=target)
    say("ready", target)
    for n, (flow_id, question_id, value, note) in enumerate(steps, 1):
        assert (review.flow_id, review.question.id) == (flow_id, question_id)
        review.answer(value, note)
        say("ack", n)
        time.sleep(THINK)
    time.sleep(LINGER)
    say("done")


def _pause_before_rename(save_number: int) -> None:
    """Hold the given save between fsync of the temp file and the rename, so the kill lands there."""
    real_replace = os.replace
    count = {"saves": 0}

    def replace(src, dst):
        count["saves"] += 1
        if count["saves"] == save_number:
            say("replacing", save_number)
            time.sleep(60)
        return real_replace(src, dst)

    os.replace = replace


def run_gui(data_dir: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMessageBox
    from scripted_input import enter

    from wizard.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    flowset = flows()
    steps = script(flowset)
    for name in ("warning", "critical", "information"):  # a dialog would block the script forever
        setattr(QMessageBox, name, staticmethod(lambda *a, _n=name: sys.exit(f"unexpected {_n} dialog: {a[1:]}")))
    from PySide6.QtCore import QSettings

    # Settings beside the autosaves, so the test's next window finds the crash-resume offer there.
    window = MainWindow(flowset, data_dir, settings=QSettings(str(data_dir / SETTINGS), QSettings.IniFormat))
    window.show()
    window.new_review()  # File > New review (the window may open on a start screen)
    say("ready", window.review.path)
    for n, (flow_id, question_id, value, note) in enumerate(steps, 1):
        assert (window.review.flow_id, window.review.question.id) == (flow_id, question_id)
        enter(window.question_page, value, note)
        assert window.next_button.isEnabled(), window.question_page.problem()
        window.go_next()
        app.processEvents()
        say("ack", n)
        time.sleep(THINK)
    time.sleep(LINGER)
    say("done")


def main(argv: list[str]) -> int:
    mode, where = argv[0], Path(argv[1])
    if mode == "core":
        run_core(where)
    elif mode == "pause":
        run_core(where, pause_at=3)
    elif mode == "gui":
        run_gui(where)
    else:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
