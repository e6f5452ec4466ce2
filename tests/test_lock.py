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
from wizard.lock import LockHeld, acquire, holder, lock_path, take_over

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


def test_a_lock_name_that_is_a_link_or_pipe_gives_no_lock(review_file: Path, tmp_path: Path) -> None:
    """A planted link must not make us write the lock record into someone's file."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"theirs")
    lock_path(review_file).symlink_to(victim)
    assert acquire(review_file) is None
    assert victim.read_bytes() == b"theirs"


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
