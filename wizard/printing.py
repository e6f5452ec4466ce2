"""Sending the report PDF to a printer through the system's print service (no Qt).

Qt cannot draw a PDF onto a printer without its PDF module, which the
PySide6-Essentials wheel does not ship, and the report is a PDF already: so the
window shows the print dialog to choose printer, copies, pages and sides, and
hands the file itself to CUPS with `lp` (Linux, macOS), which prints PDF as
is. On Windows the file goes to the PDF program's own print command (the
shell's "print" verb), which shows that program's dialog.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LP_TIMEOUT = 30


class PrintError(RuntimeError):
    """Printing did not start; the message is one line for the user."""


@dataclass(frozen=True)
class PrintJob:
    """What the print dialog chose."""

    printer: str
    copies: int = 1
    first_page: int = 0  # 0: every page
    last_page: int = 0
    two_sided: bool = False
    title: str = ""


def lp_command(pdf: Path, job: PrintJob, lp: str = "lp") -> list[str]:
    """The CUPS command that prints `pdf` as `job` asks."""
    command = [lp, "-d", job.printer, "-n", str(max(1, job.copies))]
    if job.first_page > 0:
        last = job.last_page if job.last_page >= job.first_page else job.first_page
        command += ["-o", f"page-ranges={job.first_page}-{last}"]
    command += ["-o", "sides=two-sided-long-edge" if job.two_sided else "sides=one-sided"]
    if job.title:
        command += ["-t", job.title]
    command += ["--", str(pdf)]
    return command


def can_print_with_lp() -> bool:
    return shutil.which("lp") is not None


def send_to_printer(pdf: Path, job: PrintJob) -> str:
    """Queue the PDF with `lp`; returns the print service's answer (its request id) or raises PrintError."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("printing needs the CUPS command 'lp', which is not installed on this computer")
    if not job.printer:
        raise PrintError("no printer is set up on this computer")
    try:
        done = subprocess.run(lp_command(pdf, job, lp), capture_output=True, text=True, timeout=LP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise PrintError(f"the print service did not answer within {LP_TIMEOUT} seconds") from None
    except OSError as exc:
        raise PrintError(f"cannot run lp ({exc.strerror or exc})") from None
    if done.returncode != 0:
        reason = " ".join((done.stderr or done.stdout).split()) or f"lp exited with status {done.returncode}"
        raise PrintError(re.sub(r"^lp: ", "", reason)[:200])
    return " ".join(done.stdout.split())


def print_with_default_program(pdf: Path) -> None:
    """Windows: the PDF program's own print command (it shows its dialog); elsewhere there is none."""
    if sys.platform != "win32":
        raise PrintError("this system has no standard print command for PDF files")
    try:
        os.startfile(str(pdf), "print")  # type: ignore[attr-defined]  # Windows only
    except OSError as exc:
        raise PrintError(f"no program to print PDF files is set up ({exc.strerror or exc})") from None
