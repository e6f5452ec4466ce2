"""Bad input files: one line naming the file and the problem, exit 1, and nothing of the user's changed.

The same refusals through the three doors a file comes in by: `report`, the
loading path `open` uses (load_any), and the window's open (a dialog).
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES

from wizard.cli import main
from wizard.pdfsession import load_any
from wizard.review import Review
from wizard.session import MAX_BYTES, SessionError

MINI = ["--flows", str(FIXTURES / "mini")]  # the bundled flows cost seconds to load per command

HUGE = 100 * 1024 * 1024
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def mini_session(mini, target: Path) -> Path:
    """A finished session of the mini flows, autosaved at `target`."""
    review = Review(mini, path=target)
    for value in ("P", "internal", "yes_branch", ["a"], "y"):
        review.answer(value)
    return target


def junk(seed: int, size: int = 4096, head: bytes = b"") -> bytes:
    return head + random.Random(seed).randbytes(size)


def make_dir(folder: Path) -> Path:
    target = folder / "folder.json"
    target.mkdir()
    return target


def make_file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        target = folder / name
        target.write_bytes(data)
        return target

    return make


def make_huge(name: str, head: bytes) -> Callable[[Path], Path]:
    """100 MB without writing 100 MB: a sparse file."""

    def make(folder: Path) -> Path:
        target = folder / name
        with open(target, "wb") as handle:
            handle.write(head)
            handle.truncate(HUGE)
        return target

    return make


def make_fifo(folder: Path) -> Path:
    target = folder / "pipe.json"
    os.mkfifo(target)
    return target


def make_bare_pdf(folder: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    target = folder / "bare.pdf"
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


BAD = {
    "empty": (make_file("empty.json", b""), "the file is empty"),
    "truncated JSON": (make_file("cut.json", b'{"format": "bedrock-wizard-session", "version": 1, "answ'), "not valid JSON"),
    "wrong shape": (make_file("list.json", b"[1, 2, 3]"), "not a session file"),
    "newer format": (make_file("new.json", b'{"format": "bedrock-wizard-session", "version": 99}'), "newer version"),
    "latin-1 text": (make_file("latin1.json", '{"format": "Zürich"}'.encode("latin-1")), "not UTF-8"),
    "PDF without a session": (make_bare_pdf, "carries no wizard session"),
    "folder": (make_dir, "is a folder"),
    "binary junk": (make_file("junk.json", junk(1)), "not a session file (not UTF-8 text)"),
    "utf-8 junk": (make_file("junk.txt", bytes(range(1, 128)) * 8), "not valid JSON"),
    "junk with a PDF header": (make_file("junk.pdf", junk(2, head=b"%PDF-1.7\n")), "not a readable PDF"),
    "PDF header only": (make_file("stub.pdf", b"%PDF-"), "not a readable PDF"),
    "deeply nested JSON": (make_file("deep.json", b"[" * 100_000), "nested too deeply"),
    "a 5000-digit number": (make_file("digits.json", b"9" * 5000), "too many digits"),
    "huge JSON": (
        make_huge("huge.json", b'{"format": "bedrock-wizard-session", "version": 1, "x": "'),
        "too large for a session file",
    ),
    "huge PDF": (make_huge("huge.pdf", b"%PDF-1.7\n"), "too large to be a report"),
}
if hasattr(os, "mkfifo"):
    BAD["named pipe"] = (make_fifo, "not a regular file")


def fingerprint(path: Path) -> tuple:
    """Size, time and (for small files) content: enough to see that nothing touched the file."""
    info = path.lstat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and info.st_size < MAX_BYTES else ""
    return info.st_mode, info.st_size, info.st_mtime_ns, digest


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{err}"
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


@pytest.fixture
def no_full_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail the test if a file is read past its first bytes by the session loader or pypdf."""
    reads: list[str] = []
    real_open = builtins.open

    class Guard:
        def __init__(self, handle) -> None:
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return self.handle.fileno()

        def read(self, size: int = -1) -> bytes:
            if size < 0 or size > 64 * 1024:
                reads.append(self.handle.name)
                raise AssertionError(f"{self.handle.name} read in full ({size})")
            return self.handle.read(size)

    def guarded(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return Guard(handle) if "b" in mode else handle

    import pypdf

    monkeypatch.setattr("wizard.fsio.open", guarded, raising=False)
    monkeypatch.setattr("wizard.fsio.open", guarded, raising=False)
    monkeypatch.setattr(pypdf, "PdfReader", lambda *_a, **_k: reads.append("pypdf") or 1 / 0)
    return reads


@pytest.mark.parametrize("case", list(BAD))
def test_report_refuses_bad_files_and_touches_nothing(tmp_path: Path, capsys, case: str) -> None:
    make, reason = BAD[case]
    bad = make(tmp_path)
    before = fingerprint(bad)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"the user's earlier report")
    code = main([*MINI, "report", str(bad), "-o", str(out)])
    shown = one_line(capsys.readouterr().err)
    assert code == 1
    assert str(bad) in shown and reason in shown, shown
    assert fingerprint(bad) == before, "the bad file is never modified"
    assert out.read_bytes() == b"the user's earlier report", "an existing report is never replaced on error"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([bad.name, out.name]), "no stray files"


