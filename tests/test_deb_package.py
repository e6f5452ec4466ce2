"""The Debian package: unpacked into a clean folder, its command, menu entry and icon are there, and
the app from it checks, answers, writes a PDF/A report with no network at all, and opens its window
under Xvfb.

Opt-in (building the app takes minutes): BEDROCK_WIZARD_TEST_DEB=1 builds the package with
packaging/build-deb.sh; BEDROCK_WIZARD_TEST_DEB=path/to/package.deb tests one already built
(packaging/build.sh does that after building).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

CHOSEN = os.environ.get("BEDROCK_WIZARD_TEST_DEB", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHOSEN, reason="set BEDROCK_WIZARD_TEST_DEB=1 (or a .deb) to build and test the Debian package"),
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb (Debian or Ubuntu)"),
]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CHOSEN != "1":
        return Path(CHOSEN).resolve()
    out = tmp_path_factory.mktemp("deb")
    subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-deb.sh"), str(out / "dist" / "bedrock-wizard"), str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=1500,
    )
    return next(out.glob("bedrock-wizard_*.deb"))


@pytest.fixture(scope="module")
def unpacked(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("root")
    subprocess.run(["dpkg", "-x", str(package), str(root)], check=True, timeout=300)
    return root


def _field(package: Path, name: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(package), name], capture_output=True, text=True, check=True).stdout


def test_the_package_declares_the_libraries_it_loads_from_the_system(package: Path) -> None:
    depends = _field(package, "Depends")
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libfontconfig1", "libegl1", "libxcb-cursor0"):
        assert library in depends
    assert _field(package, "Package").strip() == "bedrock-wizard"


def test_the_command_menu_entry_and_icon_are_installed(unpacked: Path) -> None:
    command = unpacked / "usr" / "bin" / "bedrock-wizard"
    assert command.is_symlink() and os.access(command.resolve(), os.X_OK)
    assert command.resolve() == unpacked / "opt" / "bedrock-wizard" / "bedrock-wizard"
    entry_file = unpacked / "usr" / "share" / "applications" / "bedrock-wizard.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(entry_file, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == "bedrock-wizard" and desktop["Type"] == "Application"
    assert (unpacked / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{desktop['Icon']}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(entry_file)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (apt-get install xvfb)")
def test_the_installed_app_reports_offline_and_opens_its_window_under_xvfb(unpacked: Path) -> None:
    offline = shutil.which("unshare") is not None and subprocess.run(["unshare", "--net", "true"]).returncode == 0
    command = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1280x800x24",
        sys.executable,
        str(ROOT / "packaging" / "smoke_test.py"),
        str(unpacked / "usr" / "bin" / "bedrock-wizard"),
        "--display",
        *(["--offline"] if offline else []),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "window: ok" in done.stdout
