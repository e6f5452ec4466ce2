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


def _shared_cache(factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run, shared by the xdist workers (their temp folders' parent)."""
    base = factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "app-cache"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("BEDROCK_WIZARD_DATA", str(data))
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    # The app's cache (the bundled flows' proof and parsed copy, the compiled template) is keyed by the content
    # and the code that made it, so every test of the run shares one: a fresh one costs each child process the
    # whole graph walk (2-3 s). Tests of the cache itself set BEDROCK_WIZARD_CACHE, which wins.
    monkeypatch.setenv("XDG_CACHE_HOME", str(_shared_cache(tmp_path_factory)))
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
