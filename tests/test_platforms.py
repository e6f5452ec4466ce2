"""Each platform's own way to open a file and show it in its folder, run here with the platform faked.

Only the branch choice and the exact command are faked: the programs
themselves (Explorer, Finder, xdg-open) run only on their own platform, in
that platform's CI job.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wizard.ui import desktop


class Ran:
    """subprocess.run and Popen, recorded; `code` is the exit code the program gives."""

    def __init__(self, code: int = 0, stdout: str = "") -> None:
        self.code, self.stdout, self.commands = code, stdout, []

    def run(self, command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        return subprocess.CompletedProcess(command, self.code, self.stdout, "")

    def popen(self, command: list[str], **kwargs: object) -> object:
        self.commands.append(command)
        return object()


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> Ran:
    ran = Ran()
    monkeypatch.setattr(desktop.subprocess, "run", ran.run)
    monkeypatch.setattr(desktop.subprocess, "Popen", ran.popen)
    monkeypatch.setattr(desktop.QDesktopServices, "openUrl", lambda url: pytest.fail(f"Qt asked to open {url}"))
    return ran


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "Kestrel report.pdf"
    path.write_bytes(b"%PDF-1.7")
    return path


def test_windows_opens_with_the_associated_program(monkeypatch: pytest.MonkeyPatch, ran: Ran, pdf: Path) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    started: list[Path] = []
    monkeypatch.setattr(desktop.os, "startfile", started.append, raising=False)
    assert desktop.open_path(pdf) and started == [pdf] and ran.commands == []

    def no_association(path: object) -> None:
        raise OSError(22, "No application is associated with the specified file for this operation")

    monkeypatch.setattr(desktop.os, "startfile", no_association, raising=False)
    assert not desktop.open_path(pdf), "no program for PDFs: the window says so and offers Show in folder"


def test_windows_shows_the_file_selected_in_explorer(monkeypatch: pytest.MonkeyPatch, ran: Ran, pdf: Path) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert desktop.show_in_folder(pdf)
    assert ran.commands == [["explorer", f"/select,{pdf}"]], "one argument: Explorer parses the path after the comma"


@pytest.mark.parametrize(("code", "shown"), [(0, True), (1, False)])
def test_macos_opens_and_reveals_through_launch_services(
    monkeypatch: pytest.MonkeyPatch, ran: Ran, pdf: Path, code: int, shown: bool
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    ran.code = code
    assert desktop.open_path(pdf) is shown
    assert ran.commands == [["open", str(pdf)]]
    ran.commands.clear()
    if shown:
        assert desktop.show_in_folder(pdf)
        assert ran.commands == [["open", "-R", str(pdf)]], "Finder selects the file"


def test_linux_asks_xdg_mime_before_trusting_xdg_open(monkeypatch: pytest.MonkeyPatch, ran: Ran, pdf: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    opened: list[str] = []
    monkeypatch.setattr(desktop.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(desktop.shutil, "which", lambda name: f"/usr/bin/{name}")
    ran.stdout = "org.gnome.Evince.desktop\n"
    assert desktop.open_path(pdf) and opened == [str(pdf)]
    assert ran.commands == [["xdg-mime", "query", "default", "application/pdf"]]
    ran.stdout = ""
    assert not desktop.open_path(pdf), "xdg-open started, but nothing takes PDFs"


def test_linux_shows_in_folder_through_the_file_manager_or_opens_the_folder(
    monkeypatch: pytest.MonkeyPatch, ran: Ran, pdf: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    asked: list[Path] = []
    monkeypatch.setattr(desktop, "_file_manager_show_items", lambda path: asked.append(path) or True)
    assert desktop.show_in_folder(pdf) and asked == [pdf] and ran.commands == []
    monkeypatch.setattr(desktop, "_file_manager_show_items", lambda path: False)
    opened: list[str] = []
    monkeypatch.setattr(desktop.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(desktop.shutil, "which", lambda name: f"/usr/bin/{name}")
    ran.stdout = "org.gnome.Nautilus.desktop\n"
    assert desktop.show_in_folder(pdf) and opened == [str(pdf.parent)]
    assert ran.commands == [["xdg-mime", "query", "default", "inode/directory"]]
    ran.stdout = ""  # seen under Xvfb: xdg-open starts, finds no file manager, and fails unseen
    assert not desktop.show_in_folder(pdf), "no file manager: the window says where the file is instead"


# -- a frozen app finds its own Pango (wizard.nativelibs) ----------------------


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PyInstaller-like bundle: sys.frozen, sys._MEIPASS, the libraries and fonts.conf inside."""
    bundle = tmp_path / "_internal"
    (bundle / "fontconfig").mkdir(parents=True)
    (bundle / "fontconfig" / "fonts.conf").write_text("<fontconfig/>")
    for name in ("libpango-1.0-0.dll", "libpango-1.0.0.dylib", "libharfbuzz.0.dylib"):
        (bundle / name).write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "WEASYPRINT_DLL_DIRECTORIES"):
        monkeypatch.setenv(name, "")  # recorded, so what the code sets is undone after the test
        monkeypatch.delenv(name)
    return bundle


