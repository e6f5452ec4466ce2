"""Answer a question page the way a script does (crash driver, benchmarks, tests): no keys, no clicks.

Kept out of the product: the window itself never needs it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from wizard.conditions import AnswerValue
from wizard.ui.question_page import QuestionPage


def enter(page: QuestionPage, value: AnswerValue, note: str | None = None) -> None:
    """Put an answer into the page's widgets as if typed or ticked."""
    if isinstance(page.text_input, QPlainTextEdit):
        page.text_input.setPlainText(str(value))
    elif page.text_input is not None:
        page.text_input.setText(str(value))
    else:
        wanted = {value} if isinstance(value, str) else set(value)
        for button in page.buttons:
            button.setChecked(button.property("choice") in wanted)
    if note is not None:
        page.note.setPlainText(note)
