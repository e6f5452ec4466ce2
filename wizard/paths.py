"""Where the shipped content lives, installed or in a checkout.

A wheel carries flows/, templates/ and resources/ under `wizard/_data/`; a
checkout (editable install) keeps them at the top of the repository.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `flows`, `templates` or `resources`, whichever copy exists."""
    packaged = Path(str(resources.files("wizard"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return _CHECKOUT / name


def flows_dir() -> Path:
    return data_dir("flows")


def templates_dir() -> Path:
    return data_dir("templates")


def resources_dir() -> Path:
    return data_dir("resources")


def user_data_dir() -> Path:
    """Where autosaves live: the user's data folder, never the working directory.

    `BEDROCK_WIZARD_DATA` overrides it (tests, portable installs).
    """
    override = os.environ.get("BEDROCK_WIZARD_DATA")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("bedrock-terms-wizard", appauthor=False)


def foreign_folder(folder: Path) -> str:
    """Why `folder` is not safe for autosaves on a shared machine ("" when it is, and always off POSIX).

    Autosaves hold every answer and counsel's entries; a folder another user
    owns, or may write in, lets them read those or swap a review for their own.
    """
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return ""
    try:
        info = Path(folder).stat()
    except OSError:
        return ""  # a folder that cannot be looked at is reported by the caller's own probe
    if info.st_uid != getuid():
        return f"it belongs to another user (user id {info.st_uid})"
    if info.st_mode & 0o022:
        return "other users may write in it (make it private: chmod 700)"
    return ""
