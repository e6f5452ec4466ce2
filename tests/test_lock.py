"""Case 14: a review open in two windows or processes is seen by the second opener; a killed holder's lock is recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wizard import lock
from wizard.lock import LockBlocked, LockHeld, acquire, holder, lock_path, take_over

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def review_file(tmp_path: Path) -> Path:
    target = tmp_path / "kestrel.json"
    target.write_text("{}")
    return target


def test_a_second_opener_sees_the_first(review_file: Path) -> None:
    first = acquire(review_file)
    assert first is not None and first.still_held()
    with pytest.raises(LockHeld) as info:
        acquire(review_file)  # another window of this same process
    assert info.value.holder is not None and info.value.holder.this_process
    assert "another window of this app" in str(info.value) and str(review_file) in str(info.value)
    first.release()
    second = acquire(review_file)
    assert second is not None and second.still_held()
    second.release()
    assert not lock_path(review_file).exists(), "a released lock leaves no file behind"


def test_another_process_holding_the_lock_is_named(review_file: Path) -> None:
    child = _hold_in_child(review_file)
    try:
        with pytest.raises(LockHeld) as info:
            acquire(review_file)
        held_by = info.value.holder
        assert held_by is not None and held_by.pid == child.pid and held_by.here and not held_by.this_process
        assert f"process {child.pid}" in held_by.describe() and "this computer" in held_by.describe()
        assert holder(review_file) == held_by
    finally:
        child.kill()
        child.wait()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_lock_left_by_a_killed_process_is_recovered(review_file: Path) -> None:
    child = _hold_in_child(review_file)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert lock_path(review_file).exists(), "the killed process could not clean up"
    assert holder(review_file) is None, "nobody holds it any more"
    recovered = acquire(review_file)
    assert recovered is not None and recovered.still_held()
    recovered.release()


def test_take_over_leaves_the_first_holder_knowing_it_lost(review_file: Path) -> None:
    first = acquire(review_file)
    assert first is not None
    second = take_over(review_file)
    assert second is not None and second.still_held()
    assert not first.still_held(), "the first window must not save over the second's work"
    first.release()  # does not remove the new holder's lock
    assert lock_path(review_file).exists() and second.still_held()
    with pytest.raises(LockHeld):
        acquire(review_file)
    second.release()


def test_links_to_one_review_share_one_lock(review_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(review_file)
    with acquire(review_file), pytest.raises(LockHeld):
        acquire(link)


def test_garbage_in_a_lock_file_is_a_stale_lock(review_file: Path) -> None:
    lock_path(review_file).write_bytes(b"\x00\xff not json" * 1000)
    taken = acquire(review_file)
    assert taken is not None
    assert holder(review_file) is not None and holder(review_file).this_process
    taken.release()


@pytest.mark.skipif(os.name != "posix", reason="symlinks and named pipes")
@pytest.mark.parametrize("plant", ["link", "pipe"])
def test_a_planted_lock_name_is_replaced_by_a_real_lock(review_file: Path, tmp_path: Path, plant: str) -> None:
    """Issue 23, case 12: a link or pipe under the lock's name never silently disables locking, nor is written through."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"theirs")
    if plant == "link":
        lock_path(review_file).symlink_to(victim)
    else:
        os.mkfifo(lock_path(review_file))
    first = acquire(review_file)
    assert first is not None and first.still_held()
    assert lock_path(review_file).is_file() and not lock_path(review_file).is_symlink()
    assert victim.read_bytes() == b"theirs", "the link's target is never touched"
    with pytest.raises(LockHeld):
        acquire(review_file)
    first.release()


