"""Handing files to the desktop: open in the default program, show in the file manager.

Each returns whether it worked, so the window can say so and offer another
way, instead of a click that does nothing visible. Each platform's own way:
Windows `os.startfile` and Explorer's `/select,`; macOS `open` and Finder's
`open -R`; Linux the desktop's default (xdg-open through Qt, asked first
with xdg-mime) and the freedesktop file-manager interface.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_path(path: Path) -> bool:
    """Open a file in its default program; False when the desktop has none for it."""
    path = Path(path)
    if sys.platform == "win32":
        try:
            os.startfile(path)  # type: ignore[attr-defined]  # "open" verb; OSError when no program is associated
        except OSError:
            return False
        return True
    if sys.platform == "darwin":
        try:  # LaunchServices answers non-zero when no application opens the type
            return subprocess.run(["open", str(path)], capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return False
    return not (path.suffix.lower() == ".pdf" and _nothing_opens("application/pdf"))


def _nothing_opens(mime_type: str) -> bool:
    """Linux: xdg-open starts even when no program takes the type, and then fails unseen; ask first.

    True only when xdg-mime answers that nothing is set up; unknown is not a failure.
    """
    if not sys.platform.startswith("linux") or shutil.which("xdg-mime") is None:
        return False
    try:
        done = subprocess.run(["xdg-mime", "query", "default", mime_type], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and not done.stdout.strip()


def show_in_folder(path: Path) -> bool:
    """Show the file selected in the system's file manager (or at least its folder opened)."""
    path = Path(path)
    try:
        if sys.platform == "win32":
            # Explorer's exit code says nothing (1 on success too): started is all that can be known
            subprocess.Popen(["explorer", f"/select,{path}"])  # noqa: S603 - fixed program, our own path
            return True
        if sys.platform == "darwin":
            return subprocess.run(["open", "-R", str(path)], timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        pass
    if _file_manager_show_items(path):
        return True
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        return False
    return not _nothing_opens("inode/directory")  # no file manager: the window says where the file is instead


def _file_manager_show_items(path: Path) -> bool:
    """The freedesktop file-manager interface (Files, Dolphin, Nemo…) selects the file in its folder."""
    if sys.platform in ("win32", "darwin"):
        return False
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    manager = QDBusInterface("org.freedesktop.FileManager1", "/org/freedesktop/FileManager1", "org.freedesktop.FileManager1", bus)
    if not manager.isValid():
        return False
    reply = manager.call("ShowItems", [QUrl.fromLocalFile(str(path)).toString()], "")
    return reply.type() != QDBusMessage.ErrorMessage
