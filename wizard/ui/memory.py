"""What the app remembers between runs (QSettings): recent files, the last autosave, the window.

Only paths and window geometry are kept here; answers live in session files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from wizard.workspace import Resumable

RECENT_LIMIT = 8


class Memory:
    def __init__(self, settings: QSettings | None = None, project_field: str | None = None) -> None:
        self.settings = settings if settings is not None else QSettings()
        self.project_field = project_field  # the profile question holding the project name
        self._remembered: tuple[Path, Path | None] | None = None

    # -- recent files ---------------------------------------------------
    def recent(self) -> list[Path]:
        """Recent files that still exist, newest first."""
        return [p for p in self._recent() if p.is_file()]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        paths = [path, *(p for p in self._recent() if p != path)]
        self.settings.setValue("recent", [str(p) for p in paths[:RECENT_LIMIT]])
        self.settings.sync()

    def _recent(self) -> list[Path]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return [Path(v) for v in value or [] if isinstance(v, str) and v]

    # -- crash recovery -------------------------------------------------
    def remember_autosave(self, autosave: Path, document: Path | None) -> None:
        if self._remembered == (autosave, document):
            return  # called after every answer; the settings file only changes with the pair
        self._remembered = (autosave, document)
        self.settings.setValue("autosave/last", str(autosave))
        self.settings.setValue("autosave/document", str(document) if document else "")
        self.settings.sync()  # on disk now: the app may be killed before the event loop runs again

    def forget_autosave(self) -> None:
        self.settings.remove("autosave")
        self._remembered = None
        self.settings.sync()

    def resumable(self) -> Resumable | None:
        """The last autosave, if it holds an unfinished review that can still be read."""
        from wizard.workspace import resumable

        last = self.settings.value("autosave/last", "")
        if not isinstance(last, str) or not last:
            return None
        document = self.settings.value("autosave/document", "")
        return resumable(Path(last), Path(document) if isinstance(document, str) and document else None, self.project_field)

    # -- window ---------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.settings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.sync()
