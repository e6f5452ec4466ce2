"""Counsel review mode: answer the open questions, dispose of each risk, give the decision.

Procurement's answers are shown read-only. Every entry is saved through a
`Review` command when the user leaves its field (the window's `_applied`), so
it is autosaved and audit-logged like an answer; the decision is recorded with
its button, since decision, conditions, reviewer and date go together. The
labels of decisions and dispositions are counsel's vocabulary
(`templates/counsel.yaml`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.answers import display
from wizard.counsel import MAX_CONDITIONS, MAX_NAME, MAX_TEXT
from wizard.counsel_view import CounselView, QuestionView, RiskView
from wizard.counsel_vocabulary import vocabulary
from wizard.derive import Derived
from wizard.review import Change
from wizard.session import Session
from wizard.ui.action_fields import ActionsBox
from wizard.ui.date_field import DateField
from wizard.ui.entry_fields import LeaveText, chain, focused_key, keyed, refocus
from wizard.ui.layouts import AppPage, clear_layout
from wizard.ui.popups import ChoiceBox, fit_popup

NO_CHOICE = ""


def _plain(text: str, name: str = "") -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=True)
    label.setTextFormat(Qt.PlainText)
    return label


def _headline(item: QuestionView) -> str:
    question = item.question
    return question.question if question.origin == "flow" and question.question else question.text


def _field_problem(layout: QVBoxLayout) -> QLabel:
    """Where a refused entry is said, under its fields (the page does not scroll away from them)."""
    label = _plain("", "fieldProblem")
    label.setVisible(False)
    layout.addWidget(label)
    return label


class QuestionEntry(QFrame):
    """One open question: what it asks, counsel's written answer, and whether it resolves the question."""

    def __init__(self, item: QuestionView, term: str) -> None:
        super().__init__(objectName="counselQuestion")
        self.id = item.question.id
        headline = _headline(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(_plain(f"{headline} ({term})", "counselItemTitle"))
        if item.question.text and item.question.text != headline:
            layout.addWidget(_plain(item.question.text, "help"))
        self.answer = keyed(LeaveText(item.answer, limit=MAX_TEXT), f"answer:{self.id}")
        self.answer.setObjectName("counselAnswer")
        self.answer.setPlaceholderText("Counsel's answer")
        self.answer.setAccessibleName(f"Counsel's answer to: {headline}")
        self.resolved = keyed(QCheckBox("This answer resolves the question", objectName="resolves"), f"resolved:{self.id}")
        self.resolved.setChecked(item.resolved)
        self.resolved.setAccessibleName(f"Counsel's answer resolves: {headline}")
        if item.earlier:
            layout.addWidget(_plain("This answer was given on an earlier version of the team's note.", "staleText"))
        layout.addWidget(self.answer)
        layout.addWidget(self.resolved)
        self.problem = _field_problem(layout)

    def show_saved(self, item: QuestionView) -> None:
        self.answer.show_saved(item.answer)
        if self.resolved.isChecked() != item.resolved:
            self.resolved.blockSignals(True)
            self.resolved.setChecked(item.resolved)
            self.resolved.blockSignals(False)


class RiskEntry(QFrame):
    """One risk: what it is, counsel's disposition (the vocabulary's) and a comment."""

    def __init__(self, item: RiskView, term: str) -> None:
        super().__init__(objectName="counselRisk")
        self.id = item.risk.id
        risk = item.risk
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(_plain(f"{risk.title} ({risk.severity or 'risk'}, {term})", "counselItemTitle"))
        if risk.why:
            layout.addWidget(_plain(risk.why, "help"))
        self.disposition = keyed(ChoiceBox(objectName="disposition"), f"disposition:{self.id}")
        self.disposition.addItem("No disposition yet", NO_CHOICE)
        for term_id, entry in vocabulary().dispositions.items():
            self.disposition.addItem(entry.label, term_id)
        self.disposition.setAccessibleName(f"Counsel's disposition of the risk: {risk.title}")
        fit_popup(self.disposition)
        self.comment = keyed(LeaveText(item.comment, lines=2, limit=MAX_TEXT), f"comment:{self.id}")
        self.comment.setObjectName("riskComment")
        self.comment.setPlaceholderText("Comment (for 'accepted with a condition': the condition)")
        self.comment.setAccessibleName(f"Counsel's comment on the risk: {risk.title}")
        self.select(item.disposition)
        layout.addWidget(self.disposition, 0, Qt.AlignLeft)
        layout.addWidget(self.comment)
        self.problem = _field_problem(layout)

    def select(self, disposition: str) -> None:
        index = self.disposition.findData(disposition)
        self.disposition.setCurrentIndex(max(index, 0))

    def show_saved(self, item: RiskView) -> None:
        if not self.disposition.hasFocus():
            self.select(item.disposition)
        self.comment.show_saved(item.comment)


class CounselPage(AppPage):
    answer_changed = Signal(str, str, bool)  # question id, counsel's answer, resolves it
    risk_changed = Signal(str, str, str)  # risk id, disposition id ('' none), comment
    decide_requested = Signal(str, str, str, str, list)  # decision, reviewer, role, date, conditions
    confirm_requested = Signal()
    review_by_changed = Signal(str)
    action_changed = Signal(str, str, str)  # finding id, owner, due date
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = _plain("Review as counsel", "questionText")
        intro = _plain(
            "Answer the open questions, give each risk a disposition and record your decision. Procurement's "
            "answers are read-only here. Each entry is saved as you leave its field and recorded in the review's "
            "audit log; File → Export PDF report writes a report that carries your answer back.",
            "help",
        )
        self.leave = QPushButton("Leave counsel mode", objectName="leaveCounsel")
        self.leave.setAccessibleName("Leave counsel mode and show the review")
        self.leave.clicked.connect(self.leave_requested)
        self.cover = _plain("", "counselCover")
        self.cover.setAccessibleName("Counsel's decision on this review")
        self.problem = _plain("", "fieldProblem")
        self.problem.setVisible(False)

        self.stale_box = QFrame(objectName="staleDecision")
        self.stale_text = _plain("", "staleText")
        self.confirm = QPushButton("Confirm the decision on these answers", objectName="confirmDecision")
        self.confirm.setAccessibleName("Confirm the decision on the answers as they are now")
        self.confirm.clicked.connect(self.confirm_requested)
        self.revise = QPushButton("Revise the decision", objectName="reviseDecision")
        self.revise.setAccessibleName("Revise the decision")
        self.revise.clicked.connect(lambda: self.decision.setFocus(Qt.OtherFocusReason))
        stale_buttons = QHBoxLayout()
        stale_buttons.addWidget(self.confirm)
        stale_buttons.addWidget(self.revise)
        stale_buttons.addStretch(1)
        stale_layout = QVBoxLayout(self.stale_box)
        stale_layout.addWidget(self.stale_text)
        stale_layout.addLayout(stale_buttons)
        self.stale_box.setVisible(False)

        self.questions_heading = _plain("Open questions", "groupHeading")
        self.questions_empty = _plain("No questions are open.", "help")
        self.questions = QVBoxLayout()
        self.risks_heading = _plain("Risks", "groupHeading")
        self.risks_empty = _plain("No risks follow from the answers.", "help")
        self.risks = QVBoxLayout()

        self.decision = keyed(ChoiceBox(objectName="decision"), "decision")
        self.decision.addItem("Choose a decision", NO_CHOICE)
        for term_id, term in vocabulary().decisions.items():
            self.decision.addItem(term.label, term_id)
        self.decision.setAccessibleName("Counsel's decision")
        fit_popup(self.decision)
        self.conditions = keyed(LeaveText("", lines=3, limit=MAX_CONDITIONS * (MAX_TEXT + 1)), "conditions")
        self.conditions.setObjectName("conditions")
        self.conditions.setPlaceholderText("One condition per line")
        self.conditions.setAccessibleName("Conditions of the decision, one per line")
        self.reviewer = keyed(QLineEdit(objectName="reviewer"), "reviewer")
        self.reviewer.setAccessibleName("Reviewer's name")
        self.role = keyed(QLineEdit(objectName="role"), "role")
        for name in (self.reviewer, self.role):
            name.setMaxLength(MAX_NAME)
        self.role.setAccessibleName("Reviewer's role")
        self.date = keyed(DateField(empty="No date"), "date")
        self.date.setObjectName("decisionDate")
        self.date.setAccessibleName("Date of the decision (YYYY-MM-DD)")
        self.record = QPushButton("Record the decision", objectName="recordDecision")
        self.record.setAccessibleName("Record the decision")
        self.record.setAutoDefault(True)
        self.record.clicked.connect(self._decide)
        for field in (self.reviewer, self.role, self.date):
            field.returnPressed.connect(self._decide)
        self.review_by = keyed(DateField(empty="Default"), "review_by")
        self.review_by.setObjectName("reviewBy")
        self.review_by.setAccessibleName("Review again by (YYYY-MM-DD; Delete: the default after the decision)")
        self.review_by.editingFinished.connect(lambda: QTimer.singleShot(0, self._review_by_left))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        for text, field in (
            ("&Decision:", self.decision),
            ("&Conditions:", self.conditions),
            ("Re&viewer:", self.reviewer),
            ("R&ole:", self.role),
            ("Da&te:", self.date),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        review_by_label = QLabel("Review again &by:")
        review_by_label.setBuddy(self.review_by)
        form.addRow(review_by_label, self.review_by)
        self.actions = ActionsBox()
        self.actions.changed.connect(self.action_changed)
        self.answers_heading = _plain("Procurement's answers (read-only)", "groupHeading")
        self.answers = QVBoxLayout()

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.leave, 0, Qt.AlignTop)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.cover)
        layout.addWidget(self.problem)
        layout.addWidget(self.stale_box)
        layout.addWidget(self.questions_heading)
        layout.addWidget(self.questions_empty)
        layout.addLayout(self.questions)
        layout.addWidget(self.risks_heading)
        layout.addWidget(self.risks_empty)
        layout.addLayout(self.risks)
        layout.addWidget(_plain("Decision", "groupHeading"))
        layout.addLayout(form)
        layout.addWidget(self.record, 0, Qt.AlignLeft)
        layout.addWidget(self.actions)
        layout.addWidget(self.answers_heading)
        layout.addLayout(self.answers)
        layout.addStretch(1)
        self.scroll = self.fill_scrolled(inner, layout)
        self.question_entries: dict[str, QuestionEntry] = {}
        self.risk_entries: dict[str, RiskEntry] = {}
        self._shape: tuple = ()
        self._filled: tuple = ()

    # -- what the window calls ----------------------------------------------------
    def show_counsel(self, view: CounselView, derived: Derived, session: Session) -> None:
        """Show counsel's entries; rebuilt only when the questions, risks or actions themselves change."""
        key = focused_key(self)
        self.cover.setText(view.cover_line)
        self._show_stale(view)
        questions = [(t.term.heading, q) for t in view.terms for q in t.questions]
        risks = [(t.term.heading, r) for t in view.terms for r in t.risks]
        shape = (
            tuple(q.question.id for _, q in questions),
            tuple(r.risk.id for _, r in risks),
            derived.answered,
            tuple(sorted(derived.parts)),
        )
        if shape != self._shape:
            self._shape = shape
            self._build(questions, risks, derived)
        else:
            for _, q in questions:
                self.question_entries[q.question.id].show_saved(q)
            for _, r in risks:
                self.risk_entries[r.risk.id].show_saved(r)
        self._fill_decision(view, session)
        parts = {t.term.flow.id: t.term.heading for t in view.terms}
        self.actions.show_actions(view.actions, parts)
        self.questions_empty.setVisible(not questions)
        self.risks_empty.setVisible(not risks)
        self._chain()
        refocus(self, key)

    def apply(self, change: Change, session: Session) -> bool:
        """Owners or due dates only: redraw their rows; False asks the window for a full redraw."""
        return change.only_actions and self.actions.apply(change.actions, session.actions)

    def show_entry_problem(self, finding_id: str, message: str) -> bool:
        """Say why an answer or disposition was refused under its own fields; False if it is not on this page."""
        entry = self.question_entries.get(finding_id) or self.risk_entries.get(finding_id)
        if entry is None:
            return False
        entry.problem.setText(message)
        entry.problem.setVisible(bool(message))
        return True

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        if message:
            self.scroll.ensureWidgetVisible(self.problem)

    def focus_first(self) -> None:
        first = next(iter(self.question_entries.values()), None)
        (first.answer if first else self.decision).setFocus(Qt.OtherFocusReason)

    def flush(self) -> None:
        """Save what is being typed now (before the window saves, closes or leaves this page)."""
        for entry in self.question_entries.values():
            if entry.answer.unsaved():
                self._answer(entry)
        for entry in self.risk_entries.values():
            if entry.comment.unsaved():
                self._risk(entry)
        self.actions.flush()

    # -- building -------------------------------------------------------------------
    def _build(self, questions: list[tuple[str, QuestionView]], risks: list[tuple[str, RiskView]], derived: Derived) -> None:
        for layout in (self.questions, self.risks, self.answers):
            clear_layout(layout)
        self.question_entries, self.risk_entries = {}, {}
        for term, item in questions:
            entry = QuestionEntry(item, term)
            entry.answer.left.connect(lambda e=entry: self._answer(e))
            entry.resolved.toggled.connect(lambda _on, e=entry: self._answer(e))
            self.question_entries[entry.id] = entry
            self.questions.addWidget(entry)
        for term, item in risks:
            entry = RiskEntry(item, term)
            entry.disposition.activated.connect(lambda _i, e=entry: self._risk(e))
            entry.comment.left.connect(lambda e=entry: self._risk(e))
            self.risk_entries[entry.id] = entry
            self.risks.addWidget(entry)
        for part in derived.parts.values():
            if not part.steps:
                continue
            self.answers.addWidget(_plain(part.flow.title, "stepQuestion"))
            lines = "\n".join(f"• {s.question.text} — {display(s.question, s.value)}" for s in part.steps)
            answers = _plain(lines, "stepAnswer")
            answers.setTextInteractionFlags(Qt.TextSelectableByMouse)
            answers.setAccessibleName(f"Answers to {part.flow.title}")
            self.answers.addWidget(answers)

    def _chain(self) -> None:
        widgets: list[QWidget] = [self.leave]
        if self.stale_box.isVisibleTo(self):
            widgets += [self.confirm, self.revise]
        for entry in self.question_entries.values():
            widgets += [entry.answer, entry.resolved]
        for entry in self.risk_entries.values():
            widgets += [entry.disposition, entry.comment]
        widgets += [self.decision, self.conditions, self.reviewer, self.role, self.date, self.review_by, self.record]
        widgets += self.actions.controls()
        chain(self, widgets)

    def _show_stale(self, view: CounselView) -> None:
        decision = view.decision
        stale = bool(decision and decision.stale)
        self.stale_box.setVisible(stale)
        if stale and decision is not None:
            changed = "\n".join(f"• {c.question} ({c.change})" for c in decision.changed)
            self.stale_text.setText(
                f"{vocabulary().say('stale')}: these answers changed after the decision was given.\n{changed}\n"
                "Confirm the decision on the answers as they are now, or revise it below."
            )

    def _fill_decision(self, view: CounselView, session: Session) -> None:
        """Fill the decision fields from the session when it changed there; otherwise keep what is typed."""
        counsel = session.counsel
        saved = (
            (counsel.decision, counsel.reviewer, counsel.role, counsel.date, tuple(c.text for c in counsel.conditions))
            if counsel
            else ("", "", "", "", ())
        )
        review_by = session.review_by
        if (saved, review_by) == self._filled:
            return
        self._filled = (saved, review_by)
        decision, reviewer, role, day, conditions = saved
        self.decision.setCurrentIndex(max(self.decision.findData(decision), 0))
        self.reviewer.setText(reviewer)
        self.role.setText(role)
        self.date.setText(day or date.today().isoformat())
        self.conditions.setPlainText("\n".join(conditions))
        self.conditions.saved = "\n".join(conditions)
        self.review_by.setText(review_by)
        self.review_by.setSpecialValueText(f"Default: {view.review_by}" if view.review_by else "Default")

    # -- entries --------------------------------------------------------------------
    def _answer(self, entry: QuestionEntry) -> None:
        try:
            self.answer_changed.emit(entry.id, entry.answer.text().strip(), entry.resolved.isChecked())
        except RuntimeError:  # the entry went with a rebuild in between
            return

    def _risk(self, entry: RiskEntry) -> None:
        try:
            self.risk_changed.emit(entry.id, entry.disposition.currentData() or "", entry.comment.text().strip())
        except RuntimeError:
            return

    def _decide(self) -> None:
        if not self.decision.currentData():
            self.show_problem("Choose a decision first.")
            self.decision.setFocus(Qt.OtherFocusReason)
            return
        conditions = [line.strip() for line in self.conditions.text().splitlines() if line.strip()]
        self.decide_requested.emit(
            self.decision.currentData() or "",
            self.reviewer.text().strip(),
            self.role.text().strip(),
            self.date.text().strip(),
            conditions,
        )

    def _review_by_left(self) -> None:
        text = self.review_by.text().strip()
        saved = self._filled[1] if self._filled else ""
        if text != saved:
            self.review_by_changed.emit(text)
