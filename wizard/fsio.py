"""Every file the app reads or writes goes through here (no Qt).

Reads are bounded: only regular files, refused by size before a byte is
read, so a huge file, a device or a pipe cannot exhaust memory or hang the
app. Writes are private and atomic: a 0600 temp file beside the target,
fsync, rename, fsync the folder, so either the old file or the complete new
one is on disk. On Windows the rename is retried for a few seconds while
another program (a virus scanner, a PDF viewer) holds the file open, then
refused with that reason; there a file is as private as the folder it is in
(the user's profile for the data folder), since Windows has no mode bits. A write never follows a link someone else planted, never
replaces a device or pipe, and says why in the user's words (one table of
OS errors for the whole app).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from pathlib import Path

from wizard.paths import foreign_folder
from wizard.session import MAX_BYTES, Session, SessionError, megabytes

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600
REPLACE_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.5, 0.5, 0.5, 0.75, 1.0)  # about 4 s in all, then the user is told
_sleep = time.sleep  # the tests count the pauses instead of waiting them out


class FileError(SessionError):
    """A file that cannot be read or written: `str()` is `PATH: reason`, one line.

    A SessionError, so every command and dialog that reports a bad session
    reports these the same way.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is exceeded"),
        ("EFBIG", "the file is larger than this disk or a size limit allows"),
        ("EROFS", "the disk is read-only"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
        ("EBUSY", "the file is in use by another program"),
        ("ETXTBSY", "the file is in use by another program"),
        ("ENOTDIR", "a part of the path is not a folder"),
        ("ENOENT", "no such file or folder"),
        ("EISDIR", "is a folder"),
        ("ELOOP", "too many symbolic links"),
        ("ENAMETOOLONG", "the name is too long"),
        ("EIO", "the disk reported an error"),
    )
    if hasattr(errno, name)  # not every platform has every code
}


def why(exc: OSError) -> str:
    """A short reason for an OS error, in the user's words rather than errno's."""
    return _REASONS.get(exc.errno or 0) or " ".join(str(exc.strerror or exc).split())


# -- reading ----------------------------------------------------------------