def test_a_frozen_windows_app_looks_only_in_its_bundle(monkeypatch: pytest.MonkeyPatch, frozen: Path) -> None:
    import os

    from wizard import nativelibs

    monkeypatch.setattr(sys, "platform", "win32")
    added: list[str] = []
    monkeypatch.setattr(os, "add_dll_directory", lambda path: added.append(path) or path, raising=False)
    monkeypatch.setattr(nativelibs, "_dll_directories", [])
    find = nativelibs.use_bundled_libraries()
    assert find is not None and added == [str(frozen)]
    assert os.environ["WEASYPRINT_DLL_DIRECTORIES"] == str(frozen)
    assert os.environ["FONTCONFIG_FILE"] == str(frozen / "fontconfig" / "fonts.conf")
    assert find("libpango-1.0-0") == str(frozen / "libpango-1.0-0.dll")
    assert find("libgobject-2.0-0") is None, "never a copy from PATH"


def test_a_frozen_macos_app_resolves_homebrew_names_to_its_bundle(monkeypatch: pytest.MonkeyPatch, frozen: Path) -> None:
    import os

    from wizard import nativelibs

    monkeypatch.setattr(sys, "platform", "darwin")
    find = nativelibs.use_bundled_libraries()
    assert find is not None and os.environ["FONTCONFIG_PATH"] == str(frozen / "fontconfig")
    assert find("libpango-1.0.dylib") == str(frozen / "libpango-1.0.0.dylib"), "the versioned file behind the name"
    assert find("libharfbuzz.0.dylib") == str(frozen / "libharfbuzz.0.dylib")
    assert find("libfontconfig.1.dylib") is None


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_nothing_changes_outside_a_frozen_app_or_on_linux(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str) -> None:
    import os

    from wizard import nativelibs

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("FONTCONFIG_FILE", "")
    monkeypatch.delenv("FONTCONFIG_FILE")
    if platform == "linux":  # frozen on Linux: the .deb's Pango is Debian's own, found by its soname
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    else:
        monkeypatch.delattr(sys, "frozen", raising=False)
    assert nativelibs.use_bundled_libraries() is None and "FONTCONFIG_FILE" not in os.environ


def test_a_frozen_app_opens_bundled_files_by_full_path_and_nothing_else(frozen: Path) -> None:
    from wizard.nativelibs import _in_bundle, bundle_only

    opened: list[tuple[str, int]] = []
    dlopen = bundle_only(lambda ffi, name, flags=0: opened.append((name, flags)) or name, lambda n: _in_bundle(frozen, n))
    assert dlopen(None, "libpango-1.0.dylib", 2) == str(frozen / "libpango-1.0.0.dylib")
    assert dlopen(None, "libpango-1.0-0", 0x1000) == str(frozen / "libpango-1.0-0.dll")
    with pytest.raises(OSError, match="libgobject-2.0-0: not in the app's bundle"):
        dlopen(None, "libgobject-2.0-0", 0)  # WeasyPrint then tries its next name; a system copy is never loaded
    assert opened == [(str(frozen / "libpango-1.0.0.dylib"), 2), (str(frozen / "libpango-1.0-0.dll"), 0x1000)]