@pytest.mark.parametrize("case", list(BAD))
def test_open_path_refuses_bad_files_in_one_line(tmp_path: Path, case: str) -> None:
    make, reason = BAD[case]
    bad = make(tmp_path)
    with pytest.raises(SessionError) as info:
        load_any(bad)
    text = str(info.value)
    assert "\n" not in text and str(bad) in text and reason in text


@pytest.mark.parametrize("case", ["huge JSON", "huge PDF"])
def test_huge_files_are_refused_by_size_before_reading(tmp_path: Path, no_full_reads: list[str], case: str) -> None:
    make, reason = BAD[case]
    bad = make(tmp_path)
    assert bad.stat().st_size == HUGE
    with pytest.raises(SessionError, match=reason):
        load_any(bad)
    assert no_full_reads == []


def test_the_read_guard_catches_a_full_read(tmp_path: Path, no_full_reads: list[str]) -> None:
    """The guard above can fail: a large-but-allowed file is read in full and the guard notices."""
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (1024 * 1024))
    with pytest.raises(AssertionError, match="read in full"):
        load_any(big)


@pytest.fixture
def unreadable(mini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A session without read permission: chmod 000, or (as root, who reads anyway) a simulated EACCES."""
    target = mini_session(mini, tmp_path / "locked.json")
    if not IS_ROOT:
        target.chmod(0)
        yield target
        target.chmod(0o600)
        return
    real_open = builtins.open

    def denied(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("wizard.fsio.open", denied, raising=False)
    monkeypatch.setattr("wizard.fsio.open", denied, raising=False)
    yield target


def test_unreadable_file_is_one_line_and_untouched(unreadable: Path, tmp_path: Path, capsys) -> None:
    before = fingerprint(unreadable) if not IS_ROOT else unreadable.read_bytes()
    with pytest.raises(SessionError, match="permission denied") as info:
        load_any(unreadable)
    assert str(unreadable) in str(info.value)
    capsys.readouterr()
    code = main([*MINI, "report", str(unreadable), "-o", str(tmp_path / "r.pdf")])
    shown = one_line(capsys.readouterr().err)
    assert code == 1 and str(unreadable) in shown and "permission denied" in shown
    assert not (tmp_path / "r.pdf").exists()
    assert (fingerprint(unreadable) if not IS_ROOT else unreadable.read_bytes()) == before


def test_report_onto_its_own_session_file_is_refused(mini, tmp_path: Path, capsys) -> None:
    session = mini_session(mini, tmp_path / "s.json")
    before = session.read_bytes()
    code = main([*MINI, "report", str(session), "-o", str(session)])
    shown = one_line(capsys.readouterr().err)
    assert code == 1 and "is the session file itself" in shown and str(session) in shown
    assert session.read_bytes() == before


def test_report_to_a_folder_is_one_line(mini, tmp_path: Path, capsys) -> None:
    session = mini_session(mini, tmp_path / "s.json")
    folder = tmp_path / "reports"
    folder.mkdir()
    code = main([*MINI, "report", str(session), "-o", str(folder)])
    shown = one_line(capsys.readouterr().err)
    assert code == 1 and "is a folder" in shown and str(folder) in shown
    assert list(folder.iterdir()) == []


GUI_CASES = [
    "empty",
    "newer format",
    "PDF without a session",
    "folder",
    "binary junk",
    "junk with a PDF header",
    "huge JSON",
    "huge PDF",
]


@pytest.mark.parametrize("case", GUI_CASES + ["unreadable"])
def test_window_open_shows_a_dialog_and_keeps_the_file(
    qtbot, flowset, tmp_path: Path, _private_data_dir: Path, monkeypatch, request, case: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from wizard.ui.main_window import MainWindow

    if case == "unreadable":
        bad, reason = request.getfixturevalue("unreadable"), "permission denied"
    else:
        make, reason = BAD[case]
        bad = make(tmp_path)
    before = bad.lstat().st_size, bad.lstat().st_mtime_ns
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _parent, title, text, *a: shown.append((title, text))))
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.Discard)  # "save changes?" on close: no
    window = MainWindow(flowset, _private_data_dir, bad)
    qtbot.addWidget(window)
    assert len(shown) == 1, shown
    title, text = shown[0]
    assert "\n" not in text and str(bad) in text and reason in text
    assert window.review.path != bad and window.review.path.parent == _private_data_dir, "a fresh review, saved elsewhere"
    window.new_review()
    window.question_page.text_input.setText("After a failed open")
    window.go_next()
    assert window.review.path.is_file()
    assert (bad.lstat().st_size, bad.lstat().st_mtime_ns) == before, "the bad file is never written"


def test_a_line_break_in_the_file_name_stays_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "two\nlines.json"
    bad.write_bytes(b"{oops")
    code = main([*MINI, "report", str(bad), "-o", str(tmp_path / "r.pdf")])
    shown = one_line(capsys.readouterr().err)
    assert code == 1 and str(bad).replace("\n", "\\n") in shown and "not valid JSON" in shown


@pytest.mark.parametrize("case", ["junk with a PDF header", "huge PDF", "deeply nested JSON", "folder", "binary junk"])
def test_real_process_prints_exactly_one_line(tmp_path: Path, case: str) -> None:
    """The real command, so anything a library prints on stderr (C level included) would show up here."""
    import subprocess
    import sys

    make, reason = BAD[case]
    bad = make(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "wizard", *MINI, "report", str(bad), "-o", str(tmp_path / "r.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("bedrock-wizard: ")
    assert str(bad) in done.stderr and reason in done.stderr
