"""The window's answers to the workspace's prompts: one dialog per kind of `wizard.workspace.Prompt`.

The workspace decides what to ask and what each choice does; this module
only words the question, shows it and returns the choice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from wizard import workspace as ws
from wizard.ui.lock_prompt import ask_when_locked


def ask(parent: QWidget, prompt: ws.Prompt) -> str:
    """The user's choice, one of `prompt.choices`."""
    if isinstance(prompt, ws.LockPrompt):
        return ask_when_locked(parent, prompt.target, prompt.holder)
    if isinstance(prompt, ws.LaterChangesPrompt):
        return _later_changes(parent, prompt)
    if isinstance(prompt, ws.DropPrompt):
        return _drop(parent, prompt)
    if isinstance(prompt, ws.OverwritePrompt):
        return _overwrite(parent, prompt)
    if isinstance(prompt, ws.UnsavedPrompt):
        return _unsaved(parent, prompt)
    raise TypeError(f"no dialog for {type(prompt).__name__}")


def say(parent: QWidget, problem: ws.Problem, name: str = "problem") -> None:
    box = QMessageBox(QMessageBox.Warning, problem.title, problem.message, parent=parent)
    box.setObjectName(name)
    box.exec()


def _buttons(box: QMessageBox, prompt: ws.Prompt, labels: dict[str, tuple[str, QMessageBox.ButtonRole]]) -> str:
    buttons = {choice: box.addButton(*labels[choice]) for choice in prompt.choices}
    box.setDefaultButton(buttons[prompt.default])
    if ws.CANCEL in buttons:
        box.setEscapeButton(buttons[ws.CANCEL])
    box.exec()
    return next(
        (c for c, b in buttons.items() if box.clickedButton() is b), ws.CANCEL if ws.CANCEL in buttons else prompt.default
    )


def describe(version: ws.Version, newer: bool) -> str:
    """One version of the review in words: which it is, when it last changed, what it holds."""
    name = f"The file {version.path.name}" if version.kind == ws.FILE else f"The autosave ({version.path})"
    when = f"last change {version.last_change}" if version.last_change else "no recorded change"
    decision = f"counsel's decision: {version.decision}" if version.decision else "no decision by counsel"
    return f"• {name}{' — the later one' if newer else ''}: {when}; {decision}."


def later_changes_text(prompt: ws.LaterChangesPrompt) -> str:
    if prompt.newer:
        order = "By the review's own log, the later version is the " + ("file." if prompt.newer == ws.FILE else "autosave.")
    else:
        order = "Both changed since they were the same, at the same recorded time."
    n = prompt.file.changed
    return (
        f"This review has two versions that differ in {n} answer{'' if n == 1 else 's'}.\n\n"
        f"{describe(prompt.file, prompt.newer == ws.FILE)}\n{describe(prompt.autosave, prompt.newer == ws.AUTOSAVE)}\n\n"
        f"{order} The version you do not choose is replaced by the one you do."
    )


def _later_changes(parent: QWidget, prompt: ws.LaterChangesPrompt) -> str:
    box = QMessageBox(QMessageBox.Question, "Two versions of this review", later_changes_text(prompt), parent=parent)
    box.setObjectName("laterChanges")
    autosave = "Continue with the later changes" if prompt.newer == ws.AUTOSAVE else "Continue with the autosave"
    return _buttons(
        box,
        prompt,
        {
            ws.AUTOSAVE: (autosave, QMessageBox.AcceptRole),
            ws.FILE: ("Open the saved file", QMessageBox.AcceptRole),
            ws.CANCEL: ("Cancel", QMessageBox.RejectRole),
        },
    )


def _drop(parent: QWidget, prompt: ws.DropPrompt) -> str:
    listed = "\n".join(f"• {s.question.text}" for s in prompt.steps)
    box = QMessageBox(
        QMessageBox.Warning,
        "Change this answer?",
        "This answer takes the interview down another branch. These later answers no longer "
        f"apply and will be dropped (the audit log keeps a record):\n\n{listed}",
        parent=parent,
    )
    box.setObjectName("confirmDrop")
    labels = {
        ws.CHANGE: ("Change and drop them", QMessageBox.DestructiveRole),
        ws.KEEP: ("Keep my earlier answer", QMessageBox.RejectRole),
    }
    buttons = {choice: box.addButton(*labels[choice]) for choice in prompt.choices}
    box.setDefaultButton(buttons[ws.KEEP])  # the safe choice is what Enter does
    box.setEscapeButton(buttons[ws.KEEP])
    box.exec()
    return ws.CHANGE if box.clickedButton() is buttons[ws.CHANGE] else ws.KEEP


def _overwrite(parent: QWidget, prompt: ws.OverwritePrompt) -> str:
    box = QMessageBox(
        QMessageBox.Warning,
        "Replace the file?",
        f"{prompt.target.name} already exists in {prompt.target.parent}.\n\nReplace it?",
        parent=parent,
    )
    box.setObjectName("confirmReplace")
    return _buttons(
        box, prompt, {ws.REPLACE: ("Replace", QMessageBox.DestructiveRole), ws.CANCEL: ("Cancel", QMessageBox.RejectRole)}
    )


def _unsaved(parent: QWidget, prompt: ws.UnsavedPrompt) -> str:
    box = QMessageBox(
        QMessageBox.Question, "Save changes?", f"Save the changes to {prompt.name}?\n\n{prompt.kept}", parent=parent
    )
    box.setObjectName("unsavedPrompt")
    standard = {ws.SAVE: QMessageBox.Save, ws.DISCARD: QMessageBox.Discard, ws.CANCEL: QMessageBox.Cancel}
    buttons = QMessageBox.StandardButton(0)
    for choice in prompt.choices:
        buttons |= standard[choice]
    box.setStandardButtons(buttons)
    box.setDefaultButton(standard[prompt.default])
    clicked = box.exec()
    return next((c for c, b in standard.items() if b == clicked and c in prompt.choices), ws.CANCEL)


def keep_pending(parent: QWidget, question: str) -> str:
    """KEEP, DISCARD or CANCEL for an answer picked or typed but not sent with Next, on closing."""
    box = QMessageBox(
        QMessageBox.Question,
        "Keep this answer?",
        f"You answered “{question}” but did not press Next. Keep the answer?",
        parent=parent,
    )
    box.setObjectName("pendingAnswer")
    keep = box.addButton("Keep the answer", QMessageBox.AcceptRole)
    leave = box.addButton("Leave it unanswered", QMessageBox.DestructiveRole)
    cancel = box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(keep)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return ws.KEEP if clicked is keep else ws.DISCARD if clicked is leave else ws.CANCEL
