"""Case 4 through the commands: `-o` never follows a planted link or replaces a pipe or device; nothing is written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES
from hostile import MINI, assert_one_line, run_cli, session_data, write_session

from wizard.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links, pipes and sticky folders")

SCENARIO = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")  # answers every mini question


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    return folder


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of someone's, elsewhere, that a link planted in the shared folder points at."""
    target = tmp_path / "etc" / "important.conf"
    target.parent.mkdir()
    target.write_bytes(b"do not replace me")
    return target


def one_line(capsys, *expected: str) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in err and "Traceback" not in err, err
    for text in expected:
        assert text in lines[0], f"{text!r} not in {lines[0]!r}"
    return lines[0]


def test_report_onto_a_link_planted_in_a_shared_folder(
    tmp_path: Path, shared: Path, victim: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = write_session(tmp_path / "s.json", session_data())
    planted = shared / "report.pdf"
    planted.symlink_to(victim)
    monkeypatch.setattr("wizard.report.render_pdf", lambda *a, **k: pytest.fail("rendered before refusing the target"))
    assert main([*MINI, "report", str(session), "-o", str(planted)]) == 1
    one_line(capsys, f"{planted}: is a symbolic link in a shared folder")
    assert victim.read_bytes() == b"do not replace me" and planted.is_symlink()
    assert [p.name for p in shared.iterdir()] == ["report.pdf"]


def test_answer_onto_a_link_planted_in_a_shared_folder(tmp_path: Path, shared: Path, victim: Path, capsys) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(SCENARIO)
    planted = shared / "session.json"
    planted.symlink_to(victim)
    assert main([*MINI, "answer", str(scenario), "-o", str(planted)]) == 1
    one_line(capsys, f"{planted}: is a symbolic link in a shared folder")
    assert victim.read_bytes() == b"do not replace me"


@pytest.mark.parametrize("command", ["report", "answer"])
def test_a_pipe_given_as_output_stays_a_pipe(tmp_path: Path, capsys, command: str) -> None:
    pipe = tmp_path / "out"
    os.mkfifo(pipe)
    if command == "report":
        source = write_session(tmp_path / "s.json", session_data())
    else:
        source = tmp_path / "scenario.yaml"
        source.write_text(SCENARIO)
    assert main([*MINI, command, str(source), "-o", str(pipe)]) == 1
    one_line(capsys, f"{pipe}: not a regular file")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", source.name])


def test_a_device_given_as_output_stays_a_device(tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("creating a device node is not allowed here")
    session = write_session(tmp_path / "s.json", session_data())
    done = run_cli(*MINI, "report", str(session), "-o", str(device))
    assert_one_line(done, f"{device}: not a regular file")
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_a_plain_report_into_a_shared_folder_still_works(tmp_path: Path, shared: Path, capsys) -> None:
    session = write_session(tmp_path / "s.json", session_data())
    assert main([*MINI, "report", str(session), "-o", str(shared / "report.pdf")]) == 0
    assert (shared / "report.pdf").read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE((shared / "report.pdf").stat().st_mode) == 0o600
