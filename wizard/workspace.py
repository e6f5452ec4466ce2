"""The open review and its files: session, document, autosave, lock, read-only, modified (no Qt).

The window is a view of this (Anki keeps its collection in `pylib`, its
screens in `aqt`). Each life-cycle command (new, open a session or a report
PDF, resume, Save, Save As, close) and each command on the review returns a
`Change` saying what changed, a `Prompt` the window answers with a dialog
(`prompt.answer(choice)` goes on), or a `Problem` to show. Files are read
and written only here, through `wizard.fsio`.

A review has one identity (its session id): one autosave named by it and one
lock on that autosave, whatever file it was opened from (its session file, a
report PDF carrying it, or a copy). The document the user chose is locked
too, so two windows never write one file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from wizard import counsel, moments
from wizard.autosave import Writer, autosave_path, ensure_identity, is_autosave
from wizard.catalog import decision_line, empty_trash
from wizard.derive import Step
from wizard.flows import FlowSet
from wizard.fsio import load, save, sweep_stale_temps, usable_folder
from wizard.lock import Holder, LockHeld, ReviewLock, acquire, lock_path, take_over
from wizard.pdfsession import is_pdf, load_any
from wizard.review import Change, Review
from wizard.session import Session, SessionError

__all__ = ["usable_folder"]  # the app checks its data folder through here

READ_ONLY, TAKE_OVER, CANCEL = "read-only", "take over", "cancel"
FILE, AUTOSAVE = "file", "autosave"
CHANGE, KEEP = "change", "keep"
REPLACE = "replace"
SAVE, DISCARD = "save", "discard"


@dataclass(frozen=True)
class Problem:
    """Something that did not happen, in words for a dialog."""

    title: str
    message: str


@dataclass(frozen=True, kw_only=True)
class Prompt:
    """A question the window answers with a dialog; `answer(choice)` carries the command on."""

    choices: tuple[str, ...]
    default: str
    then: Callable[[str], Any] = field(repr=False, compare=False)

    def answer(self, choice: str) -> Change | Prompt | Problem | None:
        if choice not in self.choices:
            raise ValueError(f"{choice!r} is not one of {self.choices}")
        return self.then(choice)


@dataclass(frozen=True, kw_only=True)
class LockPrompt(Prompt):
    """The review is open for editing elsewhere: open read-only, take over, or cancel."""

    target: Path
    holder: Holder | None


@dataclass(frozen=True)
class Version:
    """One of two differing versions of a review, as the later-changes prompt describes it."""

    kind: str  # FILE or AUTOSAVE
    path: Path
    last_change: str  # local time of its last logged change, "" without one
    decision: str  # counsel's decision as the cover words it, "" without one
    changed: int  # answers that differ from the other version


@dataclass(frozen=True, kw_only=True)
class LaterChangesPrompt(Prompt):
    """The opened file and the review's autosave differ: which to continue with.

    `newer` is by the review's own log (FILE, AUTOSAVE, or "" when neither
    log extends the other and their last times are equal). The default never
    drops counsel's decision.
    """

    file: Version
    autosave: Version
    newer: str


@dataclass(frozen=True, kw_only=True)
class DropPrompt(Prompt):
    """This answer takes another branch: the later answers listed would be dropped."""

    steps: tuple[Step, ...]


@dataclass(frozen=True, kw_only=True)
class OverwritePrompt(Prompt):
    """A file is already there: replace it or not."""

    target: Path


@dataclass(frozen=True, kw_only=True)
class UnsavedPrompt(Prompt):
    """Leaving a review whose document is behind; `kept` says truly where the changes are otherwise."""

    name: str
    kept: str


Outcome = Change | Prompt | Problem | None
Opened = Callable[[bool, list[ReviewLock]], Outcome]  # (read-only, locks) -> what opening then gives


@dataclass(frozen=True)
class Resumable:
    """An unfinished autosave the start screen offers to continue."""

    autosave: Path
    document: Path | None
    project: str
    answered: int
    saved_at: str


def resumable(autosave: Path, document: Path | None, project_field: str | None) -> Resumable | None:
    """The autosave offered on start, if it holds an unfinished review that can still be read."""
    try:
        session = load(autosave)
        saved = moments.minute_text(moments.from_timestamp(autosave.stat().st_mtime))
    except (SessionError, OSError, ValueError, OverflowError):
        return None
    if session.finished:
        return None
    project = session.profile.get(project_field) if project_field else None
    answered = len(session.profile) + sum(len(a) for a in session.answers.values())
    return Resumable(autosave, document, project if isinstance(project, str) else "", answered, saved)


PAPERS = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}  # points, as the report's page sizes


def paper_of(pdf: Path) -> str:
    """The paper of a report PDF's first page ("a4", "letter"), so a report made from it keeps it; "" if neither."""
    try:
        from pypdf import PdfReader

        box = PdfReader(str(pdf)).pages[0].mediabox
        size = (float(box.width), float(box.height))
    except Exception:  # noqa: BLE001 - the session was read already; an odd page tree only loses the paper
        return ""
    return next((name for name, (w, h) in PAPERS.items() if abs(size[0] - w) < 3 and abs(size[1] - h) < 3), "")


