"""The style sheet: only the app's own widgets, a visible focus ring everywhere, readable in light and dark."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES
from gui_support import show_kind
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from wizard.cli import main
from wizard.fsio import load, save
from wizard.paths import resources_dir
from wizard.ui import style
from wizard.ui.main_window import MainWindow

ROOTS = ("MainWindow", "#side", "QPushButton#back", "QPushButton#next", "AppPage")


@pytest.fixture
def styled(qapp) -> Iterator[Callable[[str], str]]:
    """Apply the app's style in a scheme; the app's sheet and palette come back afterwards."""
    sheet, palette = qapp.styleSheet(), qapp.palette()

    def apply(scheme: str) -> str:
        return style.apply_style(qapp, scheme)

    yield apply
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


def _selectors(sheet: str) -> list[str]:
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    heads = re.findall(r"([^{}]+)\{[^{}]*\}", sheet)
    return [" ".join(s.split()) for head in heads for s in head.split(",") if s.strip()]


def test_every_rule_starts_at_one_of_the_apps_own_widgets() -> None:
    selectors = _selectors((resources_dir() / "style.qss").read_text())
    assert len(selectors) > 50
    for selector in selectors:
        first = selector.split(" ")[0]
        assert first.split(":")[0] in ROOTS or first.startswith(("#side", "QPushButton#back", "QPushButton#next")), (
            f"'{selector}' is not scoped to the app's widgets"
        )
        if first.startswith("MainWindow"):
            assert selector == "MainWindow", "MainWindow alone only: its descendants include the dialogs it opens"


def _pixels(image: QImage) -> bytes:
    return bytes(image.convertToFormat(QImage.Format_RGB32).constBits())


@pytest.mark.parametrize("dialog", ["file", "message"])
def test_standard_dialogs_look_the_same_with_and_without_the_style(
    qtbot, open_window, styled, tmp_path: Path, dialog: str
) -> None:
    window = open_window()
    window.new_review()
    # An empty folder: file rows and their icons load in the background and would differ between grabs.

    def make() -> QWidget:
        if dialog == "file":
            box = QFileDialog(window, "Open a review", str(tmp_path), "Reviews (*.json)")
            box.setOption(QFileDialog.DontUseNativeDialog)
        else:
            box = QMessageBox(
                QMessageBox.Question,
                "Save changes?",
                "Save the changes?",
                QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                window,
            )
        box.resize(720, 480)
        box.show()
        qtbot.waitExposed(box)
        QApplication.processEvents()
        return box

    make().close()  # the file dialog keeps a history (the Back button): start both grabs with one
    plain = make()
    before = plain.grab().toImage()
    plain.close()
    assert styled("light") == "light"
    QApplication.processEvents()
    themed = make()
    if dialog == "file":
        assert themed.findChild(QWidget, "sidebar") is not None, "the file dialog's own side panel is there"
    after = themed.grab().toImage()
    themed.close()
    assert before.size() == after.size()
    assert _pixels(before) == _pixels(after), f"the app's style changed the {dialog} dialog"


# -- focus rings -------------------------------------------------------------------------
def _finished(tmp_path: Path) -> Path:
    """A finished review with a long note (shortened on the review page, with Show all)."""
    path = tmp_path / "done.json"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(path)]) == 0
    session = load(path)
    flow_id, answers = next(iter(session.answers.items()))
    session.notes.setdefault(flow_id, {})[next(iter(answers))] = "Ask counsel whether this covers our resellers. " * 9
    save(session, path)
    return path


def _pages(window: MainWindow, tmp_path: Path) -> Iterator[str]:
    """Visit every kind of page; yields its name while it shows."""
    yield "start"
    window.new_review()
    yield "text question"
    for kind in ("single", "multi"):
        show_kind(window, kind)
        yield f"{kind} question"
    window.setWindowModified(False)
    window.open_file(_finished(tmp_path))
    yield "review"
    window.view = "report"
    window.refresh()
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    window.finish_page.done(str(pdf))
    yield "report"


def _focusable(window: MainWindow) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView, QDateEdit)
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisibleTo(window)
        and w.isEnabled()
        and w.focusPolicy() & Qt.TabFocus
        and w.width() > 0
        and not isinstance(w.parent(), QDateEdit)  # a date field's text box: the ring is round the field
    ]


def _ring_change(widget: QWidget) -> float:
    """The share of the widget's outer 3-pixel band that changes when it takes the focus."""
    widget.clearFocus()
    QApplication.processEvents()
    off = widget.grab().toImage().convertToFormat(QImage.Format_RGB32)
    widget.setFocus(Qt.TabFocusReason)
    QApplication.processEvents()
    on = widget.grab().toImage().convertToFormat(QImage.Format_RGB32)
    widget.clearFocus()
    if isinstance(widget, QAbstractItemView):  # the ring is round the current item
        current = widget.visualRect(widget.currentIndex()).translated(widget.viewport().pos())
        ratio = widget.devicePixelRatioF()
        band = QRect(current.x() * ratio, current.y() * ratio, current.width() * ratio, current.height() * ratio)
    else:
        band = QRect(0, 0, off.width(), off.height())
    edge = [
        (x, y)
        for x in range(band.left(), band.right() + 1)
        for y in range(band.top(), band.bottom() + 1)
        if min(x - band.left(), band.right() - x, y - band.top(), band.bottom() - y) < 3
    ]
    changed = sum(off.pixel(x, y) != on.pixel(x, y) for x, y in edge)
    return changed / max(len(edge), 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focusable_control_shows_a_focus_ring(
    qtbot, open_window, styled, tmp_path: Path, scheme: str, _private_data_dir: Path
) -> None:
    styled(scheme)
    _finished(tmp_path).rename(_private_data_dir / "review-1.json")  # a row on the start screen
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.sidebar.setCurrentRow(0)
    checked: set[str] = set()
    for where in _pages(window, tmp_path):
        QApplication.processEvents()
        for widget in _focusable(window):
            name = widget.objectName() or type(widget).__name__
            share = _ring_change(widget)
            assert share > 0.5, f"{scheme}, {where}: {name} shows no focus ring ({share:.0%} of its edge changes)"
            checked.add(name)
    for name in (
        "newReview",
        "openReview",
        "rowAction",
        "textAnswer",
        "clauseToggle",
        "note",
        "back",
        "next",
        "sidebar",
        "editLink",
        "showAll",
        "reportPath",
        "paper",
        "createReport",
        "openPdf",
        "printPdf",
        "showFolder",
    ):
        assert name in checked, f"{name} was not on any page"
    assert any(n.startswith("choice_") for n in checked)


# -- readable --------------------------------------------------------------------------
def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_contrast(image: QImage, rect: QRect) -> float:
    """Background: the commonest colour in the text's box; text: the colour that stands out most from it."""
    colours = Counter(
        image.pixel(x, y) for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1)
    )
    background = QColor.fromRgb(colours.most_common(1)[0][0])
    return max(contrast(background, QColor.fromRgb(c)) for c in colours)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_is_readable_in_both_schemes(
    qtbot, open_window, styled, tmp_path: Path, scheme: str, _private_data_dir: Path
) -> None:
    styled(scheme)
    _finished(tmp_path).rename(_private_data_dir / "review-1.json")  # a row on the start screen
    assert (QApplication.palette().color(QPalette.Window).lightness() < 128) == (scheme == "dark")
    window = open_window()
    window.resize(1040, 720)
    seen = 0
    for where in _pages(window, tmp_path):
        QApplication.processEvents()
        image = window.grab().toImage().convertToFormat(QImage.Format_RGB32)
        ratio = window.devicePixelRatioF()
        for widget in window.findChildren(QWidget):
            text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            if not text.strip() or not widget.isVisibleTo(window) or not widget.isEnabled():
                continue
            top_left = widget.mapTo(window, widget.rect().topLeft())
            box = QRect(top_left, widget.size()).intersected(window.rect())
            visible = widget.visibleRegion().boundingRect()
            if box.isEmpty() or visible.isEmpty():
                continue
            box = QRect(top_left + visible.topLeft(), visible.size()).intersected(window.rect())
            box = QRect(int(box.x() * ratio), int(box.y() * ratio), int(box.width() * ratio), int(box.height() * ratio))
            found = _text_contrast(image, box)
            assert found >= 4.5, f"{scheme}, {where}: '{text[:40]}' ({widget.objectName()}) contrast {found:.1f}"
            seen += 1
    assert seen > 60


