"""Drop-down lists open in full: Paper on the report step and Decision in counsel mode show every item, uncut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox

from wizard.ui import style


@pytest.fixture
def styled(qapp) -> Iterator[None]:
    """The app's own style sheet (which styles the lists), put back as it was afterwards."""
    sheet, palette = qapp.styleSheet(), qapp.palette()
    style.apply_style(qapp, "light")
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _open_in_full(qtbot, combo: QComboBox) -> None:
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    QApplication.processEvents()
    metrics = view.fontMetrics()
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert len(texts) >= 2
    longest = max(metrics.horizontalAdvance(t) for t in texts)
    assert view.width() >= longest and view.viewport().width() >= longest, f"{combo.objectName()}: as wide as its longest item"
    shown = view.viewport().rect()
    for row, text in enumerate(texts):
        place = view.visualRect(combo.model().index(row, 0))
        assert shown.top() <= place.top() and place.bottom() <= shown.bottom(), f"{text!r} is shown without scrolling"
        assert metrics.horizontalAdvance(text) <= shown.width(), f"{combo.objectName()}: {text!r} is not cut off"
    assert combo.maxVisibleItems() >= combo.count(), "every item, no scroll bar"
    combo.hidePopup()


def test_the_paper_and_decision_lists_open_in_full(qtbot, styled, open_window, finished: Path) -> None:
    window = open_window(finished)
    window.view = "report"
    window.refresh()
    _open_in_full(qtbot, window.finish_page.paper)
    window.set_counsel_mode(True)
    page = window.counsel_page
    page.scroll.ensureWidgetVisible(page.decision)
    page.decision.setFixedWidth(60)  # a box narrower than its labels: the list still shows them whole
    _open_in_full(qtbot, page.decision)
    for entry in page.risk_entries.values():
        entry.disposition.setFixedWidth(60)
        _open_in_full(qtbot, entry.disposition)
        break
