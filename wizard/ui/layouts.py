"""Layout helpers shared by the pages."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Empty a layout that is rebuilt for each question or review, nested layouts included.

    Widgets are hidden at once, so they leave the focus chain now rather than
    at the next turn of the event loop, and are deleted later.
    """
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout():
            clear_layout(item.layout())
