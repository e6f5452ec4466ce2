"""Sessions carried inside report PDFs, so a filed report can be reopened and resumed.

A PDF can be built to be expensive: a few kB that inflate to gigabytes, a
hundred attachments under the session's name, name trees that loop. So the
attachment is found by walking the PDF's structure with a budget, its size is
checked from the PDF's own numbers, and only that one stream is inflated,
with a cap; pypdf's own decoding is capped as well.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zlib
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from wizard.fsio import load, read_bounded, read_head
from wizard.session import MAX_BYTES, Session, SessionError

ATTACHMENT_NAME = "bedrock-wizard-session.json"
PDF_MAGIC = b"%PDF-"
# A report is a few hundred KB; one carrying a session at MAX_BYTES that does not compress stays below this.
MAX_PDF_BYTES = 64 * 1024 * 1024
MAX_OBJECTS = 64  # PDF objects looked at to find the attachment: a report needs six
MAX_NAMES = 1000  # entries of the attachment name tree looked through
MAX_PDF_STREAM = 4 * 1024 * 1024  # what pypdf may inflate of any one of its own streams (object lists, xref)
BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]")


def is_pdf(path: Path) -> bool:
    return read_head(path, len(PDF_MAGIC)) == PDF_MAGIC


class _Budget:
    """Resolves PDF references, refusing the file once it has cost more than a report ever needs."""

    def __init__(self, path: Path) -> None:
        self.path, self.left = path, MAX_OBJECTS

    def get(self, value: Any) -> Any:
        self.left -= 1
        if self.left < 0:
            raise SessionError(f"{self.path}: not a report from this app (its attachment list is too large)")
        return value.get_object() if hasattr(value, "get_object") else value


def session_from_pdf(path: Path) -> Session:
    """The session attached to a report PDF; a one-line SessionError otherwise."""
    return _read_session(Path(path))[0]


def session_from_bytes(data: bytes, path: Path, whole: bool = False) -> Session:
    """The session attached to a report PDF's bytes, read from its signed revision when it has one (unless `whole`)."""
    return _from_bytes(data, path, whole)[0]


def _read_session(path: Path) -> tuple[Session, bytes, bytes]:
    """The attached session (of the signed revision, if any), the bytes it was read from and the attachment's bytes."""
    return _from_bytes(read_bounded(path, MAX_PDF_BYTES, "too large to be a report from this app"), path)


def _from_bytes(data: bytes, path: Path, whole: bool = False) -> tuple[Session, bytes, bytes]:
    if not whole:
        data = data[: signed_revision_end(data) or len(data)]  # what counsel signed, not what was added after
    _quiet_pypdf()
    try:
        with _capped_pypdf():
            payload = _attachment(path, data)
    except SessionError:
        raise
    except Exception as exc:  # a damaged PDF can make pypdf raise almost anything
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise SessionError(f"{path}: not a readable PDF ({reason})") from None
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path}: the attached session is not UTF-8 text") from None
    return Session.loads(text, f"{path} (attached session)"), data, payload


# -- do the pages show the attached session? --------------------------------------------------------
# A report prints the sha256 of the session it attaches on its first page (and in the appendix).
# Someone can swap the attachment in place or by an appended incremental update while the pages
# still show the old decision; opening such a file says so instead of trusting either.
PAGES_LOOKED = 10  # pages searched for the printed digest (a report prints it on its first page)
_PRINTED_DIGEST = re.compile(r"(?i)(?:session\s*digest|attached\s*session)\s*\(sha256\)")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def load_checked_pdf(path: Path) -> Session:
    """A report PDF's session, with `source_problem` set when its pages were made from another session."""
    session, data, payload = _read_session(Path(path))
    session.source_problem = pages_problem(data, hashlib.sha256(payload).hexdigest())
    return session


def pages_problem(data: bytes, digest: str) -> str:
    """Why the pages of a PDF do not vouch for an attachment with this sha256 ('' when they do)."""
    from pypdf import PdfReader

    _quiet_pypdf()
    try:
        with _capped_pypdf():
            reader = PdfReader(io.BytesIO(data))
            for page in reader.pages[:PAGES_LOOKED]:
                text = page.extract_text() or ""
                if _PRINTED_DIGEST.search(text):
                    printed = _HEX64.findall(re.sub(r"[\s\u200b\u00ad]", "", text))  # a wrapped digest is one again
                    return "" if digest in printed else "the attached session is not the one its pages were made from"
    except Exception:  # noqa: BLE001 - a damaged page stream can make pypdf raise almost anything
        return "the pages cannot be read to check the attached session"
    return "the pages do not name the attached session"


