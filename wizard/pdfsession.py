"""Sessions carried inside report PDFs, so a filed report can be reopened and resumed."""

from __future__ import annotations

import logging
from pathlib import Path

from wizard.session import MAX_BYTES, Session, SessionError, load, why

ATTACHMENT_NAME = "bedrock-wizard-session.json"
PDF_MAGIC = b"%PDF-"
# A report is a few hundred KB; even one carrying a session at MAX_BYTES stays far below this.
MAX_PDF_BYTES = 64 * 1024 * 1024


def is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PDF_MAGIC)) == PDF_MAGIC
    except OSError:
        return False


def session_from_pdf(path: Path) -> Session:
    """The session attached to a report PDF; a one-line SessionError otherwise."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SessionError(f"{path}: cannot read ({why(exc)})") from None
    if size > MAX_PDF_BYTES:
        raise SessionError(f"{path}: too large to be a report from this app ({size // (1024 * 1024)} MB)")
    try:
        reader = PdfReader(str(path))
        payloads = reader.attachments.get(ATTACHMENT_NAME)
    except OSError as exc:
        raise SessionError(f"{path}: cannot read ({why(exc)})") from None
    except Exception as exc:  # a damaged PDF can make pypdf raise almost anything
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise SessionError(f"{path}: not a readable PDF ({reason})") from None
    if not payloads:
        raise SessionError(f"{path}: this PDF carries no wizard session (was it made by Bedrock Terms Wizard?)")
    data = payloads[0]
    if len(data) > MAX_BYTES:
        raise SessionError(f"{path}: the attached session is too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path}: the attached session is not UTF-8 text") from None
    return Session.loads(text, f"{path} (attached session)")


def _quiet_pypdf() -> None:
    """pypdf logs repair warnings; without a handler Python prints them on stderr, after our one line."""
    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def load_any(path: Path) -> Session:
    """Open a session file or the session inside a report PDF."""
    path = Path(path)
    if path.is_file() and is_pdf(path):
        return session_from_pdf(path)
    return load(path)