def _opener(path: str, flags: int) -> int:
    """Open without blocking on a pipe and without becoming its terminal; the caller then checks the kind."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def read_bounded(path: Path, limit: int, too_large: str) -> bytes:
    """The whole of a regular file of at most `limit` bytes, or a FileError.

    `too_large` words the refusal of a bigger file ("too large for a session
    file"); the size and the limit follow it. The kind and size are taken
    from the opened file itself, so nothing can be swapped in between.
    """
    path = Path(path)
    try:
        with open(path, "rb", opener=_opener) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FileError(path, "is a folder")
            if not stat.S_ISREG(info.st_mode):
                raise FileError(path, "not a regular file")
            if info.st_size > limit:
                raise FileError(path, f"{too_large} ({megabytes(info.st_size)}; the limit is {megabytes(limit)})")
            data = handle.read(info.st_size + 1)  # what fstat says, not the limit: a read(n) allocates n first
            if len(data) > info.st_size:  # it grew since: read on, up to the limit
                data += handle.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise FileError(path, "no such file") from None
    except IsADirectoryError:
        raise FileError(path, "is a folder") from None
    except OSError as exc:
        raise FileError(path, f"cannot read ({why(exc)})") from None
    if len(data) > limit:  # it grew while we read
        raise FileError(path, f"{too_large} (more than {megabytes(limit)})")
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a regular file; b"" for anything else or on any error (a sniff, never a refusal)."""
    try:
        with open(path, "rb", opener=_opener) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return b""
            return handle.read(size)
    except OSError:
        return b""


def load(path: Path) -> Session:
    """Read a session file, refusing anything that is not one with a one-line reason."""
    raw = read_bounded(path, MAX_BYTES, "too large for a session file")
    if not raw.strip():
        raise FileError(path, "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileError(path, "not a session file (not UTF-8 text)") from None
    return Session.loads(text, str(path))


def save(session: Session, path: Path) -> None:
    """Write a session privately and atomically; refused whole if it could not be read back."""
    write_private(path, session.encode(str(path)))


# -- writing ----------------------------------------------------------------


def _shared(folder_info: os.stat_result) -> bool:
    """A folder others may add names to: sticky (like /tmp) or writable by everyone."""
    return bool(folder_info.st_mode & (stat.S_ISVTX | stat.S_IWOTH))


def writable_target(path: Path) -> Path:
    """The file a write to `path` replaces, after the checks that keep writes where the user meant them.

    A symbolic link is followed only when it is the user's own, in a folder
    nobody else can add links to, and points at a regular file of theirs (a
    review kept in a synced folder, say); in a shared or sticky folder it is
    refused, as is a folder, a pipe, a device or any other non-regular file.
    """
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise FileError(path, f"cannot write ({why(exc)})") from None
    if stat.S_ISLNK(info.st_mode):
        return _through_link(path, info)
    _check_kind(path, info)
    return path


def _through_link(path: Path, info: os.stat_result) -> Path:
    me = os.geteuid() if hasattr(os, "geteuid") else info.st_uid
    try:
        folder = path.parent.stat()
    except OSError as exc:
        raise FileError(path, f"cannot write ({why(exc)})") from None
    if _shared(folder):
        raise FileError(
            path,
            f"is a symbolic link in a shared folder ({path.parent}); the app does not write "
            "through it: give the name of the file itself",
        )
    if info.st_uid != me:
        raise FileError(path, "is a symbolic link owned by another user; the app does not write through it")
    real = Path(os.path.realpath(path))
    try:
        target = real.lstat()
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise FileError(path, f"cannot write ({why(exc)})") from None
    _check_kind(path, target)
    if target.st_uid != me:
        raise FileError(path, f"links to {real}, which belongs to another user; the app does not replace it")
    return real


def _check_kind(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FileError(path, "is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise FileError(path, "not a regular file (a device, pipe or socket); the app only replaces regular files")


def write_private(path: Path, data: bytes) -> None:
    """Atomic owner-only write: temp file (0600) in the same folder, fsync, rename, fsync the folder.

    Either the old file or the complete new one is on disk, never half of one.
    The temp file's name carries our process id, so temp files left by a
    process that was killed mid-write are removed by the next write.
    """
    path = Path(path)
    target = writable_target(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
    except FileNotFoundError:
        raise FileError(path, f"the folder {folder} does not exist") from None
    except OSError as exc:
        raise FileError(path, f"cannot write in {folder} ({why(exc)})") from None
    replacing = False
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replacing = True
        replace_retrying(tmp, target)
    except BaseException as exc:
        remove_quietly(Path(tmp))
        if not isinstance(exc, OSError):
            raise
        if replacing and target.exists():
            raise FileError(path, _replace_refused(exc)) from None
        raise FileError(path, f"cannot write ({why(exc)})") from None
    _fsync_folder(folder)
    remove_stale_temps(target)


def replace_retrying(source: Path | str, target: Path | str) -> None:
    """os.replace, retried on Windows while another program has the target open (PermissionError), a bounded while.

    Virus scanners and indexers open a file the moment it is written, and
    Windows refuses to replace a file that is open; they let go within a
    second or two. POSIX never refuses a rename for that, so it is not retried.
    """
    for pause in (*REPLACE_PAUSES, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if pause is None or sys.platform != "win32":
                raise
            _sleep(pause)


def _replace_refused(exc: OSError) -> str:
    reason = why(exc)
    if reason != "permission denied":
        return f"cannot replace the existing file ({reason})"
    if sys.platform == "win32":
        waited = round(sum(REPLACE_PAUSES))
        return (
            f"cannot replace the existing file: another program kept it open for {waited} seconds "
            "(a virus scanner, or a viewer with the file open); close it and save again"
        )
    return f"cannot replace the existing file ({reason}); is it open in another program?"


def remove_quietly(path: Path) -> None:
    """Delete a file if it is there; a failure is nobody's business (a temp or lock file)."""
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def usable_folder(folder: Path) -> str:
    """Why the app cannot keep files in `folder` ("" when it can): created owner-only if missing, then probed."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        return "it is a file, not a folder"
    except OSError as exc:
        return f"it cannot be created ({why(exc)})"
    if not folder.is_dir():
        return "it is not a folder"
    foreign = foreign_folder(folder)
    if foreign:
        return foreign
    try:
        fd, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        return f"files cannot be written in it ({why(exc)})"
    os.close(fd)
    remove_quietly(Path(probe))
    return ""


# -- temp files of killed writers -------------------------------------------


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temp files of `path` whose writer is gone (killed mid-write) or that are an hour old."""
    prefix = f".{path.name}."
    removed: list[Path] = []
    try:
        with os.scandir(path.parent) as scan:
            entries = [e for e in scan if e.name.startswith(prefix) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    for entry in entries:
        if _abandoned(entry, entry.name[len(prefix) :].split(".", 1)[0]):
            remove_quietly(Path(entry.path))
            removed.append(Path(entry.path))
    return removed


_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]+" + re.escape(TEMP_SUFFIX) + "$")


def sweep_stale_temps(folder: Path) -> list[Path]:
    """Delete abandoned temp files of any file in `folder`, for the app's own data folder at start-up.

    remove_stale_temps() only sees temps of the file being saved; a review
    killed during its very first save leaves one under a name nobody saves again.
    """
    removed: list[Path] = []
    try:
        with os.scandir(folder) as scan:
            entries = [(e, m) for e in scan if (m := _TEMP_NAME.match(e.name))]
    except OSError:
        return removed
    for entry, match in entries:
        if _abandoned(entry, match["pid"]):
            remove_quietly(Path(entry.path))
            removed.append(Path(entry.path))
    return removed


def _abandoned(entry: os.DirEntry[str], pid_text: str) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):  # only our own temp files, never a link or pipe under a temp's name
        return False
    if time.time() - info.st_mtime > STALE_TEMP_SECONDS:
        return True
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    return not process_alive(int(pid_text))


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (True when that cannot be told)."""
    if pid <= 0:
        return True
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    """Windows has no signal 0: open the process for a query and ask whether it has exited."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE  # a pointer-sized handle, not the default int
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it runs, as another user
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
