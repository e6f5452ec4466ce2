"""Every review the user has: autosaves in the data folder and recently used files (no Qt).

The start screen and `bedrock-wizard list` show the same records, one per
review identity (session id): project, the part reached, when it last
changed, finished or not, counsel's decision and the review-by date, with
the review's files (session files, report PDFs, its autosave) grouped under
it. The row opens the newest of them, by the review's own log. Deleting moves the
file into a trash folder inside the data folder, from which it can be
restored until the app empties the trash (when it closes).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wizard import moments
from wizard.autosave import PREFIX as AUTOSAVE_PREFIX
from wizard.bidi import isolate
from wizard.fsio import load, why
from wizard.session import Session, SessionError

if TYPE_CHECKING:
    from wizard.flows import FlowSet

TRASH = "trash"
NOT_STARTED = "not started"


class CatalogError(OSError):
    """A delete or restore that did not happen; the message is one line naming the file."""


SESSION_FILE, REPORT_PDF, AUTOSAVE = "session file", "report PDF", "autosave"


@dataclass(frozen=True)
class ReviewFile:
    """One file of a review: where, what kind, when its review last changed in it."""

    path: Path
    kind: str  # SESSION_FILE, REPORT_PDF or AUTOSAVE
    changed: datetime

    @property
    def shown(self) -> str:
        """The file as a list names it: an autosave by what it is, never by its raw name."""
        return "autosave in the app's data folder" if self.kind == AUTOSAVE else f"{self.kind}: {self.path}"


@dataclass(frozen=True)
class ReviewRecord:
    """One review as the lists show it."""

    path: Path
    project: str  # "" when the project is not named yet (or the file cannot be read)
    part: str  # title of the part the last answer was given in; NOT_STARTED without answers
    changed: datetime  # local time of the last change (the last audit entry, else the file's time)
    finished: bool
    readable: bool = True
    problem: str = ""  # why the file cannot be read, one line
    report: bool = False  # a report PDF (it carries its review)
    autosave: bool = False  # lives in the app's data folder
    review_id: str = ""  # the session's identity: an autosave and saved copies of one review share it
    decision: str = ""  # counsel's decision as the report's cover line words it; "" before counsel decided
    reviewer: str = ""  # who gave counsel's decision, and their role
    decided_on: str = ""  # the date of counsel's decision
    review_by: str = ""  # when to review again
    entries: int = 0  # audit-log entries: of two files of one review changed in the same second, the longer log is later
    files: tuple[ReviewFile, ...] = ()  # every file of this review, newest first (this record's `path` leads)
    document: Path | None = None  # the review's newest session file outside the data folder (Save writes it)
    session: Session | None = field(default=None, compare=False, repr=False)  # as read for this record (the portfolio reuses it)

    @property
    def kind(self) -> str:
        return AUTOSAVE if self.autosave else REPORT_PDF if self.report else SESSION_FILE

    @property
    def state(self) -> str:
        if not self.readable:
            return "cannot be read"
        if self.report and not self.part:
            return "report PDF"
        return "finished" if self.finished else "in progress"


@dataclass(frozen=True)
class Trashed:
    """A deleted review: where it was and where it waits to be restored."""

    original: Path
    kept: Path


def reviews_of(
    flowset: FlowSet, folder: Path, recent_paths: Iterable[Path] = (), read_reports: bool = False
) -> list[ReviewRecord]:
    """`list_reviews` with the part names and the project field the flows define."""
    titles = {f.id: f.title for f in flowset.flows}
    return list_reviews(folder, recent_paths, titles, read_reports, flowset.profile_role("title"))


def list_reviews(
    folder: Path,
    recent_paths: Iterable[Path] = (),
    titles: Mapping[str, str] | None = None,
    read_reports: bool = False,
    project_field: str | None = None,
) -> list[ReviewRecord]:
    """The reviews in `folder` (the data folder's session files) and the recent files, newest change first.

    `titles` maps flow ids to part names (flow ids are shown without it).
    Report PDFs are read only with `read_reports` (it loads the PDF library,
    which the start screen keeps off its path); otherwise they are listed by
    file name and time. Missing recent files are left out; unreadable ones
    are listed with the reason, so they can still be deleted.
    """
    folder = Path(folder)
    seen: set[Path] = set()
    records: list[ReviewRecord] = []
    candidates: list[Path] = []
    with suppress(OSError):
        candidates += sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    candidates += [Path(p) for p in recent_paths]
    for path in candidates:
        try:
            key = path.resolve()
        except OSError:
            key = path
        if key in seen or not path.is_file():
            continue
        seen.add(key)
        records.append(_record(path, folder, titles or {}, read_reports, project_field))
    records.sort(key=lambda r: (r.changed, r.entries, not r.autosave, not r.report), reverse=True)  # a tie: the user's own file
    groups: dict[str, list[ReviewRecord]] = {}
    for record in records:  # one row per review: its newest file leads (opening it offers any later autosave)
        groups.setdefault(record.review_id or f"\0{record.path}", []).append(record)
    return [_grouped(group) for group in groups.values()]


def _grouped(group: list[ReviewRecord]) -> ReviewRecord:
    head = group[0]
    files = tuple(ReviewFile(r.path, r.kind, r.changed) for r in group)
    document = next((r.path for r in group if r.kind == SESSION_FILE and r.readable), None)
    return replace(head, files=files, document=document)


def _record(path: Path, folder: Path, titles: Mapping[str, str], read_reports: bool, project_field: str | None) -> ReviewRecord:
    try:
        mtime = moments.from_timestamp(path.stat().st_mtime)
    except OSError:
        mtime = moments.from_timestamp(0)
    autosave = _inside(path, folder) and path.name.startswith(AUTOSAVE_PREFIX)  # named by its identity
    report = _is_pdf(path)
    if report and not read_reports:
        return ReviewRecord(path, "", "", mtime, False, report=True, autosave=autosave)
    try:
        if report:
            from wizard.pdfsession import session_from_pdf

            session = session_from_pdf(path)
        else:
            session = load(path)
    except SessionError as exc:
        return ReviewRecord(path, "", "", mtime, False, readable=False, problem=_one_line(exc), report=report, autosave=autosave)
    project = session.profile.get(project_field) if project_field else None
    return ReviewRecord(
        path,
        project if isinstance(project, str) else "",
        _part_reached(session, titles),
        _last_change(session) or mtime,
        session.finished,
        report=report,
        autosave=autosave,
        review_id=session.id,
        decision=decision_line(session),
        reviewer=session.counsel.reviewer_line if session.counsel and session.counsel.decision else "",
        decided_on=session.counsel.date if session.counsel and session.counsel.decision else "",
        review_by=_review_by(session),
        entries=len(session.log),
        session=session,
    )


def _review_by(session: Session) -> str:
    from wizard.counsel import effective_review_by

    try:
        return effective_review_by(session)
    except (ValueError, OverflowError):
        return ""


def decision_line(session: Session) -> str:
    """Counsel's decision, reviewer and date (and whether answers changed since), or '' without a decision."""
    counsel = session.counsel
    if counsel is None or not counsel.decision:
        return ""
    from wizard.counsel import changed_answers, decision_doubt
    from wizard.counsel_vocabulary import vocabulary

    vocab = vocabulary()
    line = vocab.say(
        "decided_stale" if changed_answers(session) else "decided",
        decision=vocab.decision_label(counsel.decision),
        reviewer=counsel.reviewer_line,
        date=counsel.date,
    )
    doubt = decision_doubt(session)
    return vocab.say("unverified", line=line, why=vocab.say(doubt, problem=session.source_problem)) if doubt else line


def _part_reached(session: Session, titles: Mapping[str, str]) -> str:
    for entry in reversed(session.log):
        if entry.get("event") == "answer" and isinstance(entry.get("flow"), str):
            return titles.get(entry["flow"], entry["flow"])
    return NOT_STARTED


def _last_change(session: Session) -> datetime | None:
    for entry in reversed(session.log):
        moment = moments.parse(entry.get("at"))
        if moment is not None:
            return moments.local(moment)
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().parent == folder.resolve()
    except OSError:
        return False


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# -- delete and restore ----------------------------------------------------
def trash_dir(data_dir: Path) -> Path:
    return Path(data_dir) / TRASH


def delete_review(path: Path, data_dir: Path) -> Trashed:
    """Move a review into the data folder's trash; restore_review() puts it back."""
    path = Path(path)
    trash = trash_dir(data_dir)
    try:
        trash.mkdir(parents=True, exist_ok=True, mode=0o700)
        kept = trash / f"{time.time_ns()}-{path.name}"
        shutil.move(str(path), str(kept))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot delete ({why(exc)})") from None
    return Trashed(path, kept)


def restore_review(trashed: Trashed) -> Path:
    """Put a deleted review back where it was (beside it, renamed, if that name is taken now)."""
    target = trashed.original
    n = 1
    while target.exists():
        target = trashed.original.with_name(f"{trashed.original.stem} (restored {n}){trashed.original.suffix}")
        n += 1
    try:
        shutil.move(str(trashed.kept), str(target))
    except OSError as exc:
        raise CatalogError(f"{trashed.original}: cannot restore ({why(exc)})") from None
    return target


def empty_trash(data_dir: Path) -> int:
    """Delete for good what was deleted in this run (call when the app closes); returns how many files."""
    trash = trash_dir(data_dir)
    removed = 0
    try:
        entries = list(os.scandir(trash))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
        except OSError:
            continue
    return removed


# -- headless list -----------------------------------------------------------
def headline(r: ReviewRecord) -> str:
    """The review's line: project, state, part reached, last change, counsel's decision, review-by date."""
    when = moments.minute_text(r.changed)
    if r.state == "report PDF":
        return f"{r.path.name} — report PDF (opens its review), {when}"
    if not r.readable:
        return f"{r.path.name} — cannot be read ({r.problem}), {when}"
    name = f"“{isolate(r.project)}”" if r.project else "(no project name yet)"
    head = f"{name} — {r.state}, reached: {r.part}, last change {when}"
    if r.decision:
        head += f"; counsel's decision: {isolate(r.decision)}"
    return head + (f"; review by {r.review_by}" if r.review_by else "")


def format_list(records: Iterable[ReviewRecord], folder: Path | None = None) -> str:
    """The list as `bedrock-wizard list` prints it: one line per review, then its files, newest first."""
    lines: list[str] = []
    for r in records:
        lines.append(headline(r))
        lines += [f"    {f.shown}" for f in r.files or (ReviewFile(r.path, r.kind, r.changed),)]
    if not lines:
        return f"No reviews found in {folder}." if folder is not None else "No reviews found."
    return "\n".join(lines)


def list_json(records: Iterable[ReviewRecord]) -> list[dict[str, object]]:
    """The list for scripts (`bedrock-wizard list --format json`): one object per review, its files inside."""
    return [
        {
            "review_id": r.review_id,
            "project": r.project,
            "state": r.state,
            "part_reached": r.part,
            "last_change": r.changed.isoformat(timespec="seconds"),
            "finished": r.finished,
            "decision": r.decision,
            "reviewer": r.reviewer,
            "decision_date": r.decided_on,
            "review_by": r.review_by,
            "problem": r.problem,
            "files": [
                {"kind": f.kind, "path": str(f.path), "last_change": f.changed.isoformat(timespec="seconds")}
                for f in r.files or (ReviewFile(r.path, r.kind, r.changed),)
            ],
        }
        for r in records
    ]
