"""The bundled flows' graph walk runs until it has passed once; a proof can save time, never admit a broken flow."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import wizard.graph
from wizard import proven
from wizard.cli import main
from wizard.flows import FlowError, load_flows, read_flows
from wizard.paths import flows_dir


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BEDROCK_WIZARD_CACHE", str(folder))
    return folder


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts graph walks, passing each to the real checker."""
    seen: list[str] = []
    real = wizard.graph.check_graph

    def counting(flowset):  # noqa: ANN001, ANN202
        seen.append(flowset.digest)
        return real(flowset)

    monkeypatch.setattr(wizard.graph, "check_graph", counting)
    return seen


def _unreachable_outcome(folder: Path) -> Path:
    """A copy of the mini flows that passes the schema but not the graph walk (an outcome no path reaches)."""
    alpha = folder / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    marker = "outcomes:\n"
    assert marker in text
    alpha.write_text(
        text.replace(
            marker,
            marker
            + "  - id: never_fires\n    kind: risk\n    severity: low\n    title: Never.\n    why: Never.\n"
            + "    reduce: Nothing.\n    cite:\n      says: The alpha clause.\n"
            + "    when: {all: [{answer: first, is: yes_branch}, {answer: first, is: no_branch}]}\n",
            1,
        ),
        encoding="utf-8",
    )
    return folder


def test_the_bundled_flows_are_walked_once_then_trusted_by_their_proof(cache: Path, walks: list[str]) -> None:
    first = proven.load_bundled(flows_dir())
    assert walks == [first.digest]
    assert proven.is_proven(first) and proven.proof_path(first).parent == cache
    second = proven.load_bundled(flows_dir())
    assert walks == [first.digest], "the second start walked the flows again"
    assert second.digest == first.digest
    if os.name == "posix":
        assert proven.proof_path(first).stat().st_mode & 0o077 == 0


def test_a_proof_for_other_flows_or_another_checker_is_not_trusted(cache: Path, walks: list[str]) -> None:
    flowset = proven.load_bundled(flows_dir())
    path = proven.proof_path(flowset)
    path.write_text(f"{flowset.digest} {'0' * 64}\n", encoding="ascii")  # another checker proved them
    proven.load_bundled(flows_dir())
    assert len(walks) == 2
    path.write_bytes(b"\xff" * 10)
    proven.load_bundled(flows_dir())
    assert len(walks) == 3
    path.unlink()
    path.symlink_to(cache / "elsewhere")
    (cache / "elsewhere").write_text(proven._proof_text(flowset), encoding="ascii")
    assert not proven.is_proven(flowset), "a proof reached through a link is not ours"


def test_flows_that_fail_the_walk_raise_and_leave_no_proof(cache: Path, mini_copy: Path) -> None:
    broken = _unreachable_outcome(mini_copy)
    flowset, problems = read_flows(broken)
    assert flowset is not None and not problems
    with pytest.raises(FlowError):
        proven.load_bundled(broken)
    assert not proven.proof_path(flowset).exists()


