"""Counsel signs the report PDF that carries the decision: PAdES B-B with pyHanko, offline (no Qt).

Counsel uses their own PKCS#12 file, or a certificate the app makes for them on
first use and keeps, owner-only, in the user's data folder. A self-made
certificate proves only that the file is unchanged since it was signed with
that key, never who holds the key; `wizard.verify` says so in words.
pyHanko is imported only here and only when signing, as its import takes a
second or more.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wizard.fsio import read_bounded, write_private
from wizard.paths import user_data_dir
from wizard.pdfsession import MAX_PDF_BYTES, is_pdf
from wizard.session import SessionError

FIELD_NAME = "CounselDecision"
SELF_MADE_ORGANISATION = "Self-made certificate (Bedrock Terms Wizard)"
SELF_MADE_FILE = "counsel-signing.p12"
TRUSTED_FILE = "trusted-signers.json"
SELF_MADE_YEARS = 10


class SigningError(SessionError):
    """Signing did not happen; the message is one line naming the file."""


@dataclass(frozen=True)
class Identity:
    """A key and certificate to sign with: a PKCS#12 file and its passphrase (None when it has none)."""

    pkcs12: Path
    passphrase: bytes | None = None


def signing_folder() -> Path:
    return user_data_dir() / "signing"


def self_made_identity(name: str, folder: Path | None = None) -> Identity:
    """The certificate the app made for counsel, made now on first use (owner-only, unencrypted on disk)."""
    folder = folder or signing_folder()
    path = folder / SELF_MADE_FILE
    if path.is_file():
        return Identity(path)
    if not name.strip():
        raise SigningError(f"{path}: a self-made certificate needs the signer's name (the reviewer field)")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, _self_made_pkcs12(name.strip()))
    return Identity(path)


def _self_made_pkcs12(name: str) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, SELF_MADE_ORGANISATION),
        ]
    )
    now = datetime.now(UTC).replace(microsecond=0)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365 * SELF_MADE_YEARS))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(name.encode()[:64], key, certificate, None, serialization.NoEncryption())


def sign_pdf(source: Path, target: Path, identity: Identity, reason: str = "Counsel's decision") -> Path:
    """Sign `source` as an incremental update (the report stays PDF/A-3a) and write it to `target`."""
    source, target = Path(source), Path(target)
    if not is_pdf(source):
        raise SigningError(f"{source}: not a PDF")
    data = read_bounded(source, MAX_PDF_BYTES, "too large to be a report from this app")
    signer = _signer(identity)
    quiet_pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name=_free_field_name(writer),
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
        )
        signed = signers.PdfSigner(meta, signer=signer).sign_pdf(writer).getvalue()
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds for a damaged PDF
        raise SigningError(f"{source}: cannot sign ({' '.join(str(exc).split())[:160] or type(exc).__name__})") from None
    write_private(target, signed)
    return target


def _free_field_name(writer) -> str:  # noqa: ANN001 - a pyHanko writer
    """CounselDecision, or CounselDecision2... when the file is signed already (a revised decision)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, *_ in enumerate_sig_fields(writer)}
    number = 1
    while (name := FIELD_NAME if number == 1 else f"{FIELD_NAME}{number}") in taken:
        number += 1
    return name


def _signer(identity: Identity):  # noqa: ANN202 - a pyHanko signer
    from pyhanko.sign import signers

    path = Path(identity.pkcs12)
    if not path.is_file():
        raise SigningError(f"{path}: no such certificate file")
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=identity.passphrase)
    except Exception:  # noqa: BLE001 - a wrong passphrase or a damaged file
        signer = None
    if signer is None:
        raise SigningError(f"{path}: cannot open the certificate (wrong passphrase, or not a PKCS#12 file)")
    return signer


def fingerprint(der: bytes) -> str:
    """SHA-256 of a certificate, as hex pairs (the form certificate viewers show)."""
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def trusted_fingerprints(folder: Path | None = None) -> set[str]:
    """The signers' certificates the user chose to trust (the app's settings, shared with the command line)."""
    path = (folder or user_data_dir()) / TRUSTED_FILE
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(v).upper() for v in values} if isinstance(values, list) else set()


def trust(print_: str, folder: Path | None = None) -> None:
    """Add a certificate fingerprint to the trusted ones."""
    folder = folder or user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    values = sorted(trusted_fingerprints(folder) | {print_.upper()})
    write_private(folder / TRUSTED_FILE, (json.dumps(values, indent=1) + "\n").encode())


def quiet_pyhanko() -> None:
    """pyHanko logs validation details; without a handler Python would print them on stderr."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
