"""Answer questions in a real window (offscreen), saying so after each, then wait to be killed.

Run by test_gui_files.py: argv = settings.ini, data folder, scenario.yaml, number of answers.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import yaml  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from wizard.flows import load_flows  # noqa: E402
from wizard.paths import flows_dir  # noqa: E402
from wizard.ui.main_window import MainWindow  # noqa: E402


def main() -> None:
    settings, data, scenario, count = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    app = QApplication(sys.argv[:1])
    window = MainWindow(load_flows(flows_dir()), data, settings=QSettings(settings, QSettings.IniFormat))
    window.show()
    window.new_review()
    answers = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    for _ in range(count):
        flow_id, question = window.review.flow_id, window.review.question
        value = answers[flow_id][question.id]
        page = window.question_page
        if isinstance(page.text_input, QPlainTextEdit):
            page.text_input.setPlainText(value)
        elif page.text_input is not None:
            page.text_input.setText(value)
        else:
            wanted = {value} if isinstance(value, str) else set(value)
            for button in page.buttons:
                button.setChecked(button.property("choice") in wanted)
        window.go_next()
        app.processEvents()
        print(f"answered {flow_id}.{question.id}", flush=True)
    print("waiting", flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main()
