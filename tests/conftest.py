"""Shared fixtures. Qt runs offscreen; autosaves go to a per-test folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No report is rendered ahead in the background unless a test asks (tests/test_gui_prerender.py): a
# window closed by a test must not wait for WeasyPrint, and the suite keeps its CPU.
os.environ.setdefault("BEDROCK_WIZARD_PRERENDER", "0")

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
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))  # proofs of the bundled flows (wizard/proven.py)
    if "PySide6.QtCore" in sys.modules:  # a window's default QSettings: this test's own, not the last one's
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
            QSettings.setPath(fmt, QSettings.UserScope, str(home / ".config"))
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
