"""Every page is usable in a 700 x 400 window, at 100 % and 200 % scaling: content scrolls, nothing is clipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

CHECK = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget
from wizard.flows import load_flows
from wizard.paths import flows_dir
from wizard.ui.app import apply_style
from wizard.ui.main_window import MainWindow

app = QApplication([])
apply_style(app)
flowset = load_flows(flows_dir())
data, settings, session, width, height = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
window = MainWindow(flowset, data, settings=QSettings(settings, QSettings.IniFormat))
window.show()
window.resize(width, height)
app.processEvents()
problems, reached = [], {}


def scroll_of(widget):
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def check(where, page):
    # Nothing wider than the page: no sideways scrolling needed.
    for area in page.findChildren(QScrollArea):
        if area.isVisibleTo(window) and area.horizontalScrollBar().maximum() > 0:
            problems.append(f"{where}: scrolls sideways by {area.horizontalScrollBar().maximum()} px")
    count = 0
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text() \
                and widget.height() < widget.heightForWidth(widget.width()) - 1:
            problems.append(f"{where}: label cut off: {widget.text()[:50]!r}")
        if isinstance(widget, QAbstractButton) and widget.isEnabled():
            area = scroll_of(widget)
            if area is not None:
                area.ensureWidgetVisible(widget, 0, 0)
                app.processEvents()
                shown = QRect(widget.mapTo(area.viewport(), widget.rect().topLeft()), widget.size())
                if not area.viewport().rect().contains(shown):
                    problems.append(f"{where}: cannot scroll to {widget.text() or widget.objectName()!r}")
            elif not window.rect().contains(QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())):
                problems.append(f"{where}: {widget.text() or widget.objectName()!r} is outside the window")
            count += 1
    reached[where] = count


check("start", window.start_page)
window.new_review()
# The question with the longest choice labels.
flow, question = max(((f, q) for f in flowset.term_flows for q in f.questions.values() if q.choices),
                     key=lambda fq: sum(len(c.label) for c in fq[1].choices))
window.review.select(flow.id)
window.question_page.show_question(flow, question, flowset.terms.sections.get(flow.section or ""), "question 1",
                                   None, "a note " * 60)
app.processEvents()
check("question", window.question_page)
window.setWindowModified(False)
window.open_file(session)
app.processEvents()
for row in window.review_page.rows:
    if row.note is not None and row.note.toggle is not None:
        row.note.toggle.click()  # the whole note shown: still nothing cut off
app.processEvents()
check("review", window.review_page)
edits = len(window.review_page.edit_buttons)
window.view = "report"
window.refresh()
pdf = data / "r.pdf"
pdf.write_bytes(b"%PDF-1.4\n")
window.finish_page.done(str(pdf))
app.processEvents()
check("report", window.finish_page)
window.set_counsel_mode(True)
app.processEvents()
check("counsel", window.counsel_page)
print(json.dumps({"ratio": window.devicePixelRatioF(), "size": [window.width(), window.height()],
                  "problems": problems, "reached": reached, "edits": edits,
                  "narrow": window.review_page.narrow}))
"""


@pytest.fixture(scope="module")
def long_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wizard.cli import main
    from wizard.fsio import load, save

    path = tmp_path_factory.mktemp("layout") / "notes.json"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(path)]) == 0
    session = load(path)
    for flow_id, answers in session.answers.items():
        first = next(iter(answers))
        session.notes.setdefault(flow_id, {})[first] = (
            "Counsel should check whether the marketing team's own use of the Anthropic API counts. " * 8
        ).strip()
    save(session, path)
    return path


@pytest.mark.parametrize("scale", ["1", "2"])
def test_every_page_scrolls_to_every_control_at_700_by_400(tmp_path: Path, long_notes: Path, scale: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale, "BEDROCK_WIZARD_DATA": str(tmp_path / "data")}
    (tmp_path / "data").mkdir()
    for n in (1, 2):  # rows on the start screen: two reviews (two identities), not two copies of one
        copy = json.loads(long_notes.read_text(encoding="utf-8"))
        copy["id"] = f"{n:032x}"
        (tmp_path / "data" / f"review-{n}.json").write_text(json.dumps(copy), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp_path / "data"), str(tmp_path / "s.ini"), str(long_notes), "700", "400"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["ratio"] == int(scale)
    assert shown["size"][1] <= 420, "the window really is that small"
    assert shown["problems"] == [], shown["problems"]
    assert shown["narrow"], "the review page stacks answers under questions when narrow"
    assert shown["reached"]["review"] >= shown["edits"] > 30, "every Edit link was scrolled to"
    assert shown["reached"]["report"] >= 5 and shown["reached"]["question"] >= 3
    assert shown["reached"]["start"] >= 2 + 2 * 3, "New, Open a file, and each row's Open, Show in folder, Delete"
    assert shown["reached"]["counsel"] >= 20, "counsel mode: every question's tick, the decision, Leave"