def newer_by_log(first: Session, second: Session) -> int:
    """1 if `first` is the later version by the review's own log, -1 if `second` is, 0 if neither."""
    a, b = first.log, second.log
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if len(a) != len(b) and common == min(len(a), len(b)):  # one log extends the other
        return 1 if len(a) > len(b) else -1
    last_a, last_b = _last_time(a), _last_time(b)
    return (last_a > last_b) - (last_a < last_b)


def _last_time(log: list[dict[str, Any]]) -> datetime:
    """The last logged change that is a time, in UTC (the first moment there is when none is)."""
    for entry in reversed(log):
        moment = moments.parse(entry.get("at"))
        if moment is not None:
            return moments.utc(moment)
    return moments.FIRST


def _shown_time(log: list[dict[str, Any]]) -> str:
    moment = _last_time(log)
    return moments.minute_text(moments.local(moment)) if moment != moments.FIRST else ""


def answers_differing(first: Session, second: Session) -> int:
    """How many answers (given, changed or withdrawn) differ between two versions of a review."""
    a, b = first.all_answers(), second.all_answers()
    keys = {(f, q) for f, answers in (*a.items(), *b.items()) for q in answers}
    return sum(1 for f, q in keys if a.get(f, {}).get(q) != b.get(f, {}).get(q))


def _same(first: Session, second: Session) -> bool:
    return first.dumps() == second.dumps()


