"""Sessions carried inside report PDFs, so a filed report can be reopened and resumed."""

from __future__ import annotations

from pathlib import Path

from wizard.session import MAX_BYTES, Session, SessionError, load

ATTACHMENT_NAME = "bedrock-wizard-session.json"
PDF_MAGIC = b"%PDF-"
MAX_PDF_BYTES = 200 * 1024 * 1024


def is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PDF_MAGIC)) == PDF_MAGIC
    except OSError:
        return False


def session_from_pdf(path: Path) -> Session:
    """The session attached to a report PDF; a one-line SessionError otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if path.stat().st_size > MAX_PDF_BYTES:
            raise SessionError(f"{path}: too large to be a report from this app")
        reader = PdfReader(str(path))
        attachments = reader.attachments
    except SessionError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise SessionError(f"{path}: not a readable PDF ({exc})") from None
    payloads = attachments.get(ATTACHMENT_NAME)
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


def load_any(path: Path) -> Session:
    """Open a session file or the session inside a report PDF."""
    path = Path(path)
    if path.is_file() and is_pdf(path):
        return session_from_pdf(path)
    return load(path)
