"""What a report's signatures prove, in words (no Qt): who signed, when, unchanged or not, trusted or not.

The checks run offline with pyHanko: the signature must match the bytes it
covers, and it counts only when it covers the whole file; anything added after
it (a later revision, a replaced attachment) is named, and the session is then
read from the signed revision (`wizard.pdfsession`). Trust is the user's own
decision: the signer's certificate fingerprint is trusted only when the user
accepted it (`wizard.signing.trusted_fingerprints`). A self-made certificate
is never called verified.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from wizard.fsio import read_bounded
from wizard.pdfsession import MAX_PDF_BYTES, is_pdf, session_from_bytes
from wizard.session import SessionError
from wizard.signing import SELF_MADE_ORGANISATION, fingerprint, quiet_pyhanko, trusted_fingerprints


class VerifyError(SessionError):
    """The file cannot be checked; one line naming it."""


@dataclass
class Signature:
    """One signature and what it proves."""

    signer: str
    signed_at: datetime | None
    unchanged: bool  # the signature matches the bytes it covers
    whole_file: bool  # ... and those bytes are the whole file
    fingerprint: str
    self_made: bool
    trusted: bool
    added_after: list[str] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        return self.unchanged and self.whole_file

    def words(self) -> list[str]:
        """Plain sentences for the window and the command line."""
        when = f"on {self.signed_at:%Y-%m-%d %H:%M} UTC by the signer's clock" if self.signed_at else "at an unknown time"
        lines = [f"Signed by {self.signer}, {when}."]
        if not self.unchanged:
            lines.append("Changed since it was signed: the signature does not match the file. Do not rely on it.")
            return lines
        if not self.whole_file:
            lines.append("The signed part is unchanged, but the file was changed after signing, so the signature does not count:")
            lines += [f"  - {what}" for what in self.added_after or ["content of unknown kind"]]
            lines.append("The review shown is the one that was signed.")
            return lines
        if self.trusted:
            lines.append("Unchanged since signed; the signer's certificate is one you chose to trust.")
        elif self.self_made:
            lines.append("Unchanged since signed; the signer's identity is not confirmed by a trusted authority.")
        else:
            lines.append("Unchanged since signed; the signer's certificate is not one you chose to trust.")
        lines.append(f"Certificate fingerprint (SHA-256): {self.fingerprint}")
        return lines


def signatures(path: Path, trusted: set[str] | None = None) -> list[Signature]:
    """Every signature in the PDF at `path`, oldest first; empty for an unsigned PDF."""
    path = Path(path)
    if not is_pdf(path):
        raise VerifyError(f"{path}: not a PDF")
    data = read_bounded(path, MAX_PDF_BYTES, "too large to be a report from this app")
    if b"/ByteRange" not in data:
        return []
    trusted = trusted_fingerprints() if trusted is None else trusted
    quiet_pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        return [_check(path, data, sig, trusted) for sig in embedded]
    except VerifyError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged PDF makes pyHanko raise almost anything
        raise VerifyError(f"{path}: cannot check its signatures ({' '.join(str(exc).split())[:160]})") from None


def _check(path: Path, data: bytes, sig, trusted: set[str]) -> Signature:  # noqa: ANN001 - a pyHanko signature
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    # No difference analysis: on a tagged report it takes minutes, and a signature counts only over the whole file anyway.
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False), skip_diff=True)
    certificate = status.signing_cert
    subject = certificate.subject.native
    organisation = subject.get("organization_name") or ""
    signer = subject.get("common_name") or certificate.subject.human_friendly
    if organisation and organisation != SELF_MADE_ORGANISATION:
        signer = f"{signer} ({organisation})"
    unchanged = bool(status.intact and status.valid)
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    print_ = fingerprint(certificate.dump())
    return Signature(
        signer=signer,
        signed_at=status.signer_reported_dt,
        unchanged=unchanged,
        whole_file=whole,
        fingerprint=print_,
        self_made=certificate.self_signed == "yes" or organisation == SELF_MADE_ORGANISATION,
        trusted=print_ in trusted,
        added_after=[] if whole or not unchanged else _added_after(path, data, sig),
    )


def _added_after(path: Path, data: bytes, sig) -> list[str]:  # noqa: ANN001 - a pyHanko signature
    """What the revisions after the signed one hold, in words."""
    start, length = (int(v) for v in list(sig.byte_range)[2:])
    end = start + length
    later = sig.reader.xrefs.total_revisions - 1 - sig.signed_revision
    found = [f"{later} later revision(s) of the file ({len(data) - end} bytes added)"] if later > 0 else []
    try:
        signed, now = session_from_bytes(data[:end], path).dumps(), session_from_bytes(data, path, whole=True).dumps()
    except SessionError:
        found.append("the attached review cannot be read from the whole file")
    else:
        if signed != now:
            found.append("the attached review was replaced (this app reads the signed one)")
    return found


def describe(path: Path, trusted: set[str] | None = None) -> list[str]:
    """The words for every signature of `path`, or one line saying it is not signed."""
    found = signatures(path, trusted)
    if not found:
        return [f"{Path(path).name} is not signed."]
    lines: list[str] = []
    for number, signature in enumerate(found, 1):
        if len(found) > 1:
            lines.append(f"Signature {number} of {len(found)}:")
        lines += signature.words()
    return lines
