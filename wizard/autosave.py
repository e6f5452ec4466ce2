"""Where a review's autosave lives: one file per review, named by its identity (no Qt).

Every answer is written here before the window takes its next input. The
file the user opens or saves (the *document*) is separate, so a review keeps
one autosave however often it is opened, saved or saved under another name.
A `Writer` does the writing on a thread of its own, so the window can draw
the next page while the disk syncs; the window waits for it right after.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import weakref
from pathlib import Path

from wizard.fsio import write_private
from wizard.session import Session, SessionError

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


class Writer:
    """Writes autosaves on a thread of its own, in the order given, so the window draws while the disk works.

    `submit` takes the bytes already encoded (and checked) on the caller's
    thread; a later submit of the same file replaces one not yet written.
    `wait` returns once everything submitted is on disk and raises the first
    write that failed since the last wait (a SessionError naming the file).
    Every writer is waited for when the process exits normally.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: dict[Path, bytes] = {}
        self._writing = False
        self._failed: list[SessionError] = []
        self._thread: threading.Thread | None = None
        self._closed = False
        _WRITERS.add(self)

    def submit(self, path: Path, data: bytes) -> None:
        with self._cond:
            self._pending.pop(path, None)  # the newer bytes go to the back of the queue
            self._pending[path] = data
            self._closed = False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="autosave-writer", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def busy(self) -> bool:
        with self._cond:
            return bool(self._pending) or self._writing

    def wait(self) -> None:
        """Until every submitted write is on disk; the first failure since the last wait is raised."""
        with self._cond:
            while self._pending or self._writing:
                self._cond.wait()
            failed, self._failed = self._failed, []
        if failed:
            raise failed[0]

    def close(self) -> None:
        """Wait for what was submitted, then let the thread go (a later submit starts another)."""
        try:
            self.wait()
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
                if not self._pending and not self._closed:  # kept for the next answer: a new thread costs milliseconds
                    self._cond.wait(IDLE_S)
                if not self._pending:
                    self._thread = None
                    return
                path = next(iter(self._pending))
                data = self._pending.pop(path)
                self._writing = True
            failure = _write(path, data)
            if failure is not None:
                with self._cond:
                    self._failed.append(failure)


def _write(path: Path, data: bytes) -> SessionError | None:
    try:
        write_private(path, data)
    except SessionError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - reported like any failed write, never lost on a thread
        return SessionError(f"{path}: cannot be saved ({type(exc).__name__}: {exc})")
    return None


IDLE_S = 30.0  # a writer's thread ends after this long with nothing to write
_WRITERS: weakref.WeakSet[Writer] = weakref.WeakSet()


@atexit.register
def _wait_for_writers() -> None:
    """A normal exit (the window closed, an error ended the app) never leaves an answer unwritten."""
    for writer in list(_WRITERS):
        with contextlib.suppress(SessionError):
            writer.wait()
