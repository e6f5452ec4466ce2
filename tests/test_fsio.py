"""The file-system module: bounded reads of regular files, writes that stay where the user meant, one error table."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import fsio
from wizard.fsio import FileError, read_bounded, save, usable_folder, why, writable_target, write_private
from wizard.session import Session, SessionError

POSIX = os.name == "posix"


def test_read_bounded_reads_a_regular_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_bytes(b"x" * 1000)
    assert read_bounded(target, 1000, "too large") == b"x" * 1000


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"x" * 1001), "too large for a test file (1 KB; the limit is 1 KB)"),
    ],
)
def test_read_bounded_refusals_are_path_and_reason(tmp_path: Path, make, reason: str) -> None:
    target = tmp_path / "f"
    make(target)
    with pytest.raises(FileError) as info:
        read_bounded(target, 1000, "too large for a test file")
    assert str(info.value) == f"{target}: {reason}"
    assert info.value.path == str(target) and info.value.reason == reason
    assert isinstance(info.value, SessionError), "every command reports it like a bad session"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_read_bounded_never_waits_on_a_pipe(tmp_path: Path) -> None:
    """Opening a FIFO for reading blocks until a writer comes; the read opens it non-blocking and refuses it."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(FileError, match="not a regular file"):
        read_bounded(pipe, 1000, "too large")
    assert fsio.read_head(pipe, 5) == b""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="a character device")
def test_read_bounded_refuses_a_device_without_reading_it() -> None:
    with pytest.raises(FileError, match="not a regular file"):
        read_bounded(Path("/dev/zero"), 1000, "too large")


def test_one_table_of_os_errors() -> None:
    assert why(OSError(errno.ENOSPC, "No space left on device")) == "the disk is full"
    assert why(OSError(errno.EROFS, "Read-only file system")) == "the disk is read-only"
    assert why(OSError(errno.ELOOP, "Too many levels of symbolic links")) == "too many symbolic links"
    assert why(OSError(errno.EFBIG, "File too large")).startswith("the file is larger than")
    assert why(OSError(errno.ECONNRESET, "Connection\nreset")) == "Connection reset", "unknown codes: one line"


# -- writes never land where the user did not mean them ------------------------


@pytest.fixture
def sticky(tmp_path: Path) -> Path:
    """A shared folder like /tmp: everyone may add names, only owners may remove them."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    return folder


@pytest.mark.skipif(not POSIX, reason="symlinks and sticky folders")
def test_a_link_in_a_shared_folder_is_refused_and_its_target_kept(tmp_path: Path, sticky: Path) -> None:
    """Case 4: a link planted in /tmp-like folder must not make a write replace a file elsewhere."""
    victim = tmp_path / "victim.conf"
    victim.write_bytes(b"someone's file")
    planted = sticky / "report.pdf"
    planted.symlink_to(victim)
    with pytest.raises(FileError) as info:
        write_private(planted, b"%PDF-1.7 new")
    text = str(info.value)
    assert text.startswith(f"{planted}: is a symbolic link in a shared folder") and "\n" not in text
    assert victim.read_bytes() == b"someone's file" and planted.is_symlink()
    assert sorted(p.name for p in sticky.iterdir()) == ["report.pdf"], "no temp file left"


@pytest.mark.skipif(not POSIX or not hasattr(os, "lchown"), reason="file owners")
def test_a_link_owned_by_someone_else_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"theirs")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    try:
        os.lchown(link, 4321, 4321)
    except PermissionError:
        pytest.skip("changing a link's owner needs root")
    with pytest.raises(FileError, match="symbolic link owned by another user"):
        write_private(link, b"new")
    assert victim.read_bytes() == b"theirs"


@pytest.mark.skipif(not POSIX or not hasattr(os, "chown"), reason="file owners")
def test_a_link_to_someone_elses_file_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"theirs")
    try:
        os.chown(victim, 4321, 4321)
    except PermissionError:
        pytest.skip("changing a file's owner needs root")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    with pytest.raises(FileError, match="belongs to another user"):
        write_private(link, b"new")
    assert victim.read_bytes() == b"theirs"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_never_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "out.pdf"
    os.mkfifo(pipe)
    with pytest.raises(FileError, match="not a regular file"):
        write_private(pipe, b"%PDF-1.7")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


@pytest.mark.skipif(not hasattr(os, "mknod"), reason="device nodes")
def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("creating a device node is not allowed here")
    with pytest.raises(FileError, match="not a regular file"):
        write_private(device, b"x")
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_link_to_a_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "out.json"
    link.symlink_to(pipe)
    with pytest.raises(FileError, match="not a regular file"):
        writable_target(link)


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_the_users_own_link_in_a_private_folder_is_still_followed(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "kestrel.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "current.json"
    link.symlink_to(real)
    assert writable_target(link) == real
    write_private(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_a_plain_file_in_a_shared_folder_is_written(sticky: Path) -> None:
    target = sticky / "report.pdf"
    write_private(target, b"%PDF")
    assert target.read_bytes() == b"%PDF" and not target.is_symlink()


# -- sessions: whatever is written can be read back --------------------------


def test_save_refuses_text_it_could_not_read_back(tmp_path: Path) -> None:
    """Text typed into the window that a file may not carry is refused at the write, in one line, nothing written."""
    session = Session()
    session.profile["project_name"] = "Kestrel\x07"
    target = tmp_path / "s.json"
    with pytest.raises(SessionError) as info:
        save(session, target)
    text = str(info.value)
    assert text.startswith(f"{target}: profile.project_name: contains a control character (U+0007)") and "\n" not in text
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_lone_surrogate_instead_of_crashing(tmp_path: Path) -> None:
    session = Session()
    session.notes["profile"] = {"project_name": "bad \ud800 half"}
    with pytest.raises(SessionError, match=r"notes\.profile\.project_name: contains an invalid character \(U\+D800\)"):
        save(session, tmp_path / "s.json")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_session_grown_past_the_file_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wizard.session.MAX_BYTES", 2000)
    session = Session()
    for i in range(40):
        session.record("answer", "profile", "project_name", f"name {i}")
    target = tmp_path / "s.json"
    with pytest.raises(SessionError, match="cannot be saved: the review has grown to") as info:
        save(session, target)
    assert str(target) in str(info.value) and not target.exists()


def test_usable_folder_says_what_is_wrong(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert usable_folder(afile) == "it is a file, not a folder"
    assert usable_folder(afile / "sub").startswith("it cannot be created (a part of the path is not a folder)")
    fresh = tmp_path / "new" / "data"
    assert usable_folder(fresh) == "" and fresh.is_dir()
    if POSIX:
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    assert list(fresh.iterdir()) == [], "the probe file is removed"


def test_stale_temp_sweep_leaves_links_and_pipes_alone(tmp_path: Path) -> None:
    """A name that looks like a dead writer's temp file but is a link is not ours to delete."""
    import subprocess
    import sys

    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("keep")
    link = tmp_path / f".review.json.{dead}.abc.tmp"
    link.symlink_to(elsewhere)
    temp = tmp_path / f".other.json.{dead}.def.tmp"
    temp.write_text("partial")
    assert [p.name for p in fsio.sweep_stale_temps(tmp_path)] == [temp.name]
    assert link.is_symlink() and elsewhere.read_text() == "keep"


