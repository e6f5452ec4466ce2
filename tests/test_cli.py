"""The command-line contract: exit codes and one-line errors, headless answer and report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES

from wizard.cli import main

MINI = str(FIXTURES / "mini")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{err}"
    assert "Traceback" not in err
    return lines[0]


def scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    return path


GOOD = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")  # answers every mini question


def test_answer_then_report(tmp_path: Path, capsys) -> None:
    session = tmp_path / "s.json"
    code, out, _ = run(["--flows", MINI, "answer", str(scenario(tmp_path, GOOD)), "-o", str(session)], capsys)
    assert code == 0 and session.is_file()
    pdf = tmp_path / "r.pdf"
    code, out, err = run(["--flows", MINI, "report", str(session), "-o", str(pdf)], capsys)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (GOOD.replace("first: yes_branch", "frist: yes_branch"), "flow 'alpha' has no question 'frist'", 5),
        (GOOD.replace("third: y", "third: z"), "'z' is not a choice of question 'third'", 7),
        (GOOD.replace("second: [a]", "second: [a, none]"), "'none' cannot be combined", 6),
        (GOOD.replace("alpha:", "omega:"), "unknown flow 'omega'", 4),
        (GOOD.replace("  third: y\n", ""), "no answer for question 'alpha.third'", 4),
        (
            GOOD.replace("first: yes_branch\n  second: [a]", "first: no_branch\n  second: [a]"),
            "question 'alpha.second' is not asked on this path",
            6,
        ),
        ("profile: [oops", "invalid YAML", None),
    ],
)
def test_answer_errors_are_one_line_with_file_and_line(tmp_path: Path, capsys, text, message, line) -> None:
    path = scenario(tmp_path, text)
    out_file = tmp_path / "s.json"
    code, _, err = run(["--flows", MINI, "answer", str(path), "-o", str(out_file)], capsys)
    assert code == 1
    shown = one_line(err)
    assert message in shown and str(path) in shown
    if line is not None:
        assert f"{path}:{line}:" in shown
    assert not out_file.exists(), "nothing is written on error"


def test_missing_files_are_one_line(tmp_path: Path, capsys) -> None:
    code, _, err = run(["answer", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1 and "no such file" in one_line(err)
    code, _, err = run(["report", str(tmp_path / "nope.json"), "-o", str(tmp_path / "r.pdf")], capsys)
    assert code == 1 and "no such file" in one_line(err)


def test_report_into_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    session = tmp_path / "s.json"
    assert main(["--flows", MINI, "answer", str(scenario(tmp_path, GOOD)), "-o", str(session)]) == 0
    capsys.readouterr()
    code, _, err = run(["--flows", MINI, "report", str(session), "-o", str(tmp_path / "no" / "r.pdf")], capsys)
    assert code == 1 and "does not exist" in one_line(err)


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["report"])
    assert info.value.code == 2


def test_console_entry_point_runs(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "wizard", "check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")


def test_the_program_leaves_no_temporary_font_folder(tmp_path: Path, capsys) -> None:
    """`bedrock-wizard report` leaves its garbage to the exit (wizard/gcpause.py), so the report removes
    WeasyPrint's font folder itself; in-process too, with the collector off."""
    import gc
    import os

    session, temp = tmp_path / "s.json", tmp_path / "temp"
    temp.mkdir()
    assert run(["--flows", MINI, "answer", str(scenario(tmp_path, GOOD)), "-o", str(session)], capsys)[0] == 0
    env = {**os.environ, "TMPDIR": str(temp)}
    args = ["--flows", MINI, "report", str(session), "-o", str(tmp_path / "r.pdf")]
    done = subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF") and list(temp.iterdir()) == []
    import tempfile

    gc.disable()
    try:
        tempfile.tempdir, before = str(temp), tempfile.tempdir
        assert run([*args[:-1], str(tmp_path / "r2.pdf")], capsys)[0] == 0
        assert list(temp.iterdir()) == []
    finally:
        tempfile.tempdir = before
        gc.enable()


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_examples_play_to_completion(tmp_path: Path, capsys, name: str) -> None:
    code, _, err = run(["answer", str(EXAMPLES / f"{name}.yaml"), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 0, err


def test_huge_or_odd_yaml_files_are_refused_before_reading(tmp_path: Path, capsys, mini_copy: Path, monkeypatch) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: cheap on disk
    real_read = Path.read_text
    monkeypatch.setattr(
        Path, "read_text", lambda self, *a, **k: pytest.fail(f"read {self}") if self == huge else real_read(self, *a, **k)
    )
    code, _, err = run(["--flows", MINI, "answer", str(huge), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1 and f"{huge}:1: too large" in one_line(err)
    code, _, err = run(["--flows", MINI, "answer", str(tmp_path), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1 and f"{tmp_path}: not a file" in one_line(err)
    monkeypatch.undo()
    flow_file = sorted(p for p in mini_copy.glob("*.yaml") if p.name != "terms.yaml")[0]
    with open(flow_file, "ab") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, out, err = run(["check", str(mini_copy)], capsys)
    assert code == 1 and f"{flow_file}:1: too large" in out + err


def test_answer_refuses_to_overwrite_its_own_scenario(tmp_path: Path, capsys) -> None:
    scen = tmp_path / "x.yaml"
    scen.write_bytes((EXAMPLES / "internal-code-assistant.yaml").read_bytes())
    before = scen.read_bytes()
    code, _, err = run(["answer", str(scen), "-o", str(scen)], capsys)
    assert code == 1 and "is the scenario file itself" in one_line(err)
    assert scen.read_bytes() == before, "the scenario is untouched"


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ("notes:\n  nowhere: {first: hi}\n", ":6: unknown flow 'nowhere'"),
        ("notes:\n  alpha: {missing_q: hi}\n", ":6: flow 'alpha' has no question 'missing_q'"),
        ("notes:\n  alpha: {first: [not, text]}\n", ":6: the note for 'alpha.first' must be text"),
        ("notes:\n  alpha: {second: not asked here}\n", ":6: question 'alpha.second' is not asked on this path; remove the note"),
    ],
)
def test_scenario_notes_are_checked_like_answers(tmp_path: Path, capsys, notes: str, message: str) -> None:
    scen = scenario(
        tmp_path, "profile: {project_name: P, audience: internal}\nalpha: {first: no_branch, third: x}\n" + "\n\n" + notes
    )
    code, _, err = run(["--flows", MINI, "answer", str(scen), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1
    line = one_line(err)
    assert message in line and str(scen) in line, line


def test_list_prints_the_reviews_of_a_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(folder / "a.json")]) == 0
    capsys.readouterr()
    code, out, err = run(["list", str(folder)], capsys)
    assert code == 0 and err == ""
    assert "finished" in out and str(folder / "a.json") in out
    code, _, err = run(["list", str(tmp_path / "missing")], capsys)
    assert code == 1 and "not a folder" in one_line(err)


def test_check_reports_dead_choices_with_their_line(capsys) -> None:
    folder = FIXTURES / "dead_choice"
    code, _, err = run(["check", str(folder)], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert f"{folder / 'alpha.yaml'}:23: choice 'logs' of question 'channels' is dead" in err
    assert lines[-1] == f"{len(lines) - 1} problem(s) in {folder}"


def test_a_scenario_note_that_cannot_be_saved_names_its_line(tmp_path: Path, capsys) -> None:
    scen = scenario(
        tmp_path,
        "profile: {project_name: P, audience: internal}\nalpha: {first: no_branch, third: x}\n"
        'notes:\n  alpha: {first: "bell \\a here"}\n',
    )
    code, _, err = run(["--flows", MINI, "answer", str(scen), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1 and f"{scen}:4: the text contains a control character (U+0007)" in one_line(err)
    scen = scenario(
        tmp_path,
        "profile: {project_name: P, audience: internal}\nalpha: {first: no_branch, third: x}\n"
        f"notes:\n  alpha:\n    first: {'n' * 2001}\n",
    )
    code, _, err = run(["--flows", MINI, "answer", str(scen), "-o", str(tmp_path / "s.json")], capsys)
    assert code == 1 and f"{scen}:5: the note for 'alpha.first' cannot be saved: longer than 2,000 characters" in one_line(err)
    assert not (tmp_path / "s.json").exists()


def test_the_window_without_a_display_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = run([], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1 and err.startswith("bedrock-wizard: no display")
    code, _, err = run(["open", "whatever.json"], capsys)
    assert code == 1 and "no display" in err


def test_export_to_standard_output(tmp_path: Path, capsysbinary) -> None:
    import json

    session = tmp_path / "s.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    capsysbinary.readouterr()
    assert main(["export", str(session), "--format", "json", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert json.loads(out.decode("utf-8")) and not (tmp_path / "-").exists()
