"""One question per screen: text, help, the clause it comes from, the answer widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wizard.answers import AnswerError, normalize
from wizard.conditions import AnswerValue
from wizard.flows import Flow, Question, Section
from wizard.session import MAX_NOTE_CHARS
from wizard.ui.layouts import AppPage

LONG_TEXT = 300
NOTE_LIMIT = MAX_NOTE_CHARS  # characters in a note: what a session stores
NOTE_LABEL = "Note (optional): shown beside your answer"
ASK_LABEL = "Ask counsel about this note"
UNSURE_LABEL = "What are you unsure about? Counsel gets this as an open question (optional)"


class ChoiceLabel(QLabel):
    """A choice's text, wrapped (radio buttons do not wrap) and clickable like the button's own text."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text, wordWrap=True, objectName="choiceLabel")
        self.setTextFormat(Qt.PlainText)
        self.button = button
        self.setCursor(Qt.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.LeftButton and self.button.isEnabled():
            self.button.setFocus(Qt.MouseFocusReason)
            self.button.click()


def _set_quietly(button: QAbstractButton, checked: bool) -> None:
    """Tick or untick a reused choice without telling anyone: the state of another question's choice is no change."""
    if button.isChecked() != checked:
        button.blockSignals(True)
        button.setChecked(checked)
        button.blockSignals(False)


class ChoiceRow(QWidget):
    """One choice on the page: its button and its wrapped label, kept and refilled from question to question."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(objectName="choiceRow")
        self.button, self.label = button, ChoiceLabel("", button)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(button, 0, Qt.AlignTop)
        line.addWidget(self.label, 1)


class LimitedTextEdit(QPlainTextEdit):
    """A multi-line field that holds at most `limit` characters and shows how many are used.

    Tab moves to the next control (a note is not a document); Enter is a new
    line, and the page turns Ctrl+Enter into "go on".
    """

    def __init__(self, limit: int, lines: int, name: str) -> None:
        super().__init__(objectName=name)
        self.limit = limit
        self.lines = lines
        self.setTabChangesFocus(True)
        self.counter = QLabel(objectName="charCount")
        self.counter.setAlignment(Qt.AlignRight)
        self.textChanged.connect(self._enforce)
        self._count()

    def text(self) -> str:
        """The text, as QLineEdit names it, so callers need not care which editor a field is."""
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit name, see text()
        self.setPlainText(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Room for `lines` lines in the current font; more scroll inside the field."""
        return QSize(super().sizeHint().width(), self._height(self.lines))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().minimumSizeHint().width(), self._height(min(self.lines, 2)))

    def _height(self, lines: int) -> int:
        frame = 2 * self.frameWidth() + int(self.document().documentMargin() * 2) + 2
        return self.fontMetrics().lineSpacing() * lines + frame

    def _enforce(self) -> None:
        """Keep at most `limit` characters, as QLineEdit.setMaxLength does: extra typing or pasting is cut off."""
        text = self.toPlainText()
        if len(text) > self.limit:
            cursor = self.textCursor()
            position = min(cursor.position(), self.limit)
            self.blockSignals(True)
            self.setPlainText(text[: self.limit])
            self.blockSignals(False)
            cursor = self.textCursor()
            cursor.setPosition(position)
            self.setTextCursor(cursor)
            self.textChanged.emit()
            return
        self._count()

    def _count(self) -> None:
        used = len(self.toPlainText())
        full = used >= self.limit
        self.counter.setText(f"{used:,} of {self.limit:,} characters" + (" — the limit" if full else ""))
        self.counter.setAccessibleName(self.counter.text())
        if self.counter.property("over") != full:
            self.counter.setProperty("over", full)
            self.counter.style().unpolish(self.counter)
            self.counter.style().polish(self.counter)