def signed_revision_end(data: bytes) -> int | None:
    """Where the last-signed revision of a PDF ends: the end of the largest signature byte range, if any.

    A signature covers bytes 0..a and b..b+c around its own value; the file up to b+c is the revision that
    was signed, a complete PDF. Anything after it was added later. A byte range that does not fit the file
    (or a text that only looks like one) is ignored. Whether the signature is sound is `wizard.verify`'s
    business; here only the revision is chosen.
    """
    ends = [
        int(gap) + int(tail)
        for head, gap, tail in BYTE_RANGE.findall(data)
        if 0 < int(head) < int(gap) and int(gap) + int(tail) <= len(data) and data[int(head) : int(head) + 1] == b"<"
    ]
    return max(ends) if ends else None


def _attachment(path: Path, data: bytes) -> bytes:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    budget = _Budget(path)
    root = budget.get(reader.trailer.get("/Root"))
    names = budget.get(root.get("/Names")) if hasattr(root, "get") else None
    tree = budget.get(names.get("/EmbeddedFiles")) if hasattr(names, "get") else None
    spec = _find(tree, budget) if tree is not None else None
    if spec is None:
        raise SessionError(f"{path}: this PDF carries no wizard session (was it made by Bedrock Terms Wizard?)")
    files = budget.get(spec.get("/EF")) if hasattr(spec, "get") else None
    stream = budget.get(files.get("/F") or files.get("/UF")) if hasattr(files, "get") else None
    if stream is None or not hasattr(stream, "get_data"):
        raise SessionError(f"{path}: the attached session is damaged (no file data)")
    return _inflate(path, stream, budget)


def _find(tree: Any, budget: _Budget) -> Any:
    """The file specification named ATTACHMENT_NAME in a name tree; None if absent."""
    pending, seen, looked = [tree], set(), 0
    while pending:
        node = pending.pop(0)
        if not hasattr(node, "get") or id(node) in seen:
            continue
        seen.add(id(node))
        entries = node.get("/Names")
        if entries is not None:
            entries = budget.get(entries)
            looked += len(entries) // 2
            if looked > MAX_NAMES:
                raise SessionError(f"{budget.path}: not a report from this app (more than {MAX_NAMES} attachments)")
            for key, value in zip(entries[::2], entries[1::2], strict=False):
                if str(key) == ATTACHMENT_NAME:
                    return budget.get(value)
        kids = node.get("/Kids")
        if kids is not None:
            pending.extend(budget.get(kid) for kid in budget.get(kids))
    return None


def _inflate(path: Path, stream: Any, budget: _Budget) -> bytes:
    """The attachment's bytes, refused by its declared size and inflated with a cap, never in full first."""
    too_large = SessionError(f"{path}: the attached session is too large (the limit is {MAX_BYTES // (1024 * 1024)} MB)")
    params = budget.get(stream.get("/Params"))
    declared = params.get("/Size") if hasattr(params, "get") else None
    if isinstance(declared, int) and declared > MAX_BYTES:
        raise too_large
    filters = budget.get(stream.get("/Filter"))
    filters = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
    raw = getattr(stream, "_data", None)  # the encoded bytes as stored in the file
    if not filters:
        data = stream.get_data()
    elif filters == ["/FlateDecode"] and isinstance(raw, bytes) and stream.get("/DecodeParms") is None:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, MAX_BYTES + 1)
        except zlib.error:
            raise SessionError(f"{path}: the attached session is damaged (it does not decompress)") from None
        if inflater.unconsumed_tail:
            raise too_large
    else:
        raise SessionError(f"{path}: the attached session is stored in a way this app does not write ({filters})")
    if len(data) > MAX_BYTES:
        raise too_large
    return data


def _capped_pypdf() -> AbstractContextManager[Any]:
    """Lower pypdf's decompression limits while we read (pypdf 6.4 and later have a Configuration)."""
    try:
        from pypdf import apply_configuration
    except ImportError:  # an older pypdf: our own walk above still bounds what is inflated for the session
        return nullcontext()
    return apply_configuration(
        zlib_maximum_output_length=MAX_PDF_STREAM,
        maximum_declared_stream_length=MAX_PDF_BYTES,
        lzw_maximum_output_length=MAX_PDF_STREAM,
        run_length_maximum_output_length=MAX_PDF_STREAM,
        array_maximum_element_count=10 * MAX_NAMES,
        dictionary_maximum_element_count=10 * MAX_NAMES,
        jbig2dec_binary=None,  # never run a program for a PDF someone sent
    )


def _quiet_pypdf() -> None:
    """pypdf logs repair warnings; without a handler Python prints them on stderr, after our one line."""
    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def load_any(path: Path) -> Session:
    """Open a session file or the session inside a report PDF."""
    path = Path(path)
    if is_pdf(path):
        return load_checked_pdf(path)
    return load(path)
