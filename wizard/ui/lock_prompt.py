"""The question a window asks when the review it opens is being edited elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from wizard.workspace import CANCEL, READ_ONLY, TAKE_OVER

if TYPE_CHECKING:
    from wizard.lock import Holder

__all__ = ["CANCEL", "READ_ONLY", "TAKE_OVER", "ask_when_locked"]


def ask_when_locked(parent: QWidget | None, target: Path, holder: Holder | None) -> str:
    """READ_ONLY, TAKE_OVER or CANCEL: open a copy that is never saved over the file, take the review, or don't open.

    Take over is not the default: the other window's unsaved answers are lost
    to this file once it is taken (they stay in that window, which is told).
    """
    who = holder.describe() if holder else "another program"
    box = QMessageBox(
        QMessageBox.Warning,
        "This review is already open",
        f"{Path(target).name} is open for editing in {who}.\n\n"
        "Open read-only to look at it without changing the file. Take over only if that window is gone or "
        "you are sure its changes are saved: from then on, only this window saves the review, and the other "
        "one can no longer save over your changes.",
        parent=parent,
    )
    box.setObjectName("lockPrompt")
    read_only = box.addButton("Open read-only", QMessageBox.AcceptRole)
    take_over = box.addButton("Take over", QMessageBox.DestructiveRole)
    box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(read_only)
    read_only.setAccessibleName("Open the review read-only")
    take_over.setAccessibleName("Take the review over from the other window")
    box.exec()
    clicked = box.clickedButton()
    return READ_ONLY if clicked is read_only else TAKE_OVER if clicked is take_over else CANCEL
