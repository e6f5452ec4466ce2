"""Who is editing a review: a lock file beside it, so a second window or process sees the first (no Qt).

Two windows saving one review would each overwrite the other's answers, the
last one silently winning. So whoever opens a review for editing takes its
lock: `.NAME.lock` beside the file, holding the process id, the machine and
the time. A second opener is refused with the holder's details and can open
read-only or take the lock over; the first then finds, before its next
save, that the lock is no longer its own.

The lock is the operating system's own on the open lock file, so it goes
when the holder dies, however it dies: a lock left by a killed process is
simply taken. POSIX: an exclusive `flock`. Windows: `msvcrt.locking` of one
byte far beyond the record (the way SQLite keeps its lock bytes apart), since
a Windows lock is mandatory and a lock on the record itself, as filelock and
portalocker take it from byte 0, would hide who holds it from a second opener.
Where the file system has no lock at all, a lock whose process no longer runs
on this machine is stale. Taking over rewrites the record with a new token
(nothing is deleted, which Windows refuses while the file is open); the old
holder sees the token change, and the new one takes the OS lock once the old
one has let go. A lock file planted as a link, pipe or folder is removed when
it can be and refused by name when it cannot; it never silently disables the
lock.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import socket
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wizard import moments
from wizard.fsio import process_alive, remove_quietly

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

WINDOWS_LOCK_BYTE = 0x40000000  # 1 GiB: past any record, so a Windows lock never covers what a second opener reads
LOCK_SUFFIX = ".lock"
MAX_LOCK_BYTES = 4096


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as recorded in it; `taken_over` when it was taken from a window still running."""

    pid: int
    host: str
    since: str
    taken_over: bool = False

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


class LockBlocked(LockHeld):
    """The lock's name is taken by something this app did not make (a link, pipe or folder) that it cannot remove."""

    def __init__(self, target: Path, path: Path, what: str) -> None:
        Exception.__init__(
            self, f"{target}: cannot be locked for editing: {path.name} beside it is {what}, not this app's lock; remove it"
        )
        self.target, self.holder = target, None


def lock_path(target: Path) -> Path:
    """The lock file of a review: beside the real file, so every link to it shares one lock."""
    real = Path(os.path.realpath(target))
    return real.with_name(f".{real.name}{LOCK_SUFFIX}")


class ReviewLock:
    """A lock this process holds on one review; release() it when the review is closed."""

    def __init__(self, target: Path, path: Path, fd: int, token: str, os_locked: bool = True) -> None:
        self.target, self.path, self._fd, self.token = target, path, fd, token
        self._os_locked = os_locked  # False after a take-over, until the window it was taken from lets go

    def still_held(self) -> bool:
        """False once another window took the lock over (or someone removed it): do not save over its work."""
        if self._fd < 0:
            return False
        try:
            mine, now = os.fstat(self._fd), os.stat(self.path)
        except OSError:
            return False
        if (mine.st_dev, mine.st_ino) != (now.st_dev, now.st_ino) or _token(self.path) != self.token:
            return False
        if not self._os_locked:
            self._os_locked = _os_lock(self._fd) is not False
        return True

    def release(self) -> None:
        """Give the lock up and remove its file, unless someone has taken it over."""
        if self._fd < 0:
            return
        mine = self.still_held()
        if mine and sys.platform != "win32":
            remove_quietly(self.path)  # before closing: nobody can lock the name we are about to remove
        os.close(self._fd)  # closing also drops the OS lock
        self._fd = -1
        if mine and sys.platform == "win32":
            remove_quietly(self.path)  # Windows deletes no open file: after closing, and refused if a new holder has it open

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
    LockBlocked (a LockHeld) when something else sits under the lock's name.
    """
    target = Path(target)
    path = lock_path(target)
    for _attempt in range(3):  # the file can vanish or be replaced between our open and our lock
        fd = _open(target, path)
        if fd is None:
            return None
        if not _exclusive(fd):
            holder = _holder_from(fd)
            os.close(fd)
            raise LockHeld(target, holder)
        if _same_file(fd, path):
            return _claim(target, path, fd)
        os.close(fd)
    return None


def take_over(target: Path) -> ReviewLock | None:
    """Take the lock from whoever has it: a new record replaces theirs, which they see as lost."""
    target = Path(target)
    path = lock_path(target)
    fd = _open(target, path)
    if fd is None:
        return None
    got = _os_lock(fd)
    return _claim(target, path, fd, taken_over=got is False)


def holder(target: Path) -> Holder | None:
    """Who holds the lock on `target` now; None when nobody (a stale lock file counts as nobody)."""
    path = lock_path(Path(target))
    fd = _open(Path(target), path, create=False)
    if fd is None:
        return None
    try:
        if _exclusive(fd):
            _unlock(fd)
            return None
        return _holder_from(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writing(target: Path) -> Iterator[None]:
    """Hold `target`'s lock while a command writes it: LockHeld if a window is editing it."""
    held = acquire(target)
    try:
        yield
    finally:
        if held is not None:
            held.release()


