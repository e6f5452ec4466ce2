"""Check every answer before the report: grouped by term, each with Edit, and the findings they give."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wizard.answers import display
from wizard.derive import PROGRESS_LABELS, Derived, Part
from wizard.findings import SEVERITIES, Findings, TermFindings
from wizard.ui.layouts import clear_layout


def findings_line(findings: Findings) -> str:
    """The tally of findings the sidebar shows while answering."""
    risks = " · ".join(f"{findings.risk_count(s)} {s}" for s in SEVERITIES)
    return (
        f"Findings so far\n{_count(findings.total('obligations'), 'obligation')}\n"
        f"Risks: {risks}\n"
        f"{_count(findings.total('open_questions'), 'open question')}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _term_line(term: TermFindings) -> str:
    risks = ", ".join(f"{term.risk_count(s)} {s}" for s in SEVERITIES if term.risk_count(s))
    parts = [_count(len(term.obligations), "obligation"), f"risks: {risks or 'none'}",
             _count(len(term.open_questions), "open question")]
    return f"Findings: {' · '.join(parts)} — {term.verdict}"


def _plain(text: str, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=wrap)
    label.setTextFormat(Qt.PlainText)
    return label


class ReviewPage(QWidget):
    edit_requested = Signal(str, str)  # flow id, question id
    continue_requested = Signal(str)  # flow id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Check your answers", objectName="questionText")
        self.intro = _plain(
            "Every answer, grouped by term. Use Edit to change one: the findings update as you go, and if a change "
            "takes the interview down another branch you are told which later answers would be dropped before "
            "anything changes.", "help")
        self.summary = QGridLayout()
        self.summary.setHorizontalSpacing(14)
        self.summary.setColumnStretch(0, 1)
        self.top_risks = _plain("", "topRisks")
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        self.edit_buttons: list[QPushButton] = []

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.summary)
        layout.addWidget(self.top_risks)
        layout.addLayout(self.body)
        layout.addStretch(1)
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        self.scroll.setFocusPolicy(Qt.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # wrap to the width, never scroll sideways
        self.scroll.setWidget(inner)
        QApplication.instance().focusChanged.connect(self._follow_focus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Keep the focused Edit link in view when tabbing down a long review."""
        if new is not None and self.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 40, 40)

    def show_review(self, derived: Derived) -> None:
        findings = derived.findings
        clear_layout(self.summary)
        clear_layout(self.body)
        self.edit_buttons = []
        self._summary_table(findings)
        top = findings.top_risks
        self.top_risks.setObjectName("topRisks" if top else "noRisks")
        self.top_risks.style().unpolish(self.top_risks)
        self.top_risks.style().polish(self.top_risks)
        self.top_risks.setText(
            "Most serious risks: " + "; ".join(f"{r.title} ({r.severity}, {t.heading})" for t, r in top) if top
            else "No risks follow from your answers so far."
        )
        by_flow = {t.flow.id: t for t in findings.terms}
        for part in derived.parts.values():
            self.body.addWidget(self._group(part, by_flow.get(part.flow.id)))
        if derived.set_aside:
            self.body.addWidget(self._stale_group(derived))
        order = [b for b in self.edit_buttons if b.isEnabled()]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _summary_table(self, findings: Findings) -> None:
        headers = ("Term", "Obligations", *(f"{s.capitalize()} risks" for s in SEVERITIES), "Open questions", "Status")
        last = len(headers) - 1
        for col, text in enumerate(headers):
            self.summary.addWidget(QLabel(text, objectName="tableHeader"), 0, col)
        for row, t in enumerate(findings.terms, 1):
            cells = (t.heading, len(t.obligations), *(t.risk_count(s) for s in SEVERITIES), len(t.open_questions),
                     t.verdict)
            for col, value in enumerate(cells):
                label = _plain(str(value), wrap=col in (0, last))
                if col == last:
                    label.setObjectName(f"status_{t.verdict.replace(' ', '_')}")
                self.summary.addWidget(label, row, col)

    def _group(self, part: Part, term: TermFindings | None) -> QFrame:
        flow, flow_id = part.flow, part.flow.id
        box = QFrame(objectName="reviewGroup")
        layout = QVBoxLayout(box)
        layout.addWidget(_plain(f"{flow.title} — {PROGRESS_LABELS[part.progress]}", "groupHeading"))
        if term is not None:
            layout.addWidget(_plain(_term_line(term), "groupFindings"))
        grid = QGridLayout()
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, step in enumerate(part.steps):
            grid.addWidget(_plain(step.question.text, "stepQuestion"), row, 0, Qt.AlignTop)
            answer = display(step.question, step.value) + (f"\nNote: {step.note}" if step.note else "")
            grid.addWidget(_plain(answer, "stepAnswer"), row, 1, Qt.AlignTop)
            edit = QPushButton("Edit", objectName="editLink")
            edit.setAccessibleName(f"Edit your answer to: {step.question.text}")
            edit.setCursor(Qt.PointingHandCursor)
            edit.clicked.connect(lambda _=False, f=flow_id, q=step.question.id: self.edit_requested.emit(f, q))
            self.edit_buttons.append(edit)
            grid.addWidget(edit, row, 2, Qt.AlignTop)
        layout.addLayout(grid)
        if not part.done:
            more = QPushButton("Answer the rest of this part", objectName="continuePart")
            more.setAccessibleName(f"Answer the rest of {flow.title}")
            more.clicked.connect(lambda _=False, f=flow_id: self.continue_requested.emit(f))
            self.edit_buttons.append(more)
            layout.addWidget(more, 0, Qt.AlignLeft)
        return box

    def _stale_group(self, derived: Derived) -> QFrame:
        box = QFrame(objectName="staleGroup")
        layout = QVBoxLayout(box)
        layout.addWidget(_plain("Earlier answers set aside", "groupHeading"))
        layout.addWidget(_plain(
            "The interview has changed since these answers were given, so they no longer fit. They are kept here "
            "and in the report for the record; the questions that changed were asked again.", "help"))
        grid = QGridLayout()
        flowset = derived.flowset
        for row, item in enumerate(derived.set_aside):
            title = flowset.flow(item.flow).title if flowset.has(item.flow) else item.flow
            grid.addWidget(_plain(f"{title}: {item.question}", "stepQuestion"), row, 0, Qt.AlignTop)
            grid.addWidget(_plain(f"{item.value}\n({item.reason})", "stepAnswer"), row, 1, Qt.AlignTop)
        layout.addLayout(grid)
        return box

