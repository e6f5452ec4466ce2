"""The window's counsel commands: counsel review mode, counsel's entries, owners and due dates, Copy summary.

A mixin of `MainWindow`. Each entry runs as one command on the workspace
(`Workspace.run`), and a refused entry is said at its field, in words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

if TYPE_CHECKING:  # the rest is imported when a command runs: start-up needs none of it
    from wizard.counsel_view import CounselView
    from wizard.derive import Derived
    from wizard.review import Change, Review
    from wizard.ui.counsel_page import CounselPage
    from wizard.ui.main_window import MainWindow

    Base = MainWindow
else:
    Base = object


def approval_warning(view: CounselView | None, derived: Derived | None, decision: str) -> str:
    """Why approving now needs a second look: questions counsel has not resolved, or a computed status that is
    itself one of counsel's decisions (Anthropic's approval) and not this one; "" when there is none."""
    from wizard.counsel_vocabulary import vocabulary

    vocab = vocabulary()
    term = vocab.decisions.get(decision)
    if view is None or derived is None or term is None or not term.approves:
        return ""
    reasons = []
    unresolved = view.open_count + len(derived.findings.profile_questions)
    if unresolved:
        one = unresolved == 1
        reasons.append(f"{unresolved} question{'' if one else 's'} for counsel {'is' if one else 'are'} not resolved.")
    computed = derived.findings.decision
    if computed.id in vocab.decisions and computed.id != decision:
        reasons.append(f"The computed status is “{computed.label}”.")
    return " ".join(reasons)


def in_words(message: str, finding_id: str) -> str:
    """A refusal as the user reads it at the field: no finding id, no decision or disposition id."""
    if not message:
        return ""
    from wizard.counsel_vocabulary import vocabulary

    vocab = vocabulary()
    if finding_id:
        message = message.replace(f" of {finding_id}", "").replace(f" to {finding_id}", "").replace(f"{finding_id}: ", "")
    for key in (*vocab.dispositions, *vocab.decisions):
        label = vocab.disposition_label(key) if key in vocab.dispositions else vocab.decision_label(key)
        message = message.replace(f"'{key}'", f"“{label}”")
    return message[:1].upper() + message[1:]


class CounselCommands(Base):
    def connect_counsel(self, page: CounselPage) -> None:
        """The counsel page's signals → the review's commands (the review page's panel: `page_table`)."""
        page.answer_changed.connect(
            lambda fid, text, ok: self.counsel_command(lambda r: r.answer_question(fid, text, ok), "", fid)
        )
        page.risk_changed.connect(
            lambda fid, kind, comment: self.counsel_command(lambda r: r.dispose_risk(fid, kind, comment), "", fid)
        )
        page.decide_requested.connect(self.decide)
        page.confirm_requested.connect(
            lambda: self.counsel_command(lambda r: r.confirm_decision(datetime.now().date().isoformat()), "Decision confirmed.")
        )
        page.review_by_changed.connect(lambda day: self.counsel_command(lambda r: r.set_review_by(day)))
        page.action_changed.connect(self.set_action)
        page.leave_requested.connect(lambda: self.set_counsel_mode(False))

    def decide(self, decision: str, reviewer: str, role: str, day: str, conditions: list[str]) -> None:
        """Record counsel's decision; approving while questions stay open, or against the computed status, is confirmed first."""
        warning = approval_warning(self.counsel, self.derived, decision)
        if warning and not self._confirm_approval(warning):
            return
        self.counsel_command(lambda r: r.decide(decision, reviewer, role, day, conditions), "Decision recorded.")

    def _confirm_approval(self, warning: str) -> bool:
        box = QMessageBox(QMessageBox.Warning, "Approve this review?", f"{warning}\n\nApprove all the same?", parent=self)
        box.setObjectName("confirmApproval")
        approve = box.addButton("Approve", QMessageBox.AcceptRole)
        back = box.addButton("Go back", QMessageBox.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is approve

    def set_counsel_mode(self, on: bool) -> None:
        """Enter or leave counsel review mode (procurement's answers read-only, counsel's entries editable)."""
        if self.view == "start":
            on = False
        if on != self.counsel_mode:
            self.keep_entries()
            self.counsel_mode = on
            self.move_to("counsel" if on else "review")
        self.counsel_action.blockSignals(True)
        self.counsel_action.setChecked(on)
        self.counsel_action.blockSignals(False)

    def review_as_counsel(self, path: Path) -> None:
        if self.open_file(path):
            self.set_counsel_mode(True)

    def counsel_command(self, command: Callable[[Review], Change], done: str = "", finding_id: str = "") -> None:
        """Run one of the review's counsel or action commands; a refused entry is said where it was typed."""
        from wizard.counsel import CounselError

        try:
            change = self.workspace.run(command)
        except CounselError as exc:
            self.say_problem(str(exc), finding_id)
            return
        self.say_notice()
        self.say_problem("", finding_id)
        if done:
            self.statusBar().showMessage(done, 5_000)
        self.apply(change)

    def set_action(self, finding_id: str, owner: str, due: str) -> None:
        self.counsel_command(lambda r: r.set_action(finding_id, owner, due), finding_id=finding_id)

    def say_problem(self, message: str, finding_id: str = "") -> None:
        message = in_words(message, finding_id)
        box = self.counsel_page.actions if self.view == "counsel" else self.review_page.counsel_panel.actions
        if finding_id and box.show_problem(finding_id, message):
            return
        if self.view == "counsel" and not (finding_id and self.counsel_page.show_entry_problem(finding_id, message)):
            self.counsel_page.show_problem(message)
        elif message:
            self.statusBar().showMessage(message, 10_000)

    def copy_summary(self) -> None:
        """Put the one-paragraph summary for e-mail on the clipboard."""
        from wizard.summary import summary

        self.keep_entries()
        QApplication.clipboard().setText(summary(self.flowset, self.review.session))
        message = "Summary copied to the clipboard: paste it into an e-mail."
        self.statusBar().showMessage(message, 8_000)
        if self.view == "report":
            self.finish_page.say(message)
        else:
            self.review_page.counsel_panel.say(message)
