"""Who is editing a review: a lock file beside it, so a second window or process sees the first (no Qt).

Two windows saving one review would each overwrite the other's answers, the
last one silently winning. So whoever opens a review for editing takes its
lock: `.NAME.lock` beside the file, holding the process id, the machine and
the time. A second opener is refused with the holder's details and can open
read-only or take the lock over; the first then finds, before its next
save, that the lock is no longer its own.

A lock is held by an open file with an exclusive `flock` where the system
has one, so the kernel releases it when the holder dies, however it dies: a
lock left by a killed process is simply taken. Where there is no `flock`
(Windows), a lock whose process no longer runs on this machine is stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wizard import moments
from wizard.fsio import process_alive, remove_quietly

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".lock"
MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as recorded in it."""

    pid: int
    host: str
    since: str

    @property
    def here(self) -> bool:
        return self.host == socket.gethostname()

    @property
    def this_process(self) -> bool:
        return self.here and self.pid == os.getpid()

    def describe(self) -> str:
        """For a dialog: "another window of this app", or the process, machine and time."""
        if self.this_process:
            return "another window of this app"
        where = "this computer" if self.here else f"the computer “{self.host}”"
        when = _readable(self.since)
        return f"the app (process {self.pid}) on {where}" + (f", since {when}" if when else "")


class LockHeld(Exception):
    """The review is being edited elsewhere; `holder` says by whom (None when the lock cannot be read)."""

    def __init__(self, target: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another program"
        super().__init__(f"{target}: is open for editing in {who}")
        self.target, self.holder = target, holder


def lock_path(target: Path) -> Path:
    """The lock file of a review: beside the real file, so every link to it shares one lock."""
    real = Path(os.path.realpath(target))
    return real.with_name(f".{real.name}{LOCK_SUFFIX}")


class ReviewLock:
    """A lock this process holds on one review; release() it when the review is closed."""

    def __init__(self, target: Path, path: Path, fd: int, token: str) -> None:
        self.target, self.path, self._fd, self.token = target, path, fd, token

    def still_held(self) -> bool:
        """False once another window took the lock over (or someone removed it): do not save over its work."""
        if self._fd < 0:
            return False
        try:
            mine, now = os.fstat(self._fd), os.stat(self.path)
        except OSError:
            return False
        if (mine.st_dev, mine.st_ino) != (now.st_dev, now.st_ino):
            return False
        return _token(self.path) == self.token

    def release(self) -> None:
        """Give the lock up and remove its file, unless someone has taken it over."""
        if self._fd < 0:
            return
        if self.still_held():
            remove_quietly(self.path)
        os.close(self._fd)  # closing also drops the flock
        self._fd = -1

    def __enter__(self) -> ReviewLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock is still released when the object goes
        if getattr(self, "_fd", -1) >= 0:
            os.close(self._fd)
            self._fd = -1


def acquire(target: Path) -> ReviewLock | None:
    """Lock `target` for editing; LockHeld if someone else has it.

    None when no lock can be kept (a folder we may not write in): then the
    review cannot be saved there either, which the save itself reports.
    """
    target = Path(target)
    path = lock_path(target)
    for _attempt in range(3):  # the file can vanish or be replaced between our open and our lock
        fd = _open(path)
        if fd is None:
            return None
        if not _exclusive(fd, path):
            holder = _holder_from(fd)
            os.close(fd)
            raise LockHeld(target, holder)
        if _same_file(fd, path):
            return _claim(target, path, fd)
        os.close(fd)
    return None


def take_over(target: Path) -> ReviewLock | None:
    """Take the lock from whoever has it: a fresh lock file replaces theirs, which they see as lost."""
    target = Path(target)
    path = lock_path(target)
    remove_quietly(path)
    return acquire(target)  # LockHeld only if a third opener was faster still


def holder(target: Path) -> Holder | None:
    """Who holds the lock on `target` now; None when nobody (a stale lock file counts as nobody)."""
    path = lock_path(Path(target))
    fd = _open(path, create=False)
    if fd is None:
        return None
    try:
        if _exclusive(fd, path):
            _unlock(fd)
            return None
        return _holder_from(fd)
    finally:
        os.close(fd)


# -- the mechanics ------------------------------------------------------------


def _open(path: Path, create: bool = True) -> int | None:
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # someone put a pipe or device under the lock's name
        os.close(fd)
        return None
    return fd


def _exclusive(fd: int, path: Path) -> bool:
    """Try to hold the lock: flock where there is one, else the recorded process must be gone."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without flock: fall back to the process check
            pass
        else:
            return True
    recorded = _holder_from(fd)
    return recorded is None or (recorded.here and not recorded.this_process and not process_alive(recorded.pid))


def _unlock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, now = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _claim(target: Path, path: Path, fd: int) -> ReviewLock:
    token = secrets.token_hex(8)
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "token": token,
    }
    data = (json.dumps(record) + "\n").encode("utf-8")
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.fsync(fd)
    except OSError:
        pass  # the lock is held all the same; only its description is missing
    return ReviewLock(target, path, fd, token)


def _record(fd: int) -> dict[str, object]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, MAX_LOCK_BYTES)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _holder_from(fd: int) -> Holder | None:
    data = _record(fd)
    pid, host, since = data.get("pid"), data.get("host"), data.get("since")
    if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(host, str):
        return None
    return Holder(pid, host[:100], since[:40] if isinstance(since, str) else "")


def _token(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(MAX_LOCK_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return ""
    token = data.get("token") if isinstance(data, dict) else None
    return token if isinstance(token, str) else ""


def _readable(stamp: str) -> str:
    return moments.local_text(stamp)
