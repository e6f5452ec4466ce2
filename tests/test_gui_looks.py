"""Looks: the bundled style and icon, the clause panel, and a layout that holds at 200 % scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from wizard.paths import resources_dir

SCALED = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from wizard.flows import load_flows
from wizard.paths import flows_dir
from wizard.ui.app import apply_style
from wizard.ui.main_window import MainWindow
from wizard.ui.question_page import ChoiceLabel

app = QApplication([])
apply_style(app)
flowset = load_flows(flows_dir())
window = MainWindow(flowset, Path(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.IniFormat))
window.show()
window.new_review()
# The question with the longest choice labels, so wrapping is really exercised.
flow, question = max(((f, q) for f in flowset.term_flows for q in f.questions.values() if q.choices),
                     key=lambda fq: max(len(c.label) for c in fq[1].choices))
window.review.select(flow.id)
window.question_page.show_question(flow, question, None, "question 1", None, "")
window.resize(window.minimumSizeHint())  # as narrow as the window goes
app.processEvents()
page = window.question_page
labels = page.findChildren(ChoiceLabel)
clipped = [l.text() for l in labels if l.isVisible() and l.height() < l.heightForWidth(l.width())]
print(json.dumps({
    "ratio": window.devicePixelRatioF(),
    "smallest": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
    "clipped": clipped,
    "labels": len(labels),
    "wrapped": sum(l.wordWrap() and l.height() > 1.5 * l.fontMetrics().height() for l in labels),
    "title_wraps": page.title.wordWrap(),
    "next_visible": window.next_button.isVisible(),
}))
"""


def test_style_and_icon_come_from_resources(qapp) -> None:
    from wizard.ui.app import apply_style
    from wizard.ui.style import colours, style_sheet

    before, palette = qapp.styleSheet(), qapp.palette()
    try:
        apply_style(qapp)
        scheme = qapp.property("colorScheme")
        # resources/style.qss, its @colours filled in from resources/colours.toml for the system's scheme
        assert "#sidebar" in qapp.styleSheet() and qapp.styleSheet() == style_sheet(scheme)
        named = colours(scheme)
        assert not any(f"@{name}" in qapp.styleSheet() for name in named) and named["window"] in qapp.styleSheet()
        assert "#sidebar" in (resources_dir() / "style.qss").read_text()
    finally:
        qapp.setStyleSheet(before)
        qapp.setPalette(palette)
    assert not QIcon(str(resources_dir() / "icons" / "app.svg")).isNull()


def test_the_clause_panel_opens_and_closes(qtbot, open_window, flowset) -> None:
    window = open_window()
    window.new_review()
    flow = flowset.flow("training")
    window.review.select(flow.id)
    window.view = "question"
    window.refresh()
    page = window.question_page
    assert page.clause_toggle.isVisibleTo(window) and not page.clause.isVisibleTo(window)
    qtbot.mouseClick(page.clause_toggle, Qt.LeftButton)
    assert page.clause.isVisibleTo(window)
    assert flowset.terms.sections[flow.section].clause in page.clause.text()
    qtbot.mouseClick(page.clause_toggle, Qt.LeftButton)
    assert not page.clause.isVisibleTo(window)


def test_the_window_fits_and_nothing_is_clipped_at_200_percent(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", SCALED, str(tmp_path / "data"), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["ratio"] == 2
    # A 1920 x 1080 laptop screen at 200 % is 960 x 540 logical pixels: the window must fit in that.
    assert shown["smallest"][0] <= 960 and shown["smallest"][1] <= 540, shown
    assert shown["labels"] >= 2 and shown["clipped"] == [], shown
    assert shown["wrapped"] >= 1, "a long choice wraps onto more lines instead of running off the page"
    assert shown["next_visible"]
