"""One view: with counsel's entries, every page, the report, `summary` and every export say the same thing.

The review is the finished customer-chatbot example with counsel's answer:
the three fine-tuning questions resolved (one made the part "Cannot be
assessed yet"), a risk to reduce, an owner and date for a recommendation, and
a decision with a condition. Every number and verdict is read from what the
user sees (labels, the report's HTML, the summary's text, the exports' data)
and compared with the one derived view.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from PySide6.QtWidgets import QApplication

from wizard.derive import derive
from wizard.export import render
from wizard.fsio import load
from wizard.ics import escape
from wizard.report import render_html
from wizard.review import Review
from wizard.summary import summary

RESOLVED = (
    "fine_tuning.others_materials",
    "fine_tuning.rights_unknown",
    "fine_tuning.tuning_on_personal_data",
    "fine_tuning.product_use",
    "fine_tuning.fine_tune_indemnity",
)
RISK = "fine_tuning.cross_client_leak"
RECOMMENDATION = "confidentiality.contractor_access"


def with_counsel(flowset, path: Path) -> None:
    """Counsel's entries, through the same commands the counsel page uses; autosaved to `path`."""
    review = Review.open(flowset, load(path), path)
    for finding_id in RESOLVED:
        assert review.answer_question(finding_id, f"Counsel on {finding_id}.", resolved=True).modified
    review.dispose_risk(RISK, "reduce_before_go_live", "Separate the tuned models per client.")
    review.set_action(RISK, "Platform team", "2027-01-15")
    review.set_action(RECOMMENDATION, "Security", "2027-02-01")
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Keep a register of tuned models."])
    review.set_action("counsel#1", "Procurement", "2027-03-01")


class ReportTable(HTMLParser):
    """The report's summary table: part -> (open questions, verdict), read from the HTML as printed."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, tuple[int, str]] = {}
        self._in_table = self._in_body = False
        self._cells: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "grid parts") in attrs:
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self._cells = []
        elif self._in_body and tag == "td":
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in_body and tag == "td" and self._text is not None:
            self._cells.append(" ".join("".join(self._text).split()))
            self._text = None
        elif self._in_body and tag == "tr":
            self.rows[self._cells[0]] = (int(self._cells[-2]), self._cells[-1])
        elif tag == "table":
            self._in_table = self._in_body = False


def test_every_page_report_summary_and_export_agree_once_counsel_answers(qtbot, open_window, finished: Path, flowset) -> None:
    with_counsel(flowset, finished)
    session = load(finished)
    view = derive(flowset, session)
    c = view.counsel
    parts = {t.flow.title: (t.open_count, t.verdict) for t in view.findings.terms}
    tuning = next(t for t in view.findings.terms if t.flow.id == "fine_tuning")
    assert tuning.open_count == 0 and tuning.resolved_count == len(RESOLVED)
    assert tuning.verdict != "Cannot be assessed yet", "counsel resolved the question that blocked the part"
    n, resolved, decision = view.open_count, view.findings.resolved_count, view.findings.decision.label
    assert n == c.open_count + len(view.findings.profile_questions) and resolved == len(RESOLVED)
    assert c.status == decision and c.cover_line.startswith("Approved with conditions: Dana Lee, Legal")

    # The window: review page, sidebar, finish page.
    window = open_window(finished)
    window.show_review()
    QApplication.processEvents()
    page = window.review_page
    grid = page.summary
    shown = {}
    for row in range(1, grid.rowCount()):
        cells = [grid.itemAtPosition(row, col).widget().text() for col in range(grid.columnCount())]
        shown[cells[0]] = (int(cells[-2]), cells[-1])
    assert shown == parts
    # Counsel's decision leads, as on the cover; the computed status follows as "before counsel's review".
    assert page.decision.text() == c.cover_line
    assert page.deciding.text().startswith(f"Computed status before counsel's review: {decision}. ")
    assert page.counsel_panel.decision.text() == c.cover_line
    assert f"{n} open question{'s' if n != 1 else ''} ({resolved} resolved by counsel)" in window.live.text()
    assert window.side_decision.text() == f"Counsel's decision\n{c.cover_line}"
    sidebar = {window.sidebar.item(i).data(0x0100): window.sidebar.item(i).toolTip() for i in range(window.sidebar.count())}
    assert sidebar["fine_tuning"] == flowset.vocabulary.progress[view.part("fine_tuning").progress]
    window.show_page("report")
    QApplication.processEvents()
    assert f", {n} open questions." in window.finish_page.summary.text()

    # The report.
    html = render_html(flowset, session)
    table = ReportTable()
    table.feed(html)
    assert table.rows == parts
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert f"Computed status before counsel's review {decision}" in text and c.cover_line in text
    assert f"Open questions: {n}; resolved by counsel: {resolved}." in text

    # summary, JSON, calendar.
    said = summary(flowset, session)
    assert said.startswith(f"{view.findings.project}: {c.cover_line}.")
    assert f"{n} open question{'s' if n != 1 else ''}, {resolved} resolved by counsel." in said
    data = json.loads(render(flowset, session, "json"))
    assert {p["title"]: (p["open_questions"], p["status_label"]) for p in data["parts"]} == parts
    assert (data["status"], data["decision"]["label"], data["cover"]) == (decision, decision, c.cover_line)
    ics = render(flowset, session, "ics").decode("utf-8").replace("\r\n ", "")
    assert escape(c.cover_line) in ics
    assert {a.id: (a.owner, a.due) for a in c.actions if a.due} == {
        "counsel#1": ("Procurement", "2027-03-01"),
        RISK: ("Platform team", "2027-01-15"),
        RECOMMENDATION: ("Security", "2027-02-01"),
    }
    for day in ("20270301", "20270115", "20270201"):
        assert f"DTSTART;VALUE=DATE:{day}" in ics


def test_every_action_items_owner_and_due_date_reach_the_reports_checklists(finished: Path, flowset) -> None:
    """Recommendations, risks counsel wants reduced and counsel's conditions, as obligations do."""
    with_counsel(flowset, finished)
    session = load(finished)
    obligation = next(a for a in derive(flowset, session).counsel.actions if a.kind == "obligation")
    review = Review.open(flowset, session, finished)
    review.set_action(obligation.id, "Legal ops", "2027-04-01")
    view = derive(flowset, load(finished)).counsel
    owned = {a.kind: a for a in view.actions if a.owner}
    assert set(owned) == {"condition", "obligation", "recommendation", "risk"}
    html = render_html(flowset, load(finished))
    rows = re.findall(r'<tr[^>]*><td class="box">☐</td><td[^>]*>(.*?)</td><td class="owner">(.*?)</td></tr>', html, re.S)
    for kind, item in owned.items():
        cell = f'{item.owner}<span class="due">due {item.due}</span>'
        hits = [text for text, owner in rows if owner == cell]
        assert len(hits) == 1, f"{kind} {item.id}: owner and due date in one checklist row"
        assert item.title.replace("'", "&#39;") in hits[0] or item.title in hits[0]
