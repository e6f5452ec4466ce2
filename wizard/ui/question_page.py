"""One question per screen: text, help, the clause it comes from, the answer widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wizard.answers import AnswerError, normalize
from wizard.conditions import AnswerValue
from wizard.flows import Flow, Question, Section

LONG_TEXT = 300


class QuestionPage(QWidget):
    """Shows one question and reports whether the current input is a valid answer."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: Question | None = None
        self.buttons: list[QAbstractButton] = []
        self.group: QButtonGroup | None = None
        self.text_input: QLineEdit | QPlainTextEdit | None = None

        self.kicker = QLabel(objectName="kicker")
        self.title = QLabel(objectName="questionText", wordWrap=True)
        self.title.setTextFormat(Qt.PlainText)
        self.help = QLabel(objectName="help", wordWrap=True)
        self.help.setTextFormat(Qt.PlainText)
        self.clause_toggle = QToolButton(objectName="clauseToggle", checkable=True)
        self.clause_toggle.setText("Show the clause this comes from")
        self.clause_toggle.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.clause_toggle.setArrowType(Qt.RightArrow)
        self.clause_toggle.setAccessibleName("Show or hide the clause this question comes from")
        self.clause = QLabel(objectName="clause", wordWrap=True)
        self.clause.setTextFormat(Qt.PlainText)
        self.clause.setVisible(False)
        self.clause_toggle.toggled.connect(self._toggle_clause)

        self.answer_box = QFrame(objectName="answers")
        self.answer_layout = QVBoxLayout(self.answer_box)
        self.answer_layout.setContentsMargins(0, 6, 0, 6)

        self.note_label = QLabel("Note for counsel (optional)")
        self.note = QLineEdit(objectName="note")
        self.note.setPlaceholderText("Anything counsel should know about this answer")
        self.note.setAccessibleName("Note for counsel")
        self.note.setMaxLength(2000)
        self.note.installEventFilter(self)
        self.note_label.setBuddy(self.note)
        self.reason = QLabel(objectName="reason", wordWrap=True)
        self.reason.setTextFormat(Qt.PlainText)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        for w in (self.kicker, self.title, self.help, self.clause_toggle, self.clause, self.answer_box,
                  self.note_label, self.note, self.reason):
            layout.addWidget(w)
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Let Alt+Left/Right reach the window's Back/Next even from a text field."""
        if event.type() == QEvent.ShortcutOverride and event.modifiers() == Qt.AltModifier \
                and event.key() in (Qt.Key_Left, Qt.Key_Right):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _toggle_clause(self, shown: bool) -> None:
        self.clause.setVisible(shown)
        self.clause_toggle.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)
        self.clause_toggle.setText("Hide the clause" if shown else "Show the clause this comes from")

    def show_question(self, flow: Flow, question: Question, section: Section | None, position: str,
                      value: AnswerValue | None, note: str) -> None:
        self.question = question
        self.kicker.setText(f"{flow.title} · {position}")
        self.title.setText(question.text)
        self.help.setText(question.help)
        self.help.setVisible(bool(question.help))
        has_clause = section is not None
        self.clause_toggle.setVisible(has_clause)
        self.clause.setText(f"{section.heading}: {section.clause}" if section else "")
        self.clause_toggle.setChecked(False)
        self._build_inputs(question, value)
        self.note.setText(note)
        self.note.setVisible(question.kind != "text")
        self.note_label.setVisible(question.kind != "text")
        self._update()
        first = self.buttons[0] if self.buttons else self.text_input
        if isinstance(self.group, QButtonGroup) and self.group.checkedButton():
            first = self.group.checkedButton()
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)

    def _build_inputs(self, question: Question, value: AnswerValue | None) -> None:
        while self.answer_layout.count():
            item = self.answer_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons, self.group, self.text_input = [], None, None
        if question.kind == "text":
            widget: QLineEdit | QPlainTextEdit
            if question.max_length > LONG_TEXT:
                widget = QPlainTextEdit(objectName="textAnswer")
                widget.setPlainText(value if isinstance(value, str) else "")
                widget.setTabChangesFocus(True)
                widget.textChanged.connect(self._update)
                widget.setFixedHeight(110)
            else:
                widget = QLineEdit(objectName="textAnswer")
                widget.setMaxLength(question.max_length)
                widget.setText(value if isinstance(value, str) else "")
                widget.textChanged.connect(self._update)
            widget.setAccessibleName(question.text)
            widget.installEventFilter(self)
            self.text_input = widget
            self.answer_layout.addWidget(widget)
            return
        chosen = {value} if isinstance(value, str) else set(value or ())
        if question.kind == "single":
            self.group = QButtonGroup(self)
            self.group.setExclusive(True)
        for choice in question.choices:
            button: QAbstractButton = QRadioButton(choice.label) if question.kind == "single" else QCheckBox(choice.label)
            button.setObjectName(f"choice_{choice.id}")
            button.setProperty("choice", choice.id)
            button.setAccessibleName(choice.label)
            button.setChecked(choice.id in chosen)
            if self.group is not None:
                self.group.addButton(button)
            button.toggled.connect(lambda on, b=button: self._toggled(b, on))
            self.buttons.append(button)
            self.answer_layout.addWidget(button)

    def _toggled(self, button: QAbstractButton, on: bool) -> None:
        question = self.question
        if question is not None and question.kind == "multi" and on:
            exclusive = question.exclusive
            mine = button.property("choice")
            for other in self.buttons:
                theirs = other.property("choice")
                if other is not button and other.isChecked() and (mine in exclusive or theirs in exclusive):
                    other.setChecked(False)
        self._update()

    def raw_value(self) -> object:
        if self.text_input is not None:
            if isinstance(self.text_input, QPlainTextEdit):
                return self.text_input.toPlainText()
            return self.text_input.text()
        picked = [b.property("choice") for b in self.buttons if b.isChecked()]
        if self.question is not None and self.question.kind == "single":
            return picked[0] if picked else None
        return picked

    def value(self) -> AnswerValue | None:
        """The normalised answer, or None while the input is not a valid answer."""
        if self.question is None:
            return None
        try:
            return normalize(self.question, self.raw_value())
        except AnswerError:
            return None

    def problem(self) -> str:
        """Why Next is disabled, in words for the user ('' when the answer is valid)."""
        q = self.question
        if q is None:
            return ""
        raw = self.raw_value()
        if q.kind == "single" and raw is None:
            return "Choose one answer to continue."
        if q.kind == "multi" and not raw:
            return "Tick at least one answer to continue (or the “not sure” choice)."
        try:
            normalize(q, raw)
        except AnswerError as exc:
            return str(exc).replace(f"question '{q.id}'", "this question").capitalize() + "."
        return ""

    def _update(self) -> None:
        problem = self.problem()
        self.reason.setText(problem)
        self.reason.setVisible(bool(problem))
        self.changed.emit()
