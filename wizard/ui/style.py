"""The app's look: the bundled style sheet, in the system's light or dark colours.

The sheet (resources/style.qss) names colours as @name; resources/colours.toml
gives them for each scheme. Nothing is fetched. The scheme is the system's
(Qt's colour-scheme hint), followed live when it changes;
BEDROCK_WIZARD_COLOR_SCHEME=light|dark overrides it for desktops that do not
report one.
"""

from __future__ import annotations

import os
import re
import tomllib

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from wizard.paths import resources_dir

LIGHT, DARK = "light", "dark"
SCHEMES = (LIGHT, DARK)
OVERRIDE = "BEDROCK_WIZARD_COLOR_SCHEME"
_TOKEN = re.compile(r"@([a-z_]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def colours(scheme: str) -> dict[str, str]:
    """The named colours of one scheme, from resources/colours.toml."""
    with open(resources_dir() / "colours.toml", "rb") as handle:
        table = tomllib.load(handle)
    return dict(table[scheme])


def style_sheet(scheme: str) -> str:
    """resources/style.qss with every @name replaced by the scheme's colour (comments left out).

    @icons names the folder of the bundled icons (check marks).
    """
    named = {**colours(scheme), "icons": (resources_dir() / "icons").as_posix()}
    sheet = (resources_dir() / "style.qss").read_text(encoding="utf-8")

    def colour(match: re.Match[str]) -> str:
        try:
            return named[match[1]]
        except KeyError:
            raise ValueError(f"style.qss: no colour '{match[1]}' in colours.toml [{scheme}]") from None

    return _TOKEN.sub(colour, _COMMENT.sub("", sheet))


def system_scheme(app: QGuiApplication) -> str:
    """Light or dark: the override, else the system's hint, else what the palette looks like."""
    wanted = os.environ.get(OVERRIDE, "").strip().lower()
    if wanted in SCHEMES:
        return wanted
    hint = app.styleHints().colorScheme()
    if hint == Qt.ColorScheme.Dark:
        return DARK
    if hint == Qt.ColorScheme.Light:
        return LIGHT
    return DARK if _looks_dark(app.palette()) else LIGHT


def _looks_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.Window).lightness() < 128


def scheme_palette(scheme: str) -> QPalette:
    """A whole palette in the scheme's colours, for when the system's palette does not match its own scheme."""
    c = {k: QColor(v) for k, v in colours(scheme).items()}
    palette = QPalette()
    for role, name in (
        (QPalette.Window, "window"),
        (QPalette.WindowText, "text"),
        (QPalette.Base, "panel"),
        (QPalette.AlternateBase, "window"),
        (QPalette.Text, "text"),
        (QPalette.Button, "panel"),
        (QPalette.ButtonText, "text"),
        (QPalette.Highlight, "accent"),
        (QPalette.HighlightedText, "panel"),
        (QPalette.ToolTipBase, "panel"),
        (QPalette.ToolTipText, "text"),
        (QPalette.Link, "link"),
        (QPalette.PlaceholderText, "subtle"),
        (QPalette.Light, "border"),
        (QPalette.Midlight, "line"),
        (QPalette.Mid, "border"),
        (QPalette.Dark, "line"),
        (QPalette.Shadow, "window"),
    ):
        palette.setColor(role, c[name])
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, c["disabled_text"])
    return palette


def apply_style(app: QApplication, scheme: str | None = None) -> str:
    """Style the app in `scheme` (default: the system's) and follow the system when it switches; returns the scheme.

    The sheet only styles the app's own widgets. Where the system's palette
    disagrees with its own scheme (a desktop that reports dark but hands Qt
    a light palette, or the override), the palette is set to the scheme too,
    so unstyled parts such as check marks and menus match.
    """
    chosen = scheme or system_scheme(app)
    if chosen not in SCHEMES:
        raise ValueError(f"colour scheme must be one of {', '.join(SCHEMES)}, not {chosen!r}")
    sheet = style_sheet(chosen)  # first: a broken sheet changes nothing
    if _looks_dark(app.palette()) != (chosen == DARK):
        app.setPalette(scheme_palette(chosen))
    app.setStyleSheet(sheet)
    app.setProperty("colorScheme", chosen)
    if scheme is None and not app.property("followsColorScheme"):
        app.setProperty("followsColorScheme", True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_style(app))
    return chosen