# -- the mechanics ------------------------------------------------------------


def _open(target: Path, path: Path, create: bool = True) -> int | None:
    """The lock file, opened without following a link; None when the folder cannot hold one."""
    if create:
        _clear_planted(target, path)
    flags = (
        os.O_RDWR
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_BINARY", 0)
        | (os.O_CREAT if create else 0)
    )
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if create and exc.errno == errno.ELOOP:  # a link planted again between our check and our open
            raise LockBlocked(target, path, "a symbolic link") from None
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        if create:
            raise LockBlocked(target, path, "not a regular file")
        return None
    return fd


def _clear_planted(target: Path, path: Path) -> None:
    """A link, pipe or device under the lock's name was not made by this app: remove it (never what it points to)."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        return
    what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe or device"
    if stat.S_ISDIR(info.st_mode):
        raise LockBlocked(target, path, what)
    try:
        os.unlink(path)
    except FileNotFoundError:
        return
    except OSError:
        raise LockBlocked(target, path, what) from None


def _os_lock(fd: int) -> bool | None:
    """Take the OS lock without waiting: True taken, False someone holds it, None this file system has none."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without flock
            return None
        return True
    if msvcrt is not None:
        try:
            os.lseek(fd, WINDOWS_LOCK_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            return False if exc.errno in (errno.EACCES, errno.EDEADLK) else None
        return True
    return None


def _unlock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
    elif msvcrt is not None:
        with contextlib.suppress(OSError):
            os.lseek(fd, WINDOWS_LOCK_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


def _exclusive(fd: int) -> bool:
    """Try to hold the lock: the OS lock, unless the record names a holder who still runs here and took it over.

    Without an OS lock (a file system that has none) the record alone
    decides: free when its process no longer runs on this machine.
    """
    got = _os_lock(fd)
    if got is False:
        return False
    recorded = _holder_from(fd)
    if got is None:
        return recorded is None or (recorded.here and not recorded.this_process and not process_alive(recorded.pid))
    if recorded is not None and recorded.taken_over and recorded.here and process_alive(recorded.pid):
        _unlock(fd)  # the taker has not got the OS lock yet: the window it took the review from is closing
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, now = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


def _claim(target: Path, path: Path, fd: int, taken_over: bool = False) -> ReviewLock:
    token = secrets.token_hex(8)
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "token": token,
    }
    if taken_over:
        record["taken_over"] = True
    data = (json.dumps(record) + "\n").encode("utf-8")
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        os.fsync(fd)
    except OSError:
        pass  # the lock is held all the same; only its description is missing
    return ReviewLock(target, path, fd, token, os_locked=not taken_over)


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
    return Holder(pid, host[:100], since[:40] if isinstance(since, str) else "", data.get("taken_over") is True)


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