def test_flows_given_with_flows_are_walked_every_time_even_with_a_proof(
    cache: Path, mini_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = _unreachable_outcome(mini_copy)
    flowset, _ = read_flows(broken)
    assert flowset is not None
    cache.mkdir(parents=True)
    proven.proof_path(flowset).write_text(proven._proof_text(flowset), encoding="ascii")  # a planted proof
    with pytest.raises(FlowError):
        load_flows(broken)
    scenario = tmp_path / "s.yaml"
    shutil.copy(Path(__file__).parent / "fixtures" / "mini-scenario.yaml", scenario)
    assert main(["--flows", str(broken), "answer", str(scenario), "-o", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err
    assert "never_fires" in err and "Traceback" not in err


def test_an_unwritable_cache_costs_time_not_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walks) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BEDROCK_WIZARD_CACHE", str(blocker / "cache"))
    proven.load_bundled(flows_dir())
    proven.load_bundled(flows_dir())
    assert len(walks) == 2


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Counts YAML parses of a flows folder by load_bundled, passing each to the real reader."""
    seen: list[Path] = []
    real = proven.read_flows

    def counting(directory: Path):  # noqa: ANN202
        seen.append(directory)
        return real(directory)

    monkeypatch.setattr(proven, "read_flows", counting)
    return seen


def test_the_bundled_flows_are_parsed_once_then_read_from_their_parsed_copy(cache: Path, parses: list[Path]) -> None:
    first = proven.load_bundled(flows_dir())
    assert parses == [flows_dir()] and proven.parsed_path(first.digest).parent == cache
    second = proven.load_bundled(flows_dir())
    assert parses == [flows_dir()], "the second start parsed the YAML again"
    fresh, _ = read_flows(flows_dir())
    assert second == fresh and second.digest == fresh.digest and second.directory == fresh.directory
    assert [f.id for f in second.flows] == [f.id for f in fresh.flows] and second.flow("profile") == fresh.flow("profile")
    if os.name == "posix":
        assert proven.parsed_path(first.digest).stat().st_mode & 0o077 == 0


def test_a_changed_flow_file_is_parsed_again_never_taken_from_the_copy(cache: Path, mini_copy: Path, parses) -> None:
    before = proven.load_bundled(mini_copy)
    proven.load_bundled(mini_copy)
    assert len(parses) == 1
    alpha = mini_copy / "alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    alpha.write_text(text.replace("The alpha clause protects you.", "The changed clause protects you.", 1), encoding="utf-8")
    after = proven.load_bundled(mini_copy)
    assert len(parses) == 2 and after.digest != before.digest
    assert "The changed clause protects" in repr(after.flow("alpha")) and "alpha clause protects" not in repr(after.flow("alpha"))


def test_a_damaged_foreign_or_misplaced_copy_is_parsed_again(cache: Path, mini_copy: Path, parses, tmp_path: Path) -> None:
    import pickle

    flowset = proven.load_bundled(mini_copy)
    path = proven.parsed_path(flowset.digest)
    header = proven._parsed_header(flowset.digest, mini_copy)
    assert path.read_bytes().startswith(header)
    ran = tmp_path / "ran"

    class Planted:
        def __reduce__(self):  # noqa: ANN204 - unpickling this would run a command
            return (os.system, (f"touch {ran}",))

    for planted in (
        header + b"\x80\x05garbage",  # damaged
        header + pickle.dumps(Planted()),  # another class than the flows' own
        header.replace(flowset.digest.encode(), b"0" * 64) + pickle.dumps(flowset),  # another digest's header
        proven._parsed_header(flowset.digest, tmp_path) + pickle.dumps(flowset),  # parsed from another folder
    ):
        path.write_bytes(planted)
        count = len(parses)
        again = proven.load_bundled(mini_copy)
        assert len(parses) == count + 1 and again == flowset
    assert not ran.exists(), "the planted copy ran a command"


def test_flows_given_with_flows_never_read_a_parsed_copy(cache: Path, mini_copy: Path) -> None:
    import pickle

    flowset = proven.load_bundled(mini_copy)
    other = proven.load_bundled(flows_dir())  # a valid copy of other flows, planted under the mini flows' name
    proven.parsed_path(flowset.digest).write_bytes(proven._parsed_header(flowset.digest, mini_copy) + pickle.dumps(other))
    assert load_flows(mini_copy) == flowset
    assert proven.load_bundled(mini_copy) == flowset, "a copy holding other flows is not these flows"


def test_a_frozen_build_proves_its_flows_once_for_every_user(
    cache: Path, walks: list[str], mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build writes the proof beside the flows; the frozen app's first start trusts it and walks nothing."""
    (mini_copy / proven.SHIPPED_PROOF).write_bytes(proven.shipped_proof_text(mini_copy).encode("ascii"))
    assert len(walks) == 1, "the build walks the flows"
    monkeypatch.setattr(proven.sys, "frozen", True, raising=False)
    flowset = proven.load_bundled(mini_copy)
    assert len(walks) == 1 and proven.is_proven(flowset)
    assert not proven.proof_path(flowset).exists(), "nothing proven again in the user's cache"


def test_a_shipped_proof_is_not_trusted_by_a_checkout_nor_for_other_flows(
    cache: Path, walks: list[str], mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (mini_copy / proven.SHIPPED_PROOF).write_bytes(proven.shipped_proof_text(mini_copy).encode("ascii"))
    proven.load_bundled(mini_copy)  # not frozen: the checker is named by its code, which the build's proof does not name
    assert len(walks) == 2
    monkeypatch.setattr(proven.sys, "frozen", True, raising=False)
    alpha = mini_copy / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("First question?", "The first question?"), encoding="utf-8")
    proven.load_bundled(mini_copy)  # the flows changed since the build proved them
    assert len(walks) == 3


def test_a_build_never_ships_a_proof_for_flows_that_fail_the_walk(mini_copy: Path) -> None:
    with pytest.raises(FlowError):
        proven.shipped_proof_text(_unreachable_outcome(mini_copy))
