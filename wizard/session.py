"""The session file: every answer, note and audit entry of one review (no Qt).

Saved atomically with owner-only permissions, because it holds confidential
procurement facts and must survive a crash mid-write.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wizard import counsel as handoff
from wizard import counsel_json
from wizard.conditions import AnswerValue

FORMAT = "bedrock-wizard-session"
VERSION = 2  # 2: counsel sections present (wizard.counsel); files without them are still written as 1
MAX_BYTES = 20 * 1024 * 1024
PROFILE = "profile"


class SessionError(ValueError):
    """A session that cannot be read or written; the message is one line naming the file."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Session:
    """Answers by flow (the profile's under `profile`), notes, and an append-only log."""

    flows_digest: str = ""
    # The review's identity across opens and saves (it names the autosave); "" in files from before it existed.
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    profile: dict[str, AnswerValue] = field(default_factory=dict)
    answers: dict[str, dict[str, AnswerValue]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)
    created: str = field(default_factory=now)
    finished: bool = False
    # Answers set aside because the flows changed: {flow: {question: {"value": ..., "reason": ...}}}
    stale: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # Counsel's answer and the actions' owners and dates, keyed by finding id (wizard.counsel).
    counsel: handoff.Counsel | None = None
    actions: dict[str, handoff.Action] = field(default_factory=dict)
    review_by: str = ""

    def answers_of(self, flow_id: str) -> dict[str, AnswerValue]:
        """The live answer dict of a flow (created on first use)."""
        if flow_id == PROFILE:
            return self.profile
        return self.answers.setdefault(flow_id, {})

    def all_answers(self) -> dict[str, dict[str, AnswerValue]]:
        return {PROFILE: self.profile, **self.answers}

    def note(self, flow_id: str, question_id: str) -> str:
        return self.notes.get(flow_id, {}).get(question_id, "")

    def record(self, event: str, flow_id: str, question_id: str, value: Any = None, at: str | None = None) -> None:
        entry = {"at": at or now(), "event": event, "flow": flow_id, "question": question_id}
        if value is not None:
            entry["value"] = list(value) if isinstance(value, tuple) else value
        self.log.append(entry)

    def answered_at(self, flow_id: str, question_id: str) -> str:
        """When the current answer was given: the last answer entry for it."""
        for entry in reversed(self.log):
            if entry.get("flow") == flow_id and entry.get("question") == question_id and entry.get("event") == "answer":
                return str(entry.get("at", ""))
        return ""

    def to_json(self) -> dict[str, Any]:
        def plain(values: dict[str, AnswerValue]) -> dict[str, Any]:
            return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

        extra = counsel_json.to_json(self)
        return {
            "format": FORMAT,
            "version": VERSION if extra else 1,  # an older app refuses rather than drops counsel's answer
            **({"id": self.id} if self.id else {}),
            "flows_digest": self.flows_digest,
            "created": self.created,
            "finished": self.finished,
            "profile": plain(self.profile),
            "answers": {f: plain(a) for f, a in self.answers.items() if a},
            "notes": {f: dict(n) for f, n in self.notes.items() if n},
            "stale": {f: dict(q) for f, q in self.stale.items() if q},
            **extra,
            "log": list(self.log),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, data: Any, source: str = "session") -> Session:
        """Validate the shape; every problem is one line naming the source and the place."""

        def fail(where: str, message: str) -> SessionError:
            return SessionError(f"{source}: {where}: {message}" if where else f"{source}: {message}")

        if not isinstance(data, dict):
            raise fail("", "not a session file (expected a JSON object)")
        if data.get("format") != FORMAT:
            raise fail("format", f"not a session file (expected \"{FORMAT}\")")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise fail("version", "missing or not a whole number")
        if version > VERSION:
            raise fail("version", f"written by a newer version of the app (format {version}; this app reads {VERSION})")
        if version < 1:
            raise fail("version", f"unknown format version {version}")

        def values(obj: Any, where: str) -> dict[str, AnswerValue]:
            if not isinstance(obj, dict):
                raise fail(where, "expected an object of question id to answer")
            out: dict[str, AnswerValue] = {}
            for key, value in obj.items():
                if isinstance(value, str):
                    out[key] = value
                elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                    out[key] = tuple(value)
                else:
                    raise fail(f"{where}.{key}", "an answer must be text or a list of choice ids")
            return out

        answers_raw = data.get("answers", {})
        if not isinstance(answers_raw, dict):
            raise fail("answers", "expected an object of flow id to answers")
        notes_raw = data.get("notes", {})
        if not isinstance(notes_raw, dict) or not all(
            isinstance(n, dict) and all(isinstance(t, str) for t in n.values()) for n in notes_raw.values()
        ):
            raise fail("notes", "expected an object of flow id to {question id: text}")
        log = data.get("log", [])
        if not isinstance(log, list) or not all(isinstance(e, dict) for e in log):
            raise fail("log", "expected a list of entries")
        stale = data.get("stale", {})
        if not isinstance(stale, dict) or not all(
            isinstance(q, dict) and all(isinstance(e, dict) and "value" in e for e in q.values()) for q in stale.values()
        ):
            raise fail("stale", "expected an object of flow id to {question id: {value, reason}}")
        digest = data.get("flows_digest", "")
        if not isinstance(digest, str):
            raise fail("flows_digest", "expected text")
        review_id = data.get("id", "")
        if not isinstance(review_id, str) or not re.fullmatch(r"[0-9a-f]{0,32}", review_id):
            raise fail("id", "expected up to 32 lowercase hexadecimal digits")
        return cls(
            flows_digest=digest,
            id=review_id,
            profile=values(data.get("profile", {}), "profile"),
            answers={f: values(a, f"answers.{f}") for f, a in answers_raw.items()},
            notes={f: dict(n) for f, n in notes_raw.items()},
            log=log,
            created=str(data.get("created", now())),
            finished=bool(data.get("finished", False)),
            stale={f: dict(q) for f, q in stale.items()},
            **counsel_json.from_json(data, fail),
        )

    @classmethod
    def loads(cls, text: str, source: str) -> Session:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SessionError(f"{source}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise SessionError(f"{source}: not valid JSON (nested too deeply)") from None
        except ValueError as exc:  # e.g. a number with thousands of digits
            reason = "a number has too many digits" if "digits" in str(exc) else " ".join(str(exc).split())[:120]
            raise SessionError(f"{source}: not valid JSON ({reason})") from None
        return cls.from_json(data, source)


def load(path: Path) -> Session:
    """Read a session file, refusing anything that is not one with a one-line reason.

    Only regular files are read, and never more than MAX_BYTES of them, so a
    huge file, a device or a pipe cannot exhaust memory or hang the app.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SessionError(f"{path}: no such file") from None
    except OSError as exc:
        raise SessionError(f"{path}: cannot read ({why(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise SessionError(f"{path}: is a folder, not a session file")
    if not stat.S_ISREG(info.st_mode):
        raise SessionError(f"{path}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise SessionError(f"{path}: too large for a session file ({_megabytes(info.st_size)}; the limit is "
                           f"{_megabytes(MAX_BYTES)})")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SessionError(f"{path}: cannot read ({why(exc)})") from None
    if len(raw) > MAX_BYTES:
        raise SessionError(f"{path}: too large for a session file (more than {_megabytes(MAX_BYTES)})")
    if not raw.strip():
        raise SessionError(f"{path}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path}: not a session file (not UTF-8 text)") from None
    return Session.loads(text, str(path))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is exceeded"),
        ("EROFS", "the disk is read-only"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
        ("EBUSY", "the file is in use by another program"),
        ("ETXTBSY", "the file is in use by another program"),
        ("ENOTDIR", "a part of the path is not a folder"),
    )
    if hasattr(errno, name)  # not every platform has every code
}


def why(exc: OSError) -> str:
    """A short reason for an OS error, in the user's words rather than errno's."""
    return _REASONS.get(exc.errno or 0) or " ".join(str(exc.strerror or exc).split())


TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600


def write_private(path: Path, data: bytes) -> None:
    """Atomic owner-only write: temp file (0600) in the same folder, fsync, rename, fsync the folder.

    Either the old file or the complete new one is on disk, never half of one.
    The temp file's name carries our process id, so temp files left by a
    process that was killed mid-write are removed by the next write.
    """
    path = Path(path)
    if path.is_symlink():  # update the file a link points to (say, in a synced folder), not replace the link
        path = Path(os.path.realpath(path))
    folder = path.parent
    if path.is_dir():
        raise SessionError(f"{path}: is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
    except FileNotFoundError:
        raise SessionError(f"{path}: the folder {folder} does not exist") from None
    except OSError as exc:
        raise SessionError(f"{path}: cannot write in {folder} ({why(exc)})") from None
    replacing = False
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replacing = True
        os.replace(tmp, path)
    except BaseException as exc:
        _unlink_quietly(Path(tmp))
        if not isinstance(exc, OSError):
            raise
        if replacing and path.exists():
            reason = why(exc)
            hint = "; is it open in another program?" if reason == "permission denied" else ""
            raise SessionError(f"{path}: cannot replace the existing file ({reason}){hint}") from None
        raise SessionError(f"{path}: cannot write ({why(exc)})") from None
    _fsync_folder(folder)
    remove_stale_temps(path)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


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
        if _abandoned(entry, entry.name[len(prefix):].split(".", 1)[0]):
            _unlink_quietly(Path(entry.path))
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
            _unlink_quietly(Path(entry.path))
            removed.append(Path(entry.path))
    return removed


def _abandoned(entry: os.DirEntry[str], pid_text: str) -> bool:
    try:
        if time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
            return True
    except OSError:
        return False
    if os.name != "posix" or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


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


def save(session: Session, path: Path) -> None:
    write_private(path, session.dumps().encode("utf-8"))
