"""Help → Keyboard shortcuts: a two-column table made from the actions, opened with F1 or Ctrl+/."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QMenuBar

from wizard.ui.shortcuts import ShortcutsDialog, shortcut_rows, shortcuts_action


def _native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.NativeText)


@pytest.fixture
def menubar(qtbot) -> QMenuBar:
    bar = QMenuBar()
    qtbot.addWidget(bar)
    file_menu = bar.addMenu("&File")
    save = QAction("&Save", bar)
    save.setShortcut(QKeySequence("Ctrl+S"))
    file_menu.addAction(save)
    file_menu.addSeparator()
    recent = file_menu.addMenu("Open &recent")
    recent.addAction(QAction("nothing here", bar))
    export = QAction("&Export PDF report…", bar)
    export.setShortcut(QKeySequence("Ctrl+E"))
    recent.addAction(export)
    file_menu.addAction(QAction("No keys", bar))
    go = bar.addMenu("&Go")
    back = QAction("&Back", bar)
    back.setShortcuts([QKeySequence("Alt+Left"), QKeySequence("Ctrl+[")])
    go.addAction(back)
    bar.addMenu("&Help").addAction(shortcuts_action(bar, bar))
    return bar


def test_rows_come_from_the_actions_and_the_control_keys(menubar: QMenuBar) -> None:
    rows = dict(shortcut_rows(menubar))
    assert rows["Save"] == _native("Ctrl+S")
    assert rows["Export PDF report"] == _native("Ctrl+E"), "submenus are included, the ellipsis dropped"
    assert rows["Back"] == f"{_native('Alt+Left')} or {_native('Ctrl+[')}"
    assert rows["Keyboard shortcuts"] == f"{_native('F1')} or {_native('Ctrl+/')}"
    assert "No keys" not in rows and "nothing here" not in rows
    assert rows["Answer and go on"] == "Enter"
    assert any(keys == "Ctrl+Enter" for keys in rows.values())
    assert any("↓ / ↑" in keys for keys in rows.values()), "the arrow keys are listed"
    assert "Space" in rows["Tick or untick the focused choice"]


def test_the_dialog_is_a_two_column_table(qtbot, menubar: QMenuBar) -> None:
    rows = shortcut_rows(menubar)
    dialog = ShortcutsDialog(rows)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.columnCount() == 2 and table.rowCount() == len(rows)
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["Action", "Keys"]
    shown = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert shown == rows
    assert not table.editTriggers(), "read-only"


@pytest.mark.parametrize("keys", ["F1", "Ctrl+/"])
def test_f1_and_ctrl_slash_open_it(qtbot, keys: str) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(shortcuts_action(window, window.menuBar()))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    opened = []

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ShortcutsDialog):
            QTimer.singleShot(20, close)
            return
        opened.append(dialog.table.rowCount())
        dialog.reject()

    QTimer.singleShot(0, close)
    sequence = QKeySequence(keys)
    combo = sequence[0]
    QTest.keyClick(window, combo.key(), combo.keyboardModifiers())
    assert opened and opened[0] > 5


def test_a_new_page_is_one_module_and_one_entry(qtbot, open_window, monkeypatch) -> None:
    """A PageSpec names its widget, its Go-menu action and shortcut and its buttons; the window follows the table."""
    from PySide6.QtWidgets import QLabel

    from wizard.ui import page_table
    from wizard.ui.layouts import AppPage

    class NotesPage(AppPage):
        def __init__(self) -> None:
            super().__init__()
            self.label = QLabel("", self)
            self.entered = 0

    def enter(window, derived) -> None:
        page = window.page_widgets["notes"]
        page.entered += 1
        page.label.setText(f"{derived.answered} answers")

    left = []
    spec = page_table.PageSpec(
        "notes",
        NotesPage,
        enter,
        leave=lambda w: left.append(w.view),
        menu="&Notes",
        shortcut="Ctrl+Shift+N",
        next_text="Back to the review  ▶",
        next_name="Back to the review",
        can_next=lambda _w, _d: True,
        on_next=lambda w: w.move_to("review"),
    )
    monkeypatch.setattr(page_table, "PAGES", (*page_table.PAGES, spec))
    window = open_window()
    window.new_review()
    (action,) = [a for a in window.page_actions if a.text() == "&Notes"]
    assert action.shortcut().toString() == "Ctrl+Shift+N"
    action.trigger()
    page = window.page_widgets["notes"]
    assert window.view == "notes" and window.pages.currentWidget() is page and page.entered == 1
    assert page.label.text() == "0 answers" and window.next_button.text() == "Back to the review  ▶"
    window.go_next()
    assert window.view == "review" and left == ["notes"], "leaving the page ran its leave"


def test_f1_lists_every_action(qtbot, open_window) -> None:
    from wizard.ui.shortcuts import shortcut_rows

    window = open_window()
    listed = {what for what, _keys in shortcut_rows(window.menuBar())}
    for action in ("Review as counsel", "Copy summary", "Print the report", "Review answers", "Export PDF report"):
        assert action in listed, f"{action} is missing from F1"
