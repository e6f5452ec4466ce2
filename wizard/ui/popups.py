"""Drop-down lists that open in full: every item shown, none cut short at the edge of its box.

A combo box's pop-up is as wide as the box by default, so a long label in a
narrow box (Paper, a decision or disposition) is cut off; and a platform's own
pop-up style may show only a few items with a scroll bar. `fit_popup` sizes
the list to its longest item and shows every item (with `combobox-popup: 0`
in the style sheet, the list style is used on every platform).

`ChoiceBox` is the app's drop-down list: the mouse wheel over it scrolls the
page, never the choice. On a long page (counsel's dispositions and decision),
scrolling past a list would otherwise change a recorded choice unseen.
"""

from __future__ import annotations

from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QStyle

ITEM_PADDING = 24  # the style sheet's item padding and the list's frame, both sides


class ChoiceBox(QComboBox):
    """A drop-down list the wheel never changes; a click, the keyboard or the pop-up does."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        event.ignore()  # to the scroll area under the pointer


def fit_popup(combo: QComboBox) -> QComboBox:
    """Let the pop-up of `combo` show every item at full width (call after its items are added)."""
    combo.setMaxVisibleItems(max(combo.count(), 1))
    view = combo.view()
    metrics = view.fontMetrics()
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    scroll = combo.style().pixelMetric(QStyle.PM_ScrollBarExtent, None, combo)
    view.setMinimumWidth(longest + ITEM_PADDING + 2 * view.frameWidth() + scroll)
    return combo
