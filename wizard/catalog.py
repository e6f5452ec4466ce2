"""Every review the user has: autosaves in the data folder and recently used files (no Qt).

The start screen and `bedrock-wizard list` show the same records: project,
the part reached, when it last changed, finished or not. Deleting moves the
file into a trash folder inside the data folder, from which it can be
restored until the app empties the trash (when it closes).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wizard import moments
from wizard.bidi import isolate
from wizard.flows import FlowSet
from wizard.fsio import load, why
from wizard.session import Session, SessionError

TRASH = "trash"
NOT_STARTED = "not started"


class CatalogError(OSError):
    """A delete or restore that did not happen; the message is one line naming the file."""


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
    records.sort(key=lambda r: (r.changed, not r.autosave), reverse=True)  # a tie: the user's own file first
    shown: set[str] = set()
    unique = []
    for record in records:  # one row per review: its newest file (opening it offers any later autosave)
        if record.review_id and record.review_id in shown:
            continue
        shown.add(record.review_id)
        unique.append(record)
    return unique


def _record(path: Path, folder: Path, titles: Mapping[str, str], read_reports: bool, project_field: str | None) -> ReviewRecord:
    try:
        mtime = moments.from_timestamp(path.stat().st_mtime)
    except OSError:
        mtime = moments.from_timestamp(0)
    autosave = _inside(path, folder)
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
    )


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
def format_list(records: Iterable[ReviewRecord], folder: Path | None = None) -> str:
    """The list as `bedrock-wizard list` prints it: two lines per review, newest first."""
    lines: list[str] = []
    for r in records:
        when = moments.minute_text(r.changed)
        if r.state == "report PDF":
            head = f"{r.path.name} — report PDF (opens its review), {when}"
        elif not r.readable:
            head = f"{r.path.name} — cannot be read ({r.problem}), {when}"
        else:
            name = f"“{isolate(r.project)}”" if r.project else "(no project name yet)"
            head = f"{name} — {r.state}, reached: {r.part}, last change {when}"
        lines += [head, f"    {r.path}"]
    if not lines:
        return f"No reviews found in {folder}." if folder is not None else "No reviews found."
    return "\n".join(lines)
