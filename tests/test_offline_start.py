"""The README's run command after the first install: no network, no reinstall.

`scripts/run.sh` keeps a stamp with the hash of pyproject.toml in .venv and runs pip
only when the hash changed; then it reinstalls without build isolation, with the
build backend already in .venv, so even that needs no package index.
"""

from __future__ import annotations

import hashlib
import os
import subprocess

import pytest
from conftest import ROOT

from wizard import __version__

VENV = ROOT / ".venv"
STAMP = VENV / ".bedrock-wizard-installed"

pytestmark = pytest.mark.skipif(
    not (VENV / "bin" / "bedrock-wizard").is_file(), reason="needs the checkout's own .venv, as scripts/test.sh makes it"
)


def _offline_env() -> dict[str, str]:
    """No index anywhere: pip's configuration off, the index a closed port, no local wheel folders."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_INDEX_URL="http://127.0.0.1:9/simple",
        PIP_NO_CACHE_DIR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def _run_version() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "run.sh"), "--version"],
        cwd="/",
        env=_offline_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _installed_files() -> dict[str, float]:
    """What a reinstall rewrites: the app's dist-info and the editable hook, with their times."""
    site = next((VENV / "lib").glob("python3*/site-packages"))
    found = [*site.glob("bedrock_terms_wizard-*.dist-info/*"), *site.glob("_bedrock_terms_wizard*.pth")]
    return {str(p): p.stat().st_mtime_ns for p in found}


def test_run_sh_starts_offline_and_reinstalls_only_after_pyproject_changed() -> None:
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    kept = {p: p.read_text() for p in VENV.glob(".bedrock-wizard-installed*")}  # with or without test extras
    try:
        # As if pyproject.toml had changed since every install: the update must work offline.
        for stamp in kept:
            stamp.write_text("0" * 64 + "\n")
        changed = _run_version()
        assert changed.returncode == 0, changed.stderr[-3000:]
        assert changed.stdout.strip() == f"bedrock-wizard {__version__}"
        assert "Updating the install" in changed.stderr, "a changed pyproject.toml reinstalls"
        assert STAMP.read_text().strip() == want

        before = _installed_files()
        assert before, "the editable install left its files in site-packages"
        again = _run_version()
        assert again.returncode == 0, again.stderr[-3000:]
        assert again.stdout.strip() == f"bedrock-wizard {__version__}"
        assert "Installing" not in again.stderr and "Updating" not in again.stderr, again.stderr
        assert _installed_files() == before, "an unchanged pyproject.toml leaves the install alone"
    finally:
        for stamp, text in kept.items():
            stamp.write_text(text)