# -- Windows: a virus scanner holding the file open --------------------------


def _in_use(times: int, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """os.replace refused `times` times as Windows refuses it while another program has the file open."""
    real, pauses = os.replace, []

    def replace(src: object, dst: object) -> None:
        if len(pauses) < times or times < 0:
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used")
        real(src, dst)

    monkeypatch.setattr(fsio.os, "replace", replace)
    monkeypatch.setattr(fsio, "_sleep", pauses.append)
    return pauses


def test_windows_retries_a_replace_while_the_file_is_in_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsio.sys, "platform", "win32")
    target = tmp_path / "review.json"
    target.write_bytes(b"old")
    pauses = _in_use(3, monkeypatch)
    write_private(target, b"new")
    assert target.read_bytes() == b"new" and pauses == list(fsio.REPLACE_PAUSES[:3])
    assert [p.name for p in tmp_path.iterdir()] == ["review.json"]


def test_windows_gives_up_after_a_bound_with_a_clear_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsio.sys, "platform", "win32")
    target = tmp_path / "review.json"
    target.write_bytes(b"old")
    pauses = _in_use(-1, monkeypatch)
    with pytest.raises(FileError) as info:
        write_private(target, b"new")
    assert pauses == list(fsio.REPLACE_PAUSES), "a bounded number of tries"
    assert str(info.value) == (
        f"{target}: cannot replace the existing file: another program kept it open for 4 seconds "
        "(a virus scanner, or a viewer with the file open); close it and save again"
    )
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["review.json"]


def test_posix_never_waits_on_a_refused_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fsio.sys, "platform", "linux")
    target = tmp_path / "review.json"
    target.write_bytes(b"old")
    pauses = _in_use(-1, monkeypatch)
    with pytest.raises(FileError, match=r"cannot replace the existing file \(permission denied\); is it open"):
        write_private(target, b"new")
    assert pauses == []


@pytest.mark.skipif(sys.platform != "win32", reason="needs Windows: OpenProcess and GetExitCodeProcess")
def test_windows_tells_a_running_process_from_an_ended_one() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert fsio.process_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not fsio.process_alive(child.pid)
    assert fsio.process_alive(os.getpid())


@pytest.mark.skipif(os.name != "posix", reason="owner-only mode bits are POSIX; Windows has the profile folder's ACL")
def test_writes_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_private(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
