"""Check every answer before the report: grouped by term, each with Edit, and the findings they give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.answers import display
from wizard.counsel_view import CounselView, TermView
from wizard.derive import Derived, Part
from wizard.diff import fresh_look
from wizard.findings import Findings, TermFindings
from wizard.review import Change
from wizard.session import Session
from wizard.ui.layouts import AppPage, clear_layout
from wizard.ui.review_counsel import ReviewCounselPanel


def findings_line(findings: Findings) -> str:
    """The tally of findings the sidebar shows while answering; questions counsel resolved are counted apart."""
    risks = " · ".join(f"{findings.risk_count(s.id)} {s.label.lower()}" for s in findings.severities)
    resolved = f" ({findings.resolved_count} resolved by counsel)" if findings.resolved_count else ""
    return (
        f"Findings so far\n{_count(findings.total('obligations'), 'obligation')}\n"
        f"Risks: {risks}\n"
        f"{_count(findings.open_count, 'open question')}{resolved}"
    )


def decision_lines(findings: Findings, counsel: CounselView | None = None) -> tuple[str, str]:
    """The bottom line first, as the report's cover puts it: counsel's decision once given, else the computed
    status and why; then the computed status (before counsel's review) and the findings that decide it."""
    decision = findings.decision
    deciding = [findings.title_of(i) for i in decision.deciding]
    shown = " · ".join(deciding[:4]) + (f" · and {len(deciding) - 4} more" if len(deciding) > 4 else "")
    status, why = f"{decision.label}. {findings.explain(decision)}", (f"Decided by: {shown}" if shown else "")
    if counsel is None or counsel.decision is None:
        return status, why
    return counsel.cover_line, "\n".join(filter(None, (f"Computed status before counsel's review: {status}", why)))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _term_counts(term: TermFindings) -> str:
    severities = term.vocabulary.severities if term.vocabulary else ()
    risks = ", ".join(f"{term.risk_count(s.id)} {s.label.lower()}" for s in severities if term.risk_count(s.id))
    parts = [
        _count(len(term.obligations), "obligation"),
        _count(len(term.recommendations), "recommendation"),
        f"risks: {risks or 'none'}",
        _count(term.open_count, "open question") + (f" ({term.resolved_count} resolved)" if term.resolved_count else ""),
    ]
    return " · ".join(parts)


def findings_text(term: TermFindings, view: TermView | None) -> str:
    """The part's findings in words, as counsel gets them: risks with why and what would reduce them, open questions
    with counsel's answers, obligations."""
    vocab = term.vocabulary
    risks = {r.risk.id: r for r in view.risks} if view else {}
    lines: list[str] = []
    for risk in term.risks:
        severity = vocab.severity(risk.severity or "").label.lower() if vocab and risk.severity else ""
        line = f"• Risk{f' ({severity})' if severity else ''}: {risk.title.rstrip('.')}."
        line += f" Why: {risk.why.strip()}" if risk.why.strip() else ""
        line += f" What would reduce it: {risk.reduce.strip()}" if risk.reduce.strip() else ""
        seen = risks.get(risk.id)
        if seen is not None and seen.disposition:
            line += f" Counsel: {seen.label}" + (f" ({seen.comment})" if seen.comment else "") + "."
        lines.append(line)
    answers = {q.question.id: q for q in view.questions} if view else {}
    for question in term.open_questions:
        line = f"• Question for counsel: {question.text.strip()}"
        given = answers.get(question.id)
        if given is not None and (given.answer or given.resolved):
            line += f" Counsel's answer{' (resolved)' if given.resolved else ''}: {given.answer or 'resolved'}"
        lines.append(line)
    lines += [f"• Obligation: {o.title}" for o in term.obligations]
    return "\n".join(lines)


def _term_line(term: TermFindings) -> str:
    return f"Findings: {_term_counts(term)} — {term.verdict}"


class GroupTexts(NamedTuple):
    """What one part's group on the page says; the group is redrawn only when this changes."""

    flow_id: str
    title: str
    heading: str
    term_line: str
    findings: str
    recommended: str
    steps: tuple[tuple[str, str, str, str], ...]  # question id, question, answer as shown, note
    unfinished: bool


@dataclass
class Group:
    """A group on the page: the texts it shows, its frame, its answer rows and its buttons (Tab order)."""

    texts: object
    frame: QFrame
    rows: list[StepRow]
    buttons: list[QPushButton]


class SummaryRow(NamedTuple):
    """One term's line of the summary table; the table is rebuilt only when a row (or the headers) changes."""

    cells: tuple[str | int, ...]  # term, obligations, risks per severity, open questions, status
    decision: str  # the status's id, for its colour
    counts: str  # the same counts in words, for the one-line-per-term list of a narrow page


def _summary_shape(findings: Findings) -> tuple[tuple[str, ...], tuple[SummaryRow, ...]]:
    """The summary table's headers and rows, as the page shows them."""
    severities = findings.severities
    headers = ("Term", "Obligations", *(f"{s.label} risks" for s in severities), "Open questions", "Status")
    rows = tuple(
        SummaryRow(
            (t.flow.title, len(t.obligations), *(t.risk_count(s.id) for s in severities), t.open_count, t.verdict),
            t.decision.id,
            _term_counts(t),
        )
        for t in findings.terms
    )
    return headers, rows


def _plain(text: str, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=wrap)
    label.setTextFormat(Qt.PlainText)
    return label


REWORDED = "(reworded since answered: check the answer still holds)"
SHORT_NOTE = 160  # characters of a note shown before "Show all"


def shorten(text: str, limit: int = SHORT_NOTE) -> str:
    """The start of a long text, cut at a word, with an ellipsis; short texts unchanged."""
    flat = " ".join(text.split())
    if len(flat) <= limit and "\n" not in text.strip():
        return text.strip()
    if len(flat) <= limit:
        return flat + " …"
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:.") + " …"


class NoteView(QFrame):
    """A note under its answer, set apart: a "Note" caption, normal weight, long ones shortened with Show all."""

    def __init__(self, note: str, question: str) -> None:
        super().__init__(objectName="noteBox")
        self.note = note.strip()
        self.short = shorten(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(_plain("Note", "noteCaption"))
        self.label = _plain(self.short, "noteText")
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.label.setAccessibleName(f"Note on: {question}")
        layout.addWidget(self.label)
        self.toggle: QPushButton | None = None
        if self.short != self.note:
            self.toggle = QPushButton("Show all", objectName="showAll")
            self.toggle.setAccessibleName(f"Show the whole note on: {question}")
            self.toggle.setCursor(Qt.PointingHandCursor)
            self.toggle.setCheckable(True)
            self.toggle.toggled.connect(self._show_all)
            layout.addWidget(self.toggle, 0, Qt.AlignLeft)

    def _show_all(self, shown: bool) -> None:
        self.label.setText(self.note if shown else self.short)
        assert self.toggle is not None
        self.toggle.setText("Show less" if shown else "Show all")
        widget: QWidget | None = self  # the page grows with the note: every layout up to the scroll area recounts
        while widget is not None:
            if widget.layout() is not None:
                widget.layout().invalidate()
            widget.updateGeometry()
            widget = widget.parentWidget()


class StepRow(QWidget):
    """One answered question: question, answer, Edit, and its note; side by side, or stacked when narrow."""

    def __init__(self, question: str, answer: str, edit: QPushButton, note: str) -> None:
        super().__init__(objectName="stepRow")
        self.question = _plain(question, "stepQuestion")
        self.answer = _plain(answer, "stepAnswer")
        self.edit = edit
        self.note = NoteView(note, question) if note.strip() else None
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.narrow: bool | None = None
        self.arrange(False)

    def arrange(self, narrow: bool) -> None:
        """Side by side (question | answer | Edit), or the answer under its question when the page is narrow."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        parts = [w for w in (self.question, self.answer, self.edit, self.note) if w is not None]
        for widget in parts:
            self.grid.removeWidget(widget)
        for col in range(3):
            self.grid.setColumnStretch(col, 0)
        if narrow:
            self.grid.addWidget(self.question, 0, 0, Qt.AlignTop)
            self.grid.addWidget(self.edit, 0, 1, Qt.AlignTop | Qt.AlignRight)
            self.grid.addWidget(self.answer, 1, 0, 1, 2, Qt.AlignTop)
            if self.note is not None:
                self.grid.addWidget(self.note, 2, 0, 1, 2)
            self.grid.setColumnStretch(0, 1)
        else:
            self.grid.addWidget(self.question, 0, 0, Qt.AlignTop)
            self.grid.addWidget(self.answer, 0, 1, Qt.AlignTop)
            self.grid.addWidget(self.edit, 0, 2, Qt.AlignTop)
            if self.note is not None:
                self.grid.addWidget(self.note, 1, 0, 1, 2)
            self.grid.setColumnStretch(0, 3)
            self.grid.setColumnStretch(1, 2)


class ReviewPage(AppPage):
    edit_requested = Signal(str, str)  # flow id, question id
    continue_requested = Signal(str)  # flow id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Check your answers", objectName="questionText")
        self.decision = _plain("", "decisionLine")
        self.decision.setAccessibleName("Decision on the review: counsel's once given, else the computed status")
        self.deciding = _plain("", "decidingLine")
        self.deciding.setAccessibleName("The findings that decide the status")
        self.fresh_look = _plain("", "staleDecision")  # the questions changed since answered (templates/compare.txt)
        self.fresh_look.setAccessibleName("The questions have changed since this review was answered")
        self.intro = _plain(
            "Every answer, grouped by term. Use Edit to change one: the findings update as you go, and if a change "
            "takes the interview down another branch you are told which later answers would be dropped before "
            "anything changes.",
            "help",
        )
        self.heading.setWordWrap(True)
        self.summary_table = QWidget(objectName="summaryTable")
        self.summary = QGridLayout(self.summary_table)
        self.summary.setContentsMargins(0, 0, 0, 0)
        self.summary.setHorizontalSpacing(14)
        self.summary.setColumnStretch(0, 1)
        self.summary_lines = QWidget(objectName="summaryLines")  # the same counts, one line per term, when narrow
        self.summary_lines_layout = QVBoxLayout(self.summary_lines)
        self.summary_lines_layout.setContentsMargins(0, 0, 0, 0)
        self.top_risks = _plain("", "topRisks")
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        self.edit_buttons: list[QPushButton] = []
        self.rows: list[StepRow] = []
        self.groups: list[Group] = []  # the groups shown, in order, each with the texts it was drawn from
        self._summary_shown: tuple[tuple[str, ...], tuple[SummaryRow, ...]] = ((), ())
        self.progress_labels: dict[str, str] = {}  # the content's words for a part's progress
        self.term_views: dict[str, TermView] = {}  # counsel's answers, by part

        inner = QWidget()
        self.content = QVBoxLayout(inner)
        self.content.setContentsMargins(28, 22, 28, 22)
        self.content.setSpacing(12)
        self.content.addWidget(self.heading)
        self.content.addWidget(self.decision)
        self.content.addWidget(self.deciding)
        self.content.addWidget(self.fresh_look)
        self.content.addWidget(self.intro)
        self.content.addWidget(self.summary_table)
        self.content.addWidget(self.summary_lines)
        self.content.addWidget(self.top_risks)
        self.counsel_panel = ReviewCounselPanel()  # counsel's decision, Copy summary, owners and dates
        self.content.addWidget(self.counsel_panel)
        self.content.addLayout(self.body)
        self.content.addStretch(1)
        # Wraps to the width; sideways scrolling only as a last resort (a single word wider than the page).
        self.scroll = self.fill_scrolled(inner, self.content, sideways=True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.narrow_changed(self.narrow)

    def apply(self, change: Change, session: Session) -> bool:
        """Redraw what `change` touched, if it is only owners or due dates: their rows; False asks for a full redraw."""
        return change.only_actions and self.counsel_panel.actions.apply(change.actions, session.actions)

    def narrow_changed(self, narrow: bool) -> None:
        """Narrow pages (a small window, or large scaling) stack answers under questions and list the summary."""
        self.summary_table.setVisible(not narrow)
        self.summary_lines.setVisible(narrow)
        for row in self.rows:
            row.arrange(narrow)

    def show_review(self, derived: Derived, counsel: CounselView | None = None) -> None:
        findings = derived.findings
        self.term_views = {t.term.flow.id: t for t in counsel.terms} if counsel else {}
        self.progress_labels = dict(derived.flowset.vocabulary.progress)
        shape = _summary_shape(findings)
        if shape != self._summary_shown:  # the table is rebuilt only when one of its cells changed
            self._summary_shown = shape
            clear_layout(self.summary)
            clear_layout(self.summary_lines_layout)
            self._summary_table(*shape)
        decision, deciding = decision_lines(findings, counsel)
        self.decision.setText(decision)
        self.deciding.setText(deciding)
        self.deciding.setVisible(bool(deciding))
        notice = fresh_look(derived)
        self.fresh_look.setText(notice)
        self.fresh_look.setVisible(bool(notice))
        top = findings.top_risks
        self.top_risks.setObjectName("topRisks" if top else "noRisks")
        self.top_risks.style().unpolish(self.top_risks)
        self.top_risks.style().polish(self.top_risks)
        self.top_risks.setText(
            "Most serious risks: "
            + "; ".join(
                f"{r.title} ({findings.vocabulary.severity(r.severity or '').label.lower()}, {t.flow.title})" for t, r in top
            )
            if top
            else "No risks follow from your answers so far."
        )
        by_flow = {t.flow.id: t for t in findings.terms}
        wanted: list[tuple[object, Callable[[], Group]]] = []
        for part in derived.parts.values():
            texts = self._group_texts(part, by_flow.get(part.flow.id))
            wanted.append((texts, lambda texts=texts: self._group(texts)))
        if derived.set_aside:
            stale = ("set aside", tuple(map(repr, derived.set_aside)))
            wanted.append((stale, lambda: self._stale_group(derived, stale)))
        self._place_groups(wanted)
        for row in self.rows:
            row.arrange(self.narrow)
        order = [w for row in self.rows for w in (row.edit, row.note and row.note.toggle) if w is not None]
        order += [b for b in self.edit_buttons if b not in order]  # "Answer the rest" links
        order = [b for b in order if b.isEnabled()]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)

    def _summary_table(self, headers: tuple[str, ...], rows: tuple[SummaryRow, ...]) -> None:
        last = len(headers) - 1
        for col, text in enumerate(headers):
            self.summary.addWidget(QLabel(text, objectName="tableHeader"), 0, col)
        for row, term in enumerate(rows, 1):
            for col, value in enumerate(term.cells):
                label = _plain(str(value), wrap=col in (0, last))
                if col == last:
                    label.setObjectName(f"status_{term.decision}")
                self.summary.addWidget(label, row, col)
            line = QWidget()
            line_layout = QHBoxLayout(line)
            line_layout.setContentsMargins(0, 0, 0, 0)
            line_layout.addWidget(_plain(f"{term.cells[0]}: {term.counts}"), 1)
            status = _plain(str(term.cells[-1]), f"status_{term.decision}", wrap=False)
            line_layout.addWidget(status, 0, Qt.AlignTop)
            self.summary_lines_layout.addWidget(line)

    def _group_texts(self, part: Part, term: TermFindings | None) -> GroupTexts:
        """Everything a part's group shows, as text: two equal ones draw the same group."""
        flow = part.flow
        progress = self.progress_labels.get(part.progress, part.progress)
        steps = tuple(
            (
                step.question.id,
                step.question.text,
                display(step.question, step.value) + (f"\n{REWORDED}" if step.reworded else ""),
                step.note,
            )
            for step in part.steps
        )
        recommended = (
            "Recommended practice (good practice; no term requires it): " + "; ".join(r.title for r in term.recommendations)
            if term is not None and term.recommendations
            else ""
        )
        return GroupTexts(
            flow.id,
            flow.title,
            f"{flow.title} — {progress}",
            _term_line(term) if term is not None else "",
            findings_text(term, self.term_views.get(flow.id)) if term is not None else "",
            recommended,
            steps,
            not part.done,
        )

    def _group(self, texts: GroupTexts) -> Group:
        box = QFrame(objectName="reviewGroup")
        group = Group(texts, box, [], [])
        layout = QVBoxLayout(box)
        layout.addWidget(_plain(texts.heading, "groupHeading"))
        if texts.term_line:
            layout.addWidget(_plain(texts.term_line, "groupFindings"))
        if texts.findings:
            said = _plain(texts.findings, "groupFindingsText")
            said.setTextInteractionFlags(Qt.TextSelectableByMouse)
            said.setAccessibleName(f"Findings of {texts.title}")
            layout.addWidget(said)
        if texts.recommended:
            layout.addWidget(_plain(texts.recommended, "groupRecommendations"))
        flow_id = texts.flow_id
        for question_id, question, answer, note in texts.steps:
            edit = QPushButton("Edit", objectName="editLink")
            edit.setAccessibleName(f"Edit your answer to: {question}")
            edit.setCursor(Qt.PointingHandCursor)
            edit.clicked.connect(lambda _=False, f=flow_id, q=question_id: self.edit_requested.emit(f, q))
            group.buttons.append(edit)
            row = StepRow(question, answer, edit, note)
            group.rows.append(row)
            layout.addWidget(row)
        if texts.unfinished:
            more = QPushButton("Answer the rest of this part", objectName="continuePart")
            more.setAccessibleName(f"Answer the rest of {texts.title}")
            more.clicked.connect(lambda _=False, f=flow_id: self.continue_requested.emit(f))
            group.buttons.append(more)
            layout.addWidget(more, 0, Qt.AlignLeft)
        return group

    def _place_groups(self, wanted: list[tuple[object, Callable[[], Group]]]) -> None:
        """Show the groups `wanted` (texts, builder) in order: a group whose texts are unchanged stays as it is."""
        kept = {g.texts: g for g in self.groups}
        groups = [kept.pop(texts, None) or build() for texts, build in wanted]
        for old in kept.values():
            self.body.removeWidget(old.frame)
            old.frame.hide()
            old.frame.deleteLater()
        for index, group in enumerate(groups):
            if self.body.indexOf(group.frame) != index:
                self.body.removeWidget(group.frame)
                self.body.insertWidget(index, group.frame)
        self.groups = groups
        self.rows = [row for g in groups for row in g.rows]
        self.edit_buttons = [button for g in groups for button in g.buttons]

    def _stale_group(self, derived: Derived, texts: object) -> Group:
        box = QFrame(objectName="staleGroup")
        layout = QVBoxLayout(box)
        layout.addWidget(_plain("Earlier answers set aside", "groupHeading"))
        layout.addWidget(
            _plain(
                "The interview has changed since these answers were given, so they no longer fit. They are kept here "
                "and in the report for the record; the questions that changed were asked again.",
                "help",
            )
        )
        grid = QGridLayout()
        flowset = derived.flowset
        for row, item in enumerate(derived.set_aside):
            title = flowset.flow(item.flow).title if flowset.has(item.flow) else item.flow
            grid.addWidget(_plain(f"{title}: {item.question}", "stepQuestion"), row, 0, Qt.AlignTop)
            grid.addWidget(_plain(f"{item.value}\n({item.reason})", "stepAnswer"), row, 1, Qt.AlignTop)
        layout.addLayout(grid)
        return Group(texts, box, [], [])