class QuestionPage(AppPage):
    """Shows one question and reports whether the current input is a valid answer."""

    changed = Signal()
    submitted = Signal()  # Enter on any control of the page with a valid answer: answer and go on
    blocked = Signal(str)  # an attempt to go on without a valid answer; the reason, also shown on the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: Question | None = None
        self.buttons: list[QAbstractButton] = []
        self.group: QButtonGroup | None = None
        self.text_input: QLineEdit | QPlainTextEdit | None = None
        self.tried = False  # validation messages show only once the user tried to go on

        self.kicker = QLabel(objectName="kicker", wordWrap=True)  # a long part name must not widen the page
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
        self._rows: dict[str, list[ChoiceRow]] = {"single": [], "multi": []}  # made once, refilled (`_build_inputs`)
        self._fields: dict[bool, QLineEdit | LimitedTextEdit] = {}  # the one-line and the long text answer
        self._group = QButtonGroup(self)  # the single-choice rows' buttons, exclusive
        self._prepared: Flow | None = None  # the part whose rows `prepare` made

        self.note_label = QLabel(NOTE_LABEL, objectName="noteLabel", wordWrap=True)
        self.note = LimitedTextEdit(NOTE_LIMIT, 3, "note")
        self.note.setPlaceholderText("Anything counsel should know about this answer (Ctrl+Enter goes on)")
        self.note.setAccessibleName("Note for counsel")
        self.note.installEventFilter(self)
        self.note_label.setBuddy(self.note)
        self.ask = QCheckBox(ASK_LABEL, objectName="askCounsel")
        self.ask.setAccessibleName("Ask counsel about this note")
        self.reason = QLabel(objectName="reason", wordWrap=True)
        self.reason.setTextFormat(Qt.PlainText)
        self.reason.setVisible(False)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        for w in (
            self.kicker,
            self.title,
            self.help,
            self.clause_toggle,
            self.clause,
            self.answer_box,
            self.note_label,
            self.note,
            self.note.counter,
            self.ask,
            self.reason,
        ):
            layout.addWidget(w)
        layout.addStretch(1)
        self.scroll = self.fill_scrolled(inner, layout)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Keys of the page's controls.

        Alt+Left/Right reach the window's Back/Next even from a text field.
        Enter goes on (or says why it cannot); in a multi-line field Enter is a
        new line, so there Ctrl+Enter goes on. Arrow keys move between choices
        and, in a single-choice question, select the choice they move to, as
        in a native radio group.
        """
        kind = event.type()
        if kind == QEvent.ShortcutOverride and event.modifiers() == Qt.AltModifier and event.key() in (Qt.Key_Left, Qt.Key_Right):
            event.ignore()
            return True
        if kind == QEvent.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                multiline = isinstance(watched, QPlainTextEdit)
                if not multiline or event.modifiers() & Qt.ControlModifier:
                    self.try_submit()
                    return True
            elif watched in self.buttons and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
                step = {Qt.Key_Up: -1, Qt.Key_Left: -1, Qt.Key_Down: 1, Qt.Key_Right: 1}.get(event.key())
                if step is not None:
                    self._move_between_choices(watched, step)
                    return True
        return super().eventFilter(watched, event)

    def _move_between_choices(self, current: QAbstractButton, step: int) -> None:
        """Focus the next or previous choice (round the end); in a single-choice question also select it."""
        enabled = [b for b in self.buttons if b.isEnabled()]
        if current not in enabled:
            return
        target = enabled[(enabled.index(current) + step) % len(enabled)]
        target.setFocus(Qt.TabFocusReason)
        if isinstance(target, QRadioButton) and not target.isChecked():
            target.click()

    def try_submit(self) -> bool:
        """Go on if the answer is valid (emits `submitted`); otherwise show why and emit `blocked`."""
        if self.attempt():
            self.submitted.emit()
            return True
        return False

    def attempt(self) -> bool:
        """The user tried to go on: from now on the page shows what is wrong. True if the answer is valid.

        The window calls this when Next (or its shortcut) is pressed, so a
        keyboard or mouse user learns why nothing happened.
        """
        self.tried = True
        self._update()
        problem = self.problem()
        if problem:
            self.blocked.emit(problem)
        return not problem

    def _toggle_clause(self, shown: bool) -> None:
        self.clause.setVisible(shown)
        self.clause_toggle.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)
        self.clause_toggle.setText("Hide the clause" if shown else "Show the clause this comes from")

    def show_question(
        self,
        flow: Flow,
        question: Question,
        section: Section | None,
        position: str,
        value: AnswerValue | None,
        note: str,
        ask: bool = False,
    ) -> None:
        self.question = question
        self.kicker.setText(f"{flow.title} · {position}")
        self.title.setText(question.text)
        self.help.setText(question.help)
        self.help.setVisible(bool(question.help))
        has_clause = section is not None
        self.clause_toggle.setVisible(has_clause)
        self.clause.setText(f"{section.heading}: {section.clause}" if section else "")
        self.clause_toggle.setChecked(False)
        self.tried = False
        self._build_inputs(question, value)
        self.note.setPlainText(note)
        self.ask.setChecked(ask)
        for widget in (self.note, self.note_label, self.note.counter, self.ask):
            widget.setVisible(question.kind != "text")
        self._update()
        # New widgets are not shown until the layout runs, so decide from the question, not isVisible().
        chain = [self.clause_toggle] if has_clause else []
        chain += [*self.buttons, self.text_input] if self.text_input else self.buttons
        chain += [] if question.kind == "text" else [self.note, self.ask]
        for before, after in zip(chain, chain[1:], strict=False):
            self.setTabOrder(before, after)
        if flow is not self._prepared:  # the rest of this part's rows, made once the page is on screen
            self._prepared = flow
            QTimer.singleShot(0, lambda: self.prepare(flow))

    def focus_first(self) -> None:
        """Focus the answer (the checked choice, if any); call once the page is showing."""
        first = self.buttons[0] if self.buttons else self.text_input
        if isinstance(self.group, QButtonGroup) and self.group.checkedButton():
            first = self.group.checkedButton()
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)

    def _build_inputs(self, question: Question, value: AnswerValue | None) -> None:
        """Fill the answer widgets for `question`, reusing those an earlier question used.

        Building a row of a choice (a button, a wrapped label, a layout) costs
        about as much as the rest of a step together, so the rows and the two
        text fields are made once, kept in the page and refilled; the ones a
        question does not use are hidden and carry no name.
        """
        used = len(question.choices) if question.kind in self._rows else 0
        self._group.setExclusive(False)  # an exclusive group's checked button cannot be unticked
        for kind, rows in self._rows.items():
            for row in rows[used if kind == question.kind else 0 :]:
                _set_quietly(row.button, False)
                row.button.setObjectName("")
                row.hide()
        for long, field in self._fields.items():
            if question.kind != "text" or long != (question.max_length > LONG_TEXT):
                field.hide()
                if isinstance(field, LimitedTextEdit):
                    field.counter.hide()
        self.buttons, self.group, self.text_input = [], None, None
        if question.kind == "text":
            self._fill_text(question, value)
            return
        chosen = {value} if isinstance(value, str) else set(value or ())
        single = question.kind == "single"
        if single:
            self.group = self._group
        for i, choice in enumerate(question.choices):
            row = self._row(question.kind, i)
            button = row.button
            _set_quietly(button, choice.id in chosen)
            button.setObjectName(f"choice_{choice.id}")
            button.setProperty("choice", choice.id)
            button.setAccessibleName(choice.label)
            row.label.setText(choice.label)
            self.buttons.append(button)
            row.show()
        if single:
            self._group.setExclusive(True)

    def _row(self, kind: str, i: int) -> ChoiceRow:
        rows = self._rows[kind]
        while len(rows) <= i:
            row = ChoiceRow(QRadioButton() if kind == "single" else QCheckBox())
            if kind == "single":
                self._group.addButton(row.button)
            row.button.toggled.connect(lambda on, b=row.button: self._toggled(b, on))
            row.button.installEventFilter(self)
            row.hide()
            self.answer_layout.addWidget(row)
            rows.append(row)
        return rows[i]

    def _field(self, long: bool) -> QLineEdit | LimitedTextEdit:
        widget = self._fields.get(long)
        if widget is None:
            widget = LimitedTextEdit(LONG_TEXT + 1, 5, "textAnswer") if long else QLineEdit(objectName="textAnswer")
            widget.textChanged.connect(self._update)
            widget.installEventFilter(self)
            widget.hide()
            self.answer_layout.addWidget(widget)
            if isinstance(widget, LimitedTextEdit):
                widget.counter.hide()
                self.answer_layout.addWidget(widget.counter)
            self._fields[long] = widget
        return widget

    def prepare(self, flow: Flow) -> None:
        """Make, hidden, the rows and fields the questions of `flow` need, so each of them shows by refilling."""
        for kind in self._rows:
            most = max((len(q.choices) for q in flow.questions.values() if q.kind == kind), default=0)
            if most:
                self._row(kind, most - 1)
        for long in {q.max_length > LONG_TEXT for q in flow.questions.values() if q.kind == "text"}:
            self._field(long)

    def _fill_text(self, question: Question, value: AnswerValue | None) -> None:
        long = question.max_length > LONG_TEXT
        widget = self._field(long)
        text = value if isinstance(value, str) else ""
        widget.blockSignals(True)
        if isinstance(widget, LimitedTextEdit):
            widget.limit = question.max_length
            widget.setPlainText(text)
            widget._count()
        else:
            widget.setMaxLength(question.max_length)
            widget.setText(text)
        widget.blockSignals(False)
        widget.setAccessibleName(question.text)
        self.text_input = widget
        widget.show()  # now, so it can take the focus before the event loop runs the layout
        if isinstance(widget, LimitedTextEdit):
            widget.counter.show()

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

    def ask_counsel(self) -> bool:
        """Whether the note is ticked as a question for counsel (an "I don't know" note always is)."""
        return self.ask.isChecked()

    def note_text(self) -> str:
        """The note as typed (the window strips and saves it)."""
        return self.note.toPlainText()

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
            unsure = next((c.label for c in q.choices if c.unsure), "")
            return "Tick at least one answer to continue" + (f" (or “{unsure}”)." if unsure else ".")
        try:
            normalize(q, raw)
        except AnswerError as exc:
            text = str(exc).replace(f"question '{q.id}'", "this question")
            return text[:1].upper() + text[1:] + "."
        return ""

    def last_control(self) -> QWidget:
        """The page's last control in tab order, so the window can chain Back and Next after it."""
        if self.question is not None and self.question.kind != "text":
            return self.note
        if self.text_input is not None:
            return self.text_input
        return self.buttons[-1] if self.buttons else self.clause_toggle

    def show_problem(self, message: str) -> None:
        """Show a problem the window found (the core refused the answer); counts as a try."""
        self.tried = True
        self.reason.setText(message)
        self.reason.setVisible(True)

    def unsure_picked(self) -> bool:
        question = self.question
        if question is None or question.kind == "text":
            return False
        picked = {b.property("choice") for b in self.buttons if b.isChecked()}
        return any(c.unsure and c.id in picked for c in question.choices)

    def _update(self) -> None:
        problem = self.problem()
        self.reason.setText(problem)
        self.reason.setVisible(self.tried and bool(problem))
        self.note_label.setText(UNSURE_LABEL if self.unsure_picked() else NOTE_LABEL)
        self.ask.setVisible(self.question is not None and self.question.kind != "text" and not self.unsure_picked())
        self.changed.emit()
