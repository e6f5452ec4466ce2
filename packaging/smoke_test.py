"""Smoke-test a built app from outside the checkout: the commands, the report as PDF/A, the window.

Usage: python packaging/smoke_test.py APP [--gui GUI_APP] [--display] [--offline]
  APP        the frozen executable (dist/bedrock-wizard/bedrock-wizard[.exe]) or an installed command
  --gui      the windowed program to start for the window check (Windows, macOS), default APP
  --display  start the window on the display in $DISPLAY (Xvfb) instead of offscreen, and look for it there
  --offline  run the commands in a network namespace with no network at all (Linux, as root: unshare -n)
Run by CI on every platform after the PyInstaller build, and by tests/test_deb_package.py. Exit 0 when all
checks pass, else 1 with the first failure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "examples" / "customer-chatbot.yaml"
PROJECT = "Helios customer support assistant"
WINDOW_SECONDS = 8


class SmokeFailure(Exception):
    pass


def run(app: list[str], args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([*app, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SmokeFailure(f"{' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def check_report(pdf: Path) -> None:
    """PDF/A-3b identification, every font embedded, the session attached, the project on the cover."""
    reader = PdfReader(str(pdf))
    xmp = reader.xmp_metadata
    if xmp is None or xmp.pdfaid_part != "3" or xmp.pdfaid_conformance != "B":
        raise SmokeFailure(f"{pdf}: not identified as PDF/A-3b")
    if "bedrock-wizard-session.json" not in reader.attachments:
        raise SmokeFailure(f"{pdf}: the session is not attached")
    if PROJECT not in " ".join(reader.pages[0].extract_text().split()):
        raise SmokeFailure(f"{pdf}: the cover does not name the project")
    for number, page in enumerate(reader.pages, 1):
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            if not any(k in described["/FontDescriptor"].get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                raise SmokeFailure(f"{pdf}: page {number}: font {font['/BaseFont']} is not embedded")


def check_window(app: list[str], cwd: Path, env: dict[str, str], display: bool) -> None:
    """The window starts and stays up; on a real display it is also there by its title."""
    if not display:
        env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    window = subprocess.Popen(app, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = not display or shutil.which("xwininfo") is None
        for _ in range(WINDOW_SECONDS * 4):
            time.sleep(0.25)
            if window.poll() is not None:
                raise SmokeFailure(f"the window closed at once ({window.returncode}): {window.communicate()[1][-2000:]}")
            if not found:
                tree = subprocess.run(["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True).stdout
                found = "Bedrock Terms Wizard" in tree
        if not found:
            raise SmokeFailure(f"no window titled Bedrock Terms Wizard on display {env.get('DISPLAY')}")
    finally:
        window.terminate()
        try:
            window.wait(timeout=30)
        except subprocess.TimeoutExpired:
            window.kill()
            window.wait()


def _command(path: str) -> str:
    return str(Path(path).resolve()) if os.sep in path or "/" in path else path


def smoke(app_path: str, gui_path: str, display: bool, offline: bool) -> None:
    app = [_command(app_path)]
    if offline:
        app = ["unshare", "--net", *app]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "BEDROCK_WIZARD_DATA": str(work / "data"), "HOME": str(work / "home")}
        env.pop("QT_QPA_PLATFORM", None)
        (work / "home").mkdir()
        if "ok" not in run(app, ["check"], work, env):
            raise SmokeFailure("check did not say ok")
        run(app, ["answer", str(SCENARIO), "-o", "review.json"], work, env)
        run(app, ["report", "review.json", "-o", "report.pdf", "--paper", "a4"], work, env)
        check_report(work / "report.pdf")
        if PROJECT not in run(app, ["summary", "report.pdf"], work, env):
            raise SmokeFailure("summary of the report PDF does not name the project")
        check_window([_command(gui_path)], work, env, display)
    print(f"{app_path}: check, answer, report (PDF/A-3b, fonts embedded, session attached), summary, window: ok")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app")
    parser.add_argument("--gui", help="the windowed program (default: APP)")
    parser.add_argument("--display", action="store_true")
    parser.add_argument("--offline", action="store_true")
    args = parser.parse_args()
    try:
        smoke(args.app, args.gui or args.app, args.display, args.offline)
    except (SmokeFailure, OSError, subprocess.TimeoutExpired) as exc:
        print(f"smoke test failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
