"""Hostile scenario and flow files (issue 13, cases 3, 5, 10, 15): one line naming the file and line, exit 1.

A 2 KB file of aliases used to take 50 s and 4 GB before an internal error;
deep nesting, huge numbers and `not:` nested thousands deep were internal
errors without a file name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from hostile import MINI, assert_one_line, run_cli

from wizard.cli import main
from wizard.yamlsource import MAX_DEPTH, YamlSyntaxError, load_text

GOOD = (FIXTURES / "mini-scenario.yaml").read_text(encoding="utf-8")  # answers every mini question

BILLION_LAUGHS = "".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    + ["profile:\n  project_name: *a9\n"]
)


def answer(tmp_path: Path, capsys, text: str) -> tuple[int, str, Path]:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "s.json"
    code = main([*MINI, "answer", str(scenario), "-o", str(out)])
    err = capsys.readouterr().err
    assert not out.exists(), "nothing is written"
    assert "internal error" not in err and "Traceback" not in err, err
    return code, err, scenario


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (BILLION_LAUGHS, 2, "aliases (*a0) are not supported"),
        ("profile: &p\n  project_name: Demo\nalpha: *p\n", 3, "aliases (*p) are not supported"),
        ("profile:\n  project_name: " + "[" * 5000 + "]" * 5000 + "\n", 2, f"nested more than {MAX_DEPTH} levels deep"),
        ("".join("  " * i + f"k{i}:\n" for i in range(1000)), MAX_DEPTH + 1, "nested more than"),
        ("profile:\n  project_name: " + "9" * 5000 + "\n", 2, "a number with more than 100 digits"),
        ('profile:\n  project_name: "\\ud800"\n', 2, "contains an invalid character (U+D800)"),
        ('profile:\n  project_name: "Demo\\x07"\n', 2, "contains a control character (U+0007)"),
        ('profile:\n  project_name: "Demo\\u0085"\n', 2, "contains a control character (U+0085)"),
        ('notes:\n  alpha:\n    first: "a\\x1b[31m red"\n' + GOOD, 3, "contains a control character (U+001B)"),
    ],
)
def test_hostile_scenarios_are_one_line(tmp_path: Path, capsys, text: str, line: int, expected: str) -> None:
    code, err, scenario = answer(tmp_path, capsys, text)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith(f"bedrock-wizard: {scenario}:{line}: ") and expected in err, err


def test_the_alias_bomb_in_a_real_process_under_the_memory_cap(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(BILLION_LAUGHS)
    assert scenario.stat().st_size < 2048
    done = run_cli(*MINI, "answer", str(scenario), "-o", str(tmp_path / "s.json"))
    assert_one_line(done, f"{scenario}:2:", "aliases")
    assert not (tmp_path / "s.json").exists()


def test_anchors_without_aliases_and_ordinary_text_still_load() -> None:
    assert load_text("a: &x 1\nb: 'tab\tand ✓ e\u0301'\nc: 12345678901234567890\n", "f.yaml") == {
        "a": 1,
        "b": "tab\tand ✓ e\u0301",
        "c": 12345678901234567890,
    }


@pytest.mark.parametrize("loader_fails", [False, True])
def test_the_pure_python_parser_applies_the_same_limits(monkeypatch, loader_fails: bool) -> None:
    """The fast parser falls back to the pure-Python one on any error; that path is guarded the same way."""
    import yaml

    from wizard import yamlsource

    if loader_fails:

        class Broken(yaml.SafeLoader):
            def __init__(self, stream) -> None:
                raise yaml.YAMLError("simulated libyaml failure")

        monkeypatch.setattr(yamlsource, "_FastLoader", Broken)
    for text, expected in (
        (BILLION_LAUGHS, "aliases"),
        ("a: " + "[" * 3000 + "]" * 3000, "nested more than"),
        ("a: " + "9" * 5000, "more than 100 digits"),
    ):
        with pytest.raises(YamlSyntaxError, match=expected):
            load_text(text, "f.yaml")


# -- flows: `check` ----------------------------------------------------------------


def check(flows: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(flows)])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    return code, err.strip().splitlines()


def nested_not(depth: int) -> str:
    return "{not: " * depth + "{answer: third, is: y}" + "}" * depth


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (3000, f"nested more than {MAX_DEPTH} levels deep"),
        (13, "conditions nested more than 12 deep"),
    ],
)
def test_deeply_nested_conditions_are_named_problems(mini_copy: Path, capsys, depth: int, expected: str) -> None:
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("when: {answer: third, is: y}", f"when: {nested_not(depth)}"))
    code, lines = check(mini_copy, capsys)
    assert code == 1 and any(line.startswith(f"{alpha}:") and expected in line for line in lines), lines


def test_twelve_nested_conditions_are_still_fine(mini_copy: Path, capsys) -> None:
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("when: {answer: third, is: y}", f"when: {nested_not(11)}"))
    from wizard.flows import read_flows
    from wizard.graph import check_graph

    flowset, problems = read_flows(mini_copy)  # schema and graph rules (the nesting makes a choice dead, no more)
    assert flowset is not None and not problems and not check_graph(flowset), problems


def test_an_alias_bomb_in_a_flow_is_a_named_problem(mini_copy: Path, capsys) -> None:
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(BILLION_LAUGHS.replace("profile:\n  project_name: *a9\n", "") + alpha.read_text())
    code, lines = check(mini_copy, capsys)
    assert code == 1 and any(line.startswith(f"{alpha}:2: ") and "aliases" in line for line in lines), lines


def test_a_line_break_in_a_flow_file_name_keeps_each_problem_on_one_line(mini_copy: Path, capsys) -> None:
    """Case 15, last part: `check`'s message was split over lines by the file name."""
    broken = mini_copy / "bad\nname.yaml"
    broken.write_text("id: [unclosed\n")
    code, lines = check(mini_copy, capsys)
    assert code == 1
    assert any(line.startswith(f"{mini_copy}/bad\\nname.yaml:") for line in lines), lines
    assert all(line.startswith((str(mini_copy), "1 problem", "2 problem")) for line in lines), lines