def test_the_scheme_follows_the_system(qapp, styled, monkeypatch) -> None:
    monkeypatch.setenv(style.OVERRIDE, "light")
    assert style.apply_style(qapp) == "light" and qapp.property("colorScheme") == "light"
    monkeypatch.setenv(style.OVERRIDE, "dark")
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the desktop does when the user switches
    assert qapp.property("colorScheme") == "dark"
    assert qapp.styleSheet() == style.style_sheet("dark")
    assert qapp.palette().color(QPalette.Window).lightness() < 128, "a light system palette is made dark too"
    monkeypatch.delenv(style.OVERRIDE)
    assert style.system_scheme(qapp) == "dark", "with no hint from the system, the palette decides"


def test_every_colour_the_sheet_names_exists_in_both_schemes() -> None:
    used = set(re.findall(r"@([a-z_]+)", re.sub(r"/\*.*?\*/", "", (resources_dir() / "style.qss").read_text(), flags=re.S)))
    for scheme in style.SCHEMES:
        named = style.colours(scheme)
        assert used - {"icons"} <= set(named), f"{scheme}: missing {sorted(used - set(named) - {'icons'})}"
        assert all(re.fullmatch(r"#[0-9a-f]{6}", v) for v in named.values())
    assert style.colours("light").keys() == style.colours("dark").keys()


def test_a_broken_style_file_starts_unstyled_with_one_line(qapp, styled, monkeypatch, tmp_path: Path, capsys) -> None:
    from wizard.ui import app

    (tmp_path / "style.qss").write_text("AppPage { color: @nowhere; }")
    (tmp_path / "colours.toml").write_text((resources_dir() / "colours.toml").read_text())
    monkeypatch.setattr(style, "resources_dir", lambda: tmp_path)
    qapp.setStyleSheet("")
    app.apply_style(qapp)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no colour 'nowhere'" in err and qapp.styleSheet() == ""
