"""Writing fails: a clear line naming the file, no half-written PDF, older files intact, the session still saved.

Disk full, a read-only folder (as root, simulated: root writes anyway) and a
report that another program holds open are simulated at the system call the
atomic write uses, so the real write path runs up to the failure.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES

from wizard.cli import main
from wizard.fsio import load, remove_stale_temps, save
from wizard.report import ReportError, write_report
from wizard.review import Review
from wizard.session import Session, SessionError

MINI = ["--flows", str(FIXTURES / "mini")]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OLD_REPORT = b"%PDF-1.7 the report the user filed last week"


@pytest.fixture
def review(mini, tmp_path: Path) -> Review:
    """A finished mini review autosaved in its own folder (the user's data folder)."""
    data = tmp_path / "data"
    data.mkdir()
    review = Review(mini, path=data / "review.json")
    for value in ("Project Kestrel", "internal", "yes_branch", ["a"], "y"):
        review.answer(value, note="")
    return review


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


def disk_full(monkeypatch: pytest.MonkeyPatch, after: int = 1000) -> None:
    """Writes succeed for `after` bytes, then fail with ENOSPC, as on a full disk."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle) -> None:
            self.handle, self.left = handle, after

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return self.handle.fileno()

        def flush(self) -> None:
            self.handle.flush()

        def write(self, data: bytes) -> int:
            if len(data) > self.left:
                self.handle.write(data[: self.left])
                self.handle.flush()
                raise OSError(errno.ENOSPC, "No space left on device")
            self.left -= len(data)
            return self.handle.write(data)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))


def replace_fails(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """The rename onto the target fails, as when another program holds the file (EBUSY, or EACCES on Windows)."""

    def refuse(src, dst):
        raise OSError(code, os.strerror(code), str(dst))

    monkeypatch.setattr(os, "replace", refuse)


def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder we may not write in: chmod 555, or as root a simulated EACCES (access() and mkstemp)."""
    if not IS_ROOT:
        folder.chmod(0o555)
        return
    real_access, real_mkstemp = os.access, tempfile.mkstemp
    monkeypatch.setattr(
        os, "access", lambda p, mode, **k: False if Path(p) == folder and mode & os.W_OK else real_access(p, mode, **k)
    )

    def mkstemp(*args, dir=None, **kwargs):  # noqa: A002 - tempfile's own name
        if dir is not None and Path(dir) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_session_still_saved(review: Review) -> None:
    assert load(review.path).to_json() == review.session.to_json()
    assert listing(review.path.parent) == ["review.json"]


CASES = {
    "disk full": (lambda mp, folder: disk_full(mp), "the disk is full"),
    "disk full on the first byte": (lambda mp, folder: disk_full(mp, after=0), "the disk is full"),
    "report open elsewhere (EBUSY)": (lambda mp, folder: replace_fails(mp, errno.EBUSY), "in use by another program"),
    "report locked (EACCES)": (lambda mp, folder: replace_fails(mp, errno.EACCES), "cannot replace the existing file"),
    "read-only disk": (lambda mp, folder: replace_fails(mp, errno.EROFS), "the disk is read-only"),
    "read-only folder": (lambda mp, folder: read_only(folder, mp), "permission denied"),
}


@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
@pytest.mark.parametrize("case", list(CASES))
def test_write_report_failure_leaves_no_half_pdf(review: Review, out_dir: Path, case: str, existing: bool) -> None:
    target = out_dir / "Kestrel report.pdf"
    if existing:
        target.write_bytes(OLD_REPORT)
        target.chmod(0o600)
    simulate, reason = CASES[case]
    if case.startswith("report") and not existing:
        reason = "cannot write"  # nothing to replace: the failed rename is just a failed write
    with pytest.MonkeyPatch.context() as mp, pytest.raises(ReportError) as info:
        simulate(mp, out_dir)
        write_report(review.flowset, review.session, target)
    text = str(info.value)
    assert "\n" not in text and str(target) in text and reason in text, text
    if existing:
        assert target.read_bytes() == OLD_REPORT, "the earlier report is untouched"
        assert listing(out_dir) == [target.name], "no temp file or half PDF left behind"
    else:
        assert listing(out_dir) == [], "no temp file or half PDF left behind"
    assert_session_still_saved(review)


@pytest.mark.parametrize("case", list(CASES))
def test_cli_report_failure_is_one_line(review: Review, out_dir: Path, capsys, case: str) -> None:
    target = out_dir / "report.pdf"
    target.write_bytes(OLD_REPORT)
    session_before = review.path.read_bytes()
    simulate, reason = CASES[case]
    with pytest.MonkeyPatch.context() as mp:
        simulate(mp, out_dir)
        code = main([*MINI, "report", str(review.path), "-o", str(target)])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1 and "Traceback" not in err and "internal error" not in err, err
    assert str(target) in lines[0] and reason in lines[0]
    assert target.read_bytes() == OLD_REPORT and listing(out_dir) == [target.name]
    assert review.path.read_bytes() == session_before, "the session file is untouched"


def test_read_only_folder_fails_before_rendering(review: Review, out_dir: Path, monkeypatch) -> None:
    """Permission is checked first, so nobody waits seconds for a PDF that cannot be written."""
    read_only(out_dir, monkeypatch)
    monkeypatch.setattr("wizard.report.render_pdf", lambda *a, **k: pytest.fail("rendered before checking the folder"))
    with pytest.raises(ReportError, match="permission denied"):
        write_report(review.flowset, review.session, out_dir / "r.pdf")


def test_missing_folder_and_folder_target(review: Review, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="does not exist") as info:
        write_report(review.flowset, review.session, tmp_path / "no" / "such" / "r.pdf")
    assert str(tmp_path / "no" / "such" / "r.pdf") in str(info.value)
    assert not (tmp_path / "no").exists()
    afile = tmp_path / "afile"
    afile.write_text("x")
    with pytest.raises(ReportError, match="is not a folder"):
        write_report(review.flowset, review.session, afile / "r.pdf")
    assert_session_still_saved(review)


def test_autosave_failure_keeps_the_previous_session(review: Review) -> None:
    """A full disk during an autosave: a one-line SessionError, and the last good file stays whole."""
    before = review.path.read_bytes()
    review.select("profile", "project_name")
    with pytest.MonkeyPatch.context() as mp, pytest.raises(SessionError, match="the disk is full") as info:
        disk_full(mp, after=10)
        review.answer("Project Kestrel II")
    assert str(review.path) in str(info.value) and "\n" not in str(info.value)
    assert review.path.read_bytes() == before and listing(review.path.parent) == ["review.json"]
    review.autosave()  # once there is room again, the next save writes the kept answer
    assert load(review.path).profile["project_name"] == "Project Kestrel II"


def test_report_worker_reports_the_failure(qtbot, review: Review, out_dir: Path) -> None:
    """The window renders in a ReportWorker; its failure message is the same one line."""
    from wizard.ui.report_worker import ReportWorker

    target = out_dir / "r.pdf"
    worker = ReportWorker(review, target)
    failed: list[str] = []
    worker.failed.connect(failed.append)
    with pytest.MonkeyPatch.context() as mp:
        replace_fails(mp, errno.EBUSY)
        worker.run()  # synchronously, in this thread
    assert len(failed) == 1 and str(target) in failed[0] and "in use by another program" in failed[0]
    assert "\n" not in failed[0] and listing(out_dir) == []
    assert_session_still_saved(review)


def test_render_failure_in_the_temporary_folder_is_one_line(review: Review, out_dir: Path) -> None:
    """WeasyPrint copies the bundled fonts to a temporary folder while rendering; that disk can be full too."""
    from weasyprint.text.fonts import FontConfiguration

    target = out_dir / "r.pdf"
    target.write_bytes(OLD_REPORT)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.MonkeyPatch.context() as mp, pytest.raises(ReportError) as info:
        mp.setattr(FontConfiguration, "add_font_face", full)
        write_report(review.flowset, review.session, target)
    text = str(info.value)
    assert "\n" not in text and str(target) in text and "the disk is full" in text
    assert target.read_bytes() == OLD_REPORT and listing(out_dir) == [target.name]
    assert_session_still_saved(review)


@pytest.mark.skipif(os.name != "posix", reason="POSIX resource limits")
def test_real_process_with_a_file_size_limit_prints_one_line(review: Review, out_dir: Path) -> None:
    """No simulation: the real command under a 20 KB file-size limit (EFBIG), so stray C-level stderr would show."""
    import resource
    import signal
    import subprocess
    import sys

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    target = out_dir / "r.pdf"
    target.write_bytes(OLD_REPORT)
    done = subprocess.run(
        [sys.executable, "-m", "wizard", *MINI, "report", str(review.path), "-o", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert str(target) in lines[0] and "internal error" not in lines[0] and "Traceback" not in done.stderr
    assert target.read_bytes() == OLD_REPORT and listing(out_dir) == [target.name]
    assert_session_still_saved(review)


# -- private files --------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("kind", ["session", "report"])
def test_temp_and_final_files_are_private_even_with_an_open_umask(review: Review, out_dir: Path, monkeypatch, kind: str) -> None:
    target = out_dir / ("s.json" if kind == "session" else "r.pdf")
    target.write_bytes(b"older, world-readable")
    target.chmod(0o644)
    seen: list[tuple[str, int, Path]] = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((Path(src).name, stat.S_IMODE(os.stat(src).st_mode), Path(src).parent))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    old_umask = os.umask(0)
    try:
        save(review.session, target) if kind == "session" else write_report(review.flowset, review.session, target)
    finally:
        os.umask(old_umask)
    ((name, mode, folder),) = seen
    assert name.endswith(".tmp") and mode == 0o600, f"temp file {name} has mode {oct(mode)}"
    assert folder == out_dir, "the temp file is written beside the target, never in /tmp"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert listing(out_dir) == [target.name]


def test_stale_temp_files_are_removed_only_when_abandoned(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    target = tmp_path / "s.json"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    names = {
        "dead": f".s.json.{dead_pid}.abc123.tmp",  # its writer was killed: remove
        "old": ".s.json.x7k2.tmp",  # an hour old, any writer: remove
        "live": f".s.json.{os.getppid()}.def456.tmp",  # a running process may still rename it: keep
        "mine": f".s.json.{os.getpid()}.ghi789.tmp",  # our own (another thread): keep
        "other file": f".t.json.{dead_pid}.jkl012.tmp",  # not ours to clean: keep
        "not a temp": ".s.json.bak",  # keep
    }
    for name in names.values():
        (tmp_path / name).write_text("partial")
    hour_ago = time.time() - 2 * 3600
    os.utime(tmp_path / names["old"], (hour_ago, hour_ago))
    removed = {p.name for p in remove_stale_temps(target)}
    assert removed == {names["dead"], names["old"]}
    assert set(listing(tmp_path)) == {names[k] for k in ("live", "mine", "other file", "not a temp")}


def test_save_into_read_only_folder_is_one_line(review: Review, out_dir: Path, monkeypatch) -> None:
    read_only(out_dir, monkeypatch)
    with pytest.raises(SessionError) as info:
        save(review.session, out_dir / "copy.json")
    text = str(info.value)
    assert "\n" not in text and str(out_dir / "copy.json") in text and "permission denied" in text
    assert listing(out_dir) == []


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_saving_through_a_symlink_updates_the_linked_file(review: Review, tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "kestrel.json"
    save(review.session, real)
    link = tmp_path / "current.json"
    link.symlink_to(real)
    moved = Review(review.flowset, load(link), link)
    moved.set_note("profile", "project_name", "linked")
    assert link.is_symlink(), "the link is kept, not replaced by a copy"
    assert load(real).note("profile", "project_name") == "linked"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600 and listing(synced) == ["kestrel.json"]


def test_start_up_sweep_removes_abandoned_temps_of_any_review(tmp_path: Path) -> None:
    import subprocess
    import sys

    from wizard.fsio import sweep_stale_temps

    dead_pid = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout)
    dead = [f".review-20261125-101010.json.{dead_pid}.ab12cd34.tmp", f".other.json.{dead_pid}.zz99_x1y.tmp"]
    keep = [
        f".review-20261125-111111.json.{os.getppid()}.ef56gh78.tmp",
        "review-20261125-101010.json",
        ".hidden.tmp",
        f"notes.{dead_pid}.tmp",
    ]
    for name in dead + keep:
        (tmp_path / name).write_text("x")
    assert sorted(p.name for p in sweep_stale_temps(tmp_path)) == sorted(dead)
    assert listing(tmp_path) == sorted(keep)


@pytest.mark.skipif(os.name != "posix", reason="folders can be fsynced on POSIX")
def test_write_order_is_fsync_file_rename_fsync_folder(tmp_path: Path, monkeypatch) -> None:
    """What SIGKILL cannot test: the data is flushed before the rename, and the rename before we return."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(f"fsync {kind}")
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save(Session(), tmp_path / "s.json")
    assert events == ["fsync file", "rename", "fsync folder"]