class Workspace:
    """The review open in one window and everything about its files."""

    def __init__(
        self,
        flowset: FlowSet,
        data_dir: Path,
        on_saved: Callable[[Path, Path | None], None] | None = None,
        write_behind: bool = False,
    ) -> None:
        self.flowset, self.data_dir = flowset, Path(data_dir)
        self.on_saved = on_saved  # (autosave, document) after every autosave: the start screen's resume offer
        # The autosave of a command is written on the writer's thread. Without `write_behind` each command
        # waits for it before it returns; with it (the window) the caller draws first, then calls `flush`.
        self.writer, self.write_behind = Writer(), write_behind
        self.document: Path | None = None  # the file Save writes; None for a new review or a PDF
        self.read_only = False  # a copy: no autosave, never saved over the file another window holds
        self.modified = False  # the document is behind the session
        self.autosave_problem = ""  # why the last autosave failed; "" once one succeeds
        self.notice: Problem | None = None  # something the window must say after a command (taken over)
        self.locks: list[ReviewLock] = []  # this window's locks: the review's identity, then its document
        self.source: Path | None = None  # the file last opened (not an autosave): the recent files list it
        self.paper = ""  # the paper of the report PDF the review was opened from ("a4", "letter"; "" otherwise)
        sweep_stale_temps(self.data_dir)  # half-written saves of a killed run
        first = Session(flows_digest=flowset.digest)  # behind the start screen; new() or open() replaces it
        self.review = self._review(first, self._autosave_of(first))

    @property
    def lock(self) -> ReviewLock | None:
        """The lock on the document (or, without one, on the review's identity)."""
        return self.locks[-1] if self.locks else None

    @property
    def autosave(self) -> Path | None:
        return self.review.path

    def _review(self, session: Session, autosave: Path | None) -> Review:
        return Review.open(self.flowset, session, autosave, on_saved=self._saved, writer=self.writer)

    def _saved(self, path: Path) -> None:
        self.autosave_problem = ""
        if self.on_saved is not None:
            self.on_saved(path, self.document)

    def _autosave_of(self, session: Session) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return autosave_path(self.data_dir, session)

    # -- locks -------------------------------------------------------------
    def _mine(self, target: Path) -> ReviewLock | None:
        wanted = lock_path(target)
        return next((lock for lock in self.locks if lock.path == wanted and lock.still_held()), None)

    def _claim(self, targets: list[Path], then: Opened) -> Outcome:
        """Lock every target (the autosave, then the document), or ask what to do about the one held elsewhere.

        Two targets that share a lock (a session file kept in the autosave folder is its own document) are locked once.
        """
        unique: dict[Path, Path] = {}
        for target in targets:
            unique.setdefault(lock_path(target), target)
        targets = list(unique.values())
        taken: list[ReviewLock] = []
        for target in targets:
            lock = self._mine(target)
            try:
                lock = lock or acquire(target)
            except LockHeld as held:
                self._drop(taken)
                return LockPrompt(
                    choices=(READ_ONLY, TAKE_OVER, CANCEL),
                    default=READ_ONLY,  # take over loses the other window's unsaved answers to this file
                    then=lambda choice: self._locked(choice, targets, then),
                    target=target,
                    holder=held.holder,
                )
            if lock is not None:
                taken.append(lock)
        return then(False, taken)

    def _locked(self, choice: str, targets: list[Path], then: Opened) -> Outcome:
        if choice == CANCEL:
            return None
        if choice == READ_ONLY:
            return then(True, [])
        taken: list[ReviewLock] = []
        for target in targets:
            try:
                lock = self._mine(target) or take_over(target)
            except LockHeld as held:
                self._drop(taken)
                return Problem("Not taken over", str(held))
            if lock is not None:
                taken.append(lock)
        return then(False, taken)

    def _drop(self, locks: list[ReviewLock]) -> None:
        for lock in locks:
            if lock not in self.locks:
                lock.release()

    def check_lock(self) -> bool:
        """Before a write: once another window took the review over, stop writing its files. True if it was."""
        self.flush()
        if all(lock.still_held() for lock in self.locks):
            return False
        self.release()
        self.review.path, self.document, self.read_only, self.modified = None, None, True, True
        self.notice = Problem(
            "This review was taken over",
            "Another window took this review over; use Save As to keep what you change here.",
        )
        return True

    def release(self) -> None:
        for lock in self.locks:
            lock.release()
        self.locks = []

    # -- opening -------------------------------------------------------------
    def _begin(
        self, session: Session, document: Path | None, autosave: Path | None, locks: list[ReviewLock], modified: bool
    ) -> Change:
        """Make `session` the open review (read-only without an autosave); the last review's locks are given up."""
        self.flush()  # the review being left is on disk before its locks go
        for lock in self.locks:
            if lock not in locks:
                lock.release()
        self.locks = list(locks)
        self.review = self._review(session, autosave)
        self.document, self.read_only, self.modified = document, autosave is None, modified
        self.autosave_problem, self.notice = "", None
        return Change(document=True, navigation=True)

    def new(self) -> Outcome:
        session = Session(flows_digest=self.flowset.digest)
        autosave = self._autosave_of(session)
        return self._claim(
            [autosave], lambda read_only, locks: self._begin(session, None, None if read_only else autosave, locks, False)
        )

    def open(self, path: Path, document: Path | None = None) -> Outcome:
        """Open a session file, a report PDF (never written to) or an autosave (continued, not copied).

        `document` names the review's own file when `path` is its autosave.
        A SessionError if the file cannot be read.
        """
        path = Path(path).expanduser()
        session = load_any(path)
        self.source = document if is_autosave(path, self.data_dir) else path
        if is_autosave(path, self.data_dir):
            targets = [path] + ([document] if document else [])
            return self._claim(targets, lambda ro, locks: self._continue(session, document, None if ro else path, locks))
        document = None if is_pdf(path) else path
        self.paper = "" if document else paper_of(path)
        ensure_identity(session)
        autosave = self._autosave_of(session)
        targets = [autosave] + ([document] if document else [])
        return self._claim(targets, lambda ro, locks: self._opened(session, document, autosave, locks, ro, path))

    def resume(self, autosave: Path, document: Path | None) -> Outcome:
        """Continue the autosave the start screen offers, with the document it belongs to."""
        return self.open(autosave, document)

    def _continue(self, session: Session, document: Path | None, autosave: Path | None, locks: list[ReviewLock]) -> Change:
        if autosave is None:  # read-only
            return self._begin(session, None, None, [], False)
        try:
            saved = document is not None and _same(load_any(document), session)
        except SessionError:
            saved = False
        return self._begin(session, document, autosave, locks, document is not None and not saved)

    def _opened(
        self, session: Session, document: Path | None, autosave: Path, locks: list[ReviewLock], read_only: bool, path: Path
    ) -> Outcome:
        if read_only:
            return self._begin(session, None, None, [], False)
        try:
            kept = load(autosave) if autosave.is_file() else None
        except SessionError:
            kept = None
        if kept is None or _same(kept, session):
            return self._begin(session, document, autosave, locks, False)
        order = newer_by_log(session, kept)
        if order > 0 and kept.log == session.log[: len(kept.log)]:  # every change is logged: the file holds them all
            return self._replace(session, document, autosave, locks)
        file = Version(FILE, path, _shown_time(session.log), decision_line(session), answers_differing(session, kept))
        other = Version(AUTOSAVE, autosave, _shown_time(kept.log), decision_line(kept), file.changed)
        newer = FILE if order > 0 else AUTOSAVE if order < 0 else ""
        default = _keeps_decision(session, kept, newer)

        def chosen(choice: str) -> Outcome:
            if choice == CANCEL:
                self._drop(locks)
                return None
            if choice == AUTOSAVE:
                return self._begin(kept, document, autosave, locks, True)
            return self._replace(session, document, autosave, locks)

        return LaterChangesPrompt(
            choices=(AUTOSAVE, FILE, CANCEL), default=default, then=chosen, file=file, autosave=other, newer=newer
        )

    def _replace(self, session: Session, document: Path | None, autosave: Path, locks: list[ReviewLock]) -> Change:
        """Open the file's version; the autosave is brought up to it (no stray copy is left)."""
        change = self._begin(session, document, autosave, locks, False)
        self._write_autosave()
        return change

    def _write_autosave(self) -> None:
        try:
            self.review.autosave()
            self.writer.wait()
        except SessionError as exc:
            self.autosave_problem = str(exc)

    def flush(self) -> bool:
        """Wait until every autosave submitted is on disk; False (and the change kept as unsaved) if one failed."""
        try:
            self.writer.wait()
        except SessionError as exc:
            self._unsaved(exc)
            return False
        return True

    def _unsaved(self, exc: SessionError) -> None:
        self.autosave_problem = str(exc)
        self.modified = True
        self.notice = Problem("Could not save", f"This change is kept in this window but was not saved:\n{exc}")

    # -- commands on the review ------------------------------------------------
    def run(self, command: Callable[[Review], Change]) -> Change:
        """Run one of the review's commands: the document is behind after a change; a failed autosave is kept.

        AnswerError and CounselError pass through, for the page to show at the field.
        """
        lost = self.check_lock()
        try:
            change = command(self.review)
            if not self.write_behind:
                self.writer.wait()
        except SessionError as exc:  # the change is made in memory; only writing it failed
            self._unsaved(exc)
            everything = {f.id for f in self.flowset.flows} | {counsel.COUNSEL, counsel.ACTIONS}
            return Change(parts=frozenset(everything), document=True)
        if change.modified:
            self.modified = True
        return change | Change(document=lost)

    def answer(self, value: object, note: str | None, skip_answered: bool = False) -> Change | DropPrompt:
        """Answer the current question; a DropPrompt first when the answer would drop later answers."""
        dropping = self.review.would_drop(value)  # AnswerError for a value the question refuses
        if not dropping:
            return self.run(lambda review: review.answer(value, note, skip_answered))

        def chosen(choice: str) -> Change:
            if choice == KEEP:  # the earlier answer stays, and shows again
                return Change(navigation=True)
            return self.run(lambda review: review.answer(value, note, skip_answered))

        return DropPrompt(choices=(CHANGE, KEEP), default=KEEP, then=chosen, steps=tuple(dropping))

    # -- saving ------------------------------------------------------------------
    def save(self) -> Outcome:
        """Write the document in place; without one the window asks for a name and calls save_as."""
        self.check_lock()
        if self.document is None:
            return Problem("Cannot save", "Choose a file name first (Save As).")
        return self.save_as(self.document)

    def save_as(self, target: Path) -> Outcome:
        """Write the review to `target` and make it the document; the document's lock moves with it.

        A read-only copy saved under another name becomes a review of its own
        (a new identity, its own autosave), so it never writes another window's.
        """
        self.check_lock()
        target, session = Path(target), self.review.session
        fork, identity, autosave = self.read_only, session.id, self.review.path
        taken: list[ReviewLock] = []
        try:
            if fork:
                session.id = Session().id
                autosave = self._autosave_of(session)
                taken += [lock for lock in (acquire(autosave),) if lock is not None]
            if self._mine(target) is None:
                taken += [lock for lock in (acquire(target),) if lock is not None]
            save(session, target)
        except LockHeld as exc:
            self._drop(taken)
            session.id = identity
            return Problem("Cannot save", f"{exc}.\nSave under another name.")
        except SessionError as exc:
            self._drop(taken)
            session.id = identity
            where = "in the autosave" if self._autosave_holds() else "only in this window"
            return Problem("Cannot save", f"{exc}\nYour answers are still {where}.")
        wanted = {lock_path(p) for p in (autosave, target) if p is not None}
        held = list(dict.fromkeys(self.locks + taken))
        for lock in held:
            if lock.path not in wanted:
                lock.release()
        self.locks = [lock for lock in held if lock.path in wanted]
        self.review.path, self.document, self.read_only, self.modified = autosave, target, False, False
        self._write_autosave()  # the autosave holds what the document does
        return Change(document=True)

    def _autosave_holds(self) -> bool:
        """The autosave exists and holds the latest change (no later autosave failed)."""
        path = self.review.path
        return path is not None and not self.autosave_problem and path.is_file()

    def exported(self, snapshot: Session) -> Change:
        """A report PDF was written carrying `snapshot`: with no other file to save, nothing is left to save."""
        if self.flush() and self.document is None and _same(snapshot, self.review.session):
            self.modified = False
        return Change(document=True)

    def replace_prompt(self, target: Path, then: Callable[[], Any]) -> OverwritePrompt | None:
        """Ask before writing over an existing file; None when there is nothing to replace."""
        if not Path(target).exists():
            return None
        return OverwritePrompt(
            choices=(REPLACE, CANCEL),
            default=CANCEL,
            then=lambda choice: then() if choice == REPLACE else None,
            target=Path(target),
        )

    # -- leaving -------------------------------------------------------------
    def leaving(self) -> UnsavedPrompt | None:
        """The question to ask before closing or switching reviews; None when nothing would be lost."""
        self.flush()
        if not self.modified:
            return None
        name = self.document.name if self.document else "this review"
        if self.read_only:
            kept, choices = "If you don't, they are lost: this window only reads the review.", (SAVE, DISCARD, CANCEL)
        else:
            self._retry_autosave()
            if self._autosave_holds():
                where = self.review.path
                kept = f"If you don't, they stay in the review's autosave ({where}); the start screen offers to continue it."
                choices = (SAVE, DISCARD, CANCEL)
            else:  # no choice here may lose them
                reason = self.autosave_problem or "there is no autosave"
                kept = f"The autosave could not be written ({reason}), so they are only in this window: save them to a file."
                choices = (SAVE, CANCEL)
        return UnsavedPrompt(choices=choices, default=SAVE, then=self._left, name=name, kept=kept)

    def _retry_autosave(self) -> None:
        if self.autosave_problem and self.review.path is not None:
            self._write_autosave()

    def _left(self, choice: str) -> Change | None:
        if choice == DISCARD:  # the autosave keeps them (or the user was told they are lost): nothing is deleted
            self.modified = False
            return Change()
        return None

    def close(self) -> None:
        """The window closes: the last autosave written, locks released, deleted reviews gone for good."""
        self.flush()
        self.writer.close()
        self.release()
        empty_trash(self.data_dir)


def _keeps_decision(file: Session, autosave: Session, newer: str) -> str:
    """The default choice: never the version without counsel's decision when the other has one."""
    decided = {FILE: bool(file.counsel and file.counsel.decision), AUTOSAVE: bool(autosave.counsel and autosave.counsel.decision)}
    if decided[FILE] != decided[AUTOSAVE]:
        return FILE if decided[FILE] else AUTOSAVE
    return newer or FILE


def read_review(path: Path) -> Session:
    """A review to read (compare, export): a session file or the session inside a report PDF; SessionError in words."""
    return load_any(path)


def start_continuation(flowset: FlowSet, data_dir: Path, earlier: Session) -> Path:
    """A new review from an earlier one (its answers, linked to it), written as its own autosave; that file."""
    from wizard.continuation import continue_review

    session = continue_review(flowset, earlier)
    target = autosave_path(data_dir, session)
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise SessionError(f"{data_dir}: cannot keep autosaves there ({exc.strerror or exc})") from None
    save(session, target)
    return target
