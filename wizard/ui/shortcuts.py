"""Help → Keyboard shortcuts (a two-column table generated from the window's own actions) and Help → About.

The keys come from the QActions themselves, so the list cannot drift from
what the keys do; only the keys that belong to controls rather than menus
(Enter, arrows, Space, Tab) are written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from wizard.flows import Terms

OPEN_KEYS = (QKeySequence(Qt.Key_F1), QKeySequence("Ctrl+/"))

CONTROL_KEYS = (
    ("Answer and go on", "Enter"),
    ("Go on from a note or a multi-line answer (Enter there starts a new line)", "Ctrl+Enter"),
    ("Choose the next or previous answer of a one-choice question", "↓ / ↑  (or → / ←)"),
    ("Move between the choices of a tick-all question", "↓ / ↑"),
    ("Tick or untick the focused choice", "Space"),
    ("Move to the next or previous control", "Tab / Shift+Tab"),
    ("Press the focused button or link", "Space or Enter"),
)


def _actions(source: QMenuBar | QMenu | Iterable[QAction]) -> list[QAction]:
    """Every action of a menu bar or menu, submenus included, in menu order."""
    found: list[QAction] = []
    items = source.actions() if isinstance(source, QMenuBar | QMenu) else list(source)
    for action in items:
        if action.menu() is not None:
            found += _actions(action.menu())
        elif not action.isSeparator():
            found.append(action)
    return found


def shortcut_rows(source: QMenuBar | QMenu | Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for the control keys, then for every action that has a shortcut."""
    rows = list(CONTROL_KEYS)
    for action in _actions(source):
        keys = [k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").rstrip(".")
            rows.append((what, " or ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """The shortcuts as a table: what it does, and the keys."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel("Everything in the wizard works from the keyboard.", wordWrap=True)
        self.table = QTableWidget(len(rows), 2, objectName="shortcutTable")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 520)
        self.table.setFocus()


def show_shortcuts(parent: QWidget, source: QMenuBar | QMenu | Iterable[QAction]) -> None:
    """Show the table for the actions of `source` (the window's menu bar) until the user closes it."""
    ShortcutsDialog(shortcut_rows(source), parent).exec()


def shortcuts_action(parent: QWidget, source: QMenuBar) -> QAction:
    """Help → Keyboard shortcuts, opened with F1 or Ctrl+/; add it to the Help menu."""
    action = QAction("&Keyboard shortcuts", parent, objectName="showShortcuts")
    action.setShortcuts(list(OPEN_KEYS))
    action.triggered.connect(lambda: show_shortcuts(parent, source))
    return action


def about_action(parent: QWidget, terms_of: Callable[[], Terms]) -> QAction:
    """Help → About: the version, the terms the flows were written against, and that nothing leaves the computer."""

    def about() -> None:
        from wizard import __version__

        terms = terms_of()
        QMessageBox.about(
            parent,
            "About Bedrock Terms Wizard",
            f"Bedrock Terms Wizard {__version__}\nWritten against: {terms.title} (as of {terms.as_of}).\n"
            "Everything stays on this computer. This is not legal advice.",
        )

    return QAction("&About", parent, triggered=about)
