"""Shared fixtures. Qt runs offscreen; autosaves go to a per-test folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from wizard.flows import FlowSet, load_flows  # noqa: E402
from wizard.paths import flows_dir  # noqa: E402

pytest_plugins = ["gui_support"]  # window fixtures: open_window, dialogs, settings_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("BEDROCK_WIZARD_DATA", str(data))
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    return data


@pytest.fixture(scope="session")
def flowset() -> FlowSet:
    return load_flows(flows_dir())


@pytest.fixture(scope="session")
def mini() -> FlowSet:
    return load_flows(FIXTURES / "mini")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini flows, for tests that break them."""
    target = tmp_path / "flows"
    shutil.copytree(FIXTURES / "mini", target)
    return target
