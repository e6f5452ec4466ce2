"""Where a review's autosave lives: one file per review, named by its identity (no Qt).

Every answer is written here before the next question shows. The file the
user opens or saves (the *document*) is separate, so a review keeps one
autosave however often it is opened, saved or saved under another name.
"""

from __future__ import annotations

from pathlib import Path

from wizard.session import Session

PREFIX, SUFFIX = "review-", ".json"


def ensure_identity(session: Session) -> None:
    """Give a session from before review identities one (when it is opened for editing)."""
    if not session.id:
        session.id = Session().id


def autosave_path(data_dir: Path, session: Session) -> Path:
    ensure_identity(session)
    return Path(data_dir) / f"{PREFIX}{session.id}{SUFFIX}"


def is_autosave(path: Path, data_dir: Path) -> bool:
    """A file in the data folder is an autosave: opening it continues that review rather than copying it."""
    path = Path(path)
    try:
        return path.resolve().parent == Path(data_dir).resolve() and path.suffix == SUFFIX
    except OSError:
        return False