def test_a_planted_name_that_cannot_be_removed_is_refused_by_name(
    review_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a shared folder the link may be someone else's: then the review is not opened for editing, and says why."""
    if os.name == "posix":
        lock_path(review_file).symlink_to(tmp_path / "victim")

        def refuse(path: object, *args: object, **kwargs: object) -> None:
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(lock.os, "unlink", refuse)
        with pytest.raises(LockBlocked) as info:
            acquire(review_file)
        assert str(info.value) == (
            f"{review_file}: cannot be locked for editing: .kestrel.json.lock beside it is a symbolic link, "
            "not this app's lock; remove it"
        )
        monkeypatch.undo()
        lock_path(review_file).unlink()
    lock_path(review_file).mkdir()
    with pytest.raises(LockBlocked, match="is a folder, not this app's lock"):
        acquire(review_file)
    assert isinstance(LockBlocked(review_file, lock_path(review_file), "x"), LockHeld), "the window asks as for a held lock"


def test_a_command_does_not_write_over_a_review_a_window_holds(review_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23, case 12: `answer -o` onto a review that is open for editing is refused, the file kept."""
    from wizard.cli import main

    before = review_file.read_bytes()
    with acquire(review_file):
        code = main(["answer", str(ROOT / "examples" / "customer-chatbot.yaml"), "-o", str(review_file)])
        assert code == 1 and review_file.read_bytes() == before
    err = capsys.readouterr().err.strip()
    held = f"{review_file}: is open for editing in another window of this app"
    assert err == f"bedrock-wizard: {held}; close it there, or write to another file"
    assert main(["answer", str(ROOT / "examples" / "customer-chatbot.yaml"), "-o", str(review_file)]) == 0
    assert review_file.read_bytes() != before and not lock_path(review_file).exists(), "the command's own lock is gone"


def test_a_taker_gets_the_os_lock_once_the_first_window_lets_go(review_file: Path) -> None:
    first = acquire(review_file)
    assert first is not None
    second = take_over(review_file)
    assert second is not None
    with pytest.raises(LockHeld):
        acquire(review_file)  # the first still has the OS lock
    first.release()
    with pytest.raises(LockHeld) as info:
        acquire(review_file)  # free at the OS level, but the record names a taker who still runs
    assert info.value.holder is not None and info.value.holder.taken_over and info.value.holder.this_process
    assert second.still_held()  # and now it has the OS lock too
    with pytest.raises(LockHeld):
        acquire(review_file)
    second.release()
    assert not lock_path(review_file).exists()
    acquire(review_file).release()


def test_a_folder_we_cannot_write_gives_no_lock(tmp_path: Path) -> None:
    assert acquire(tmp_path / "no" / "such" / "folder.json") is None


def _hold_in_child(target: Path) -> subprocess.Popen[str]:
    """A separate process that takes the lock and waits to be killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from wizard.lock import acquire
        held = acquire(Path({str(target)!r}))
        print("held" if held else "none", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


# -- Windows: msvcrt's byte lock, faked here (the real one runs in the Windows CI job) --------


class FakeMsvcrt:
    """msvcrt.locking as Windows does it: a byte range per open file, refused to every other handle."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self) -> None:
        self.held: dict[tuple[int, int, int], int] = {}
        self.calls: list[tuple[int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        info = os.fstat(fd)
        where = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((where, nbytes))
        key = (info.st_dev, info.st_ino, where)
        owner = self.held.get(key)
        if owner is not None and owner != fd and self._open(owner, key):
            raise PermissionError(13, "Permission denied")
        if mode == self.LK_NBLCK:
            self.held[key] = fd
        elif owner == fd:
            del self.held[key]

    @staticmethod
    def _open(fd: int, key: tuple[int, int, int]) -> bool:
        """A closed handle's lock is gone, as Windows drops it when the handle closes or the process dies."""
        try:
            info = os.fstat(fd)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) == key[:2]


@pytest.fixture
def windows_locks(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(lock, "fcntl", None)
    monkeypatch.setattr(lock, "msvcrt", fake)
    monkeypatch.setattr(lock.sys, "platform", "win32")
    return fake


def test_windows_locks_one_byte_past_the_record_so_the_holder_stays_readable(
    review_file: Path, windows_locks: FakeMsvcrt
) -> None:
    first = acquire(review_file)
    assert first is not None
    assert windows_locks.calls == [(lock.WINDOWS_LOCK_BYTE, 1)]
    with pytest.raises(LockHeld) as info:
        acquire(review_file)
    assert info.value.holder is not None and info.value.holder.this_process, "the record is outside the locked byte"
    second = take_over(review_file)
    assert second is not None and not first.still_held() and second.still_held()
    first.release()
    assert lock_path(review_file).exists(), "the first window does not remove the taker's lock"
    assert second.still_held()
    second.release()
    assert not lock_path(review_file).exists(), "removed after closing (Windows deletes no open file)"
    again = acquire(review_file)
    assert again is not None
    again.release()


@pytest.mark.skipif(sys.platform != "win32", reason="needs Windows: msvcrt.locking and a killed process's handles")
def test_windows_drops_a_killed_holders_lock(review_file: Path) -> None:
    child = _hold_in_child(review_file)
    child.kill()
    child.wait()
    recovered = acquire(review_file)
    assert recovered is not None and recovered.still_held()
    recovered.release()


# -- the window's question ------------------------------------------------------


@pytest.mark.parametrize(
    ("button", "expected"), [("Open read-only", "read-only"), ("Take over", "take over"), ("Cancel", "cancel")]
)
def test_the_prompt_names_the_holder_and_returns_the_choice(
    qtbot, dialogs, review_file: Path, button: str, expected: str
) -> None:
    from wizard.ui.lock_prompt import ask_when_locked

    first = acquire(review_file)
    try:
        with pytest.raises(LockHeld) as info:
            acquire(review_file)
        dialogs.will_click(button)
        assert ask_when_locked(None, review_file, info.value.holder) == expected
    finally:
        first.release()
    (seen,) = dialogs.seen
    assert seen.startswith("lockPrompt: kestrel.json is open for editing in another window of this app")


def test_the_lock_module_imports_no_qt() -> None:
    assert "PySide6" not in lock.__dict__ and not any(name.startswith("PySide6") for name in vars(lock))
    done = subprocess.run(
        [sys.executable, "-c", "import sys, wizard.lock; print('PySide6' in sys.modules)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "False"
