"""The offline install: a wheelhouse from scripts/build-offline.sh installs with no index and
with every file checked against its pinned hash, and the installed copy (not this checkout)
checks its flows and writes a report.

Building the wheelhouse needs the package index (or pip's cache), as CI has; the
install itself runs with `--no-index`, `--require-hashes` and pip's configuration
switched off, so only the wheelhouse, file for file, can satisfy it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from packaging.requirements import Requirement
from pypdf import PdfReader

LOCK = ROOT / "packaging" / "requirements.lock"


def _pins(text: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for each requirement of a hashed requirements file."""
    pins: dict[str, tuple[str, int]] = {}
    for entry in re.split(r"\n(?=[A-Za-z])", text):
        head = entry.split(";")[0].split("\\")[0].strip()
        if "==" in head:
            name, version = head.split("==")
            pins[name.strip().lower().replace("_", "-")] = (version.strip(), entry.count("--hash=sha256:"))
    return pins


def test_the_lock_pins_every_dependency_within_pyproject_with_hashes() -> None:
    """packaging/lock.sh was run after the last change to the dependencies."""
    pins = _pins(LOCK.read_text())
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for line in wanted:
        req = Requirement(line)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in {LOCK.name}: run packaging/lock.sh"
        version, hashes = pins[name]
        assert req.specifier.contains(version, prereleases=True), f"{name}=={version} is outside {req.specifier}"
    assert all(hashes >= 1 for _version, hashes in pins.values()), "every pin carries its files' hashes"


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str], timeout: int = 240) -> str:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    return proc.stdout


@pytest.mark.slow
def test_wheelhouse_installs_offline_and_the_installed_copy_works(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", PIP_DISABLE_PIP_VERSION_CHECK="1")
    wheelhouse = tmp_path / "wheelhouse"
    _run(["bash", ROOT / "scripts" / "build-offline.sh", wheelhouse], ROOT, {**env, "PYTHON": sys.executable})
    app = next(wheelhouse.glob("bedrock_terms_wizard-*.whl"))
    names = zipfile.ZipFile(app).namelist()
    for shipped in (
        "wizard/_data/flows/terms.yaml",
        "wizard/_data/templates/report.html",
        "wizard/_data/resources/fonts/DejaVuSans.ttf",
        "wizard/_data/resources/style.qss",
        "wizard/_data/resources/colours.toml",
    ):
        assert shipped in names, f"{shipped} is missing from {app.name}"
    requirements = wheelhouse / "requirements.txt"
    pins = _pins(requirements.read_text())
    assert pins["bedrock-terms-wizard"][1] == 1 and set(_pins(LOCK.read_text())) < set(pins)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, env)
    offline = {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    offline = {k: v for k, v in offline.items() if k not in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL")}
    install = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-index", "--require-hashes"]

    tampered = tmp_path / "tampered"
    shutil.copytree(wheelhouse, tampered)
    six = next(tampered.glob("six-*.whl"))
    with zipfile.ZipFile(six, "a") as wheel:
        wheel.writestr("six-extra.txt", "changed in transit")
    refused = subprocess.run(
        [str(c) for c in [*install, "--find-links", tampered, "-r", tampered / "requirements.txt"]],
        cwd=tmp_path,
        env=offline,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert refused.returncode != 0 and "DO NOT MATCH THE HASHES" in refused.stderr

    _run([*install, "--find-links", wheelhouse, "-r", requirements], tmp_path, offline)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = _run(
        [
            venv / "bin" / "python",
            "-c",
            "import wizard, wizard.paths as p; print(wizard.__file__); print(p.flows_dir()); print(p.templates_dir())",
        ],
        outside,
        env,
    ).split()
    for path in where:
        assert Path(path).is_relative_to(venv), f"{path} is not from the installed copy"
    tool = venv / "bin" / "bedrock-wizard"
    assert "ok" in _run([tool, "check"], outside, env)
    _run([tool, "answer", EXAMPLES / "customer-chatbot.yaml", "-o", "s.json"], outside, env)
    _run([tool, "report", "s.json", "-o", "out.pdf", "--paper", "a4"], outside, env)
    reader = PdfReader(io.BytesIO((outside / "out.pdf").read_bytes()))
    assert "Helios customer support assistant" in " ".join(reader.pages[0].extract_text().split())
