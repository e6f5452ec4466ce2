"""Counsel's decision signed offline (PAdES B-B, pyHanko): the round trip and every way the file can change after."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from conftest import EXAMPLES

from wizard import signing
from wizard.cli import main
from wizard.pdfsession import load_any, signed_revision_end
from wizard.session import Session
from wizard.verify import VerifyError, describe, signatures

SELF_MADE = "Unchanged since signed; the signer's identity is not confirmed by a trusted authority."


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A report, the same report signed with a self-made certificate, and the certificate's folder."""
    folder = tmp_path_factory.mktemp("signed")
    session, pdf, out = folder / "s.json", folder / "r.pdf", folder / "signed.pdf"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    identity = signing.self_made_identity("Dana Counsel", folder / "keys")
    signing.sign_pdf(pdf, out, identity)
    return pdf, out, folder / "keys"


def test_a_self_made_certificate_is_kept_private_and_reused(signed, tmp_path: Path) -> None:
    _, _, keys = signed
    identity = signing.self_made_identity("Someone Else", keys)
    assert identity.pkcs12 == keys / signing.SELF_MADE_FILE
    assert stat.S_IMODE(os.stat(identity.pkcs12).st_mode) == 0o600
    with pytest.raises(signing.SigningError, match="needs the signer's name"):
        signing.self_made_identity("  ", tmp_path / "none")


def test_signed_report_says_who_when_and_unchanged_never_verified(signed) -> None:
    original, pdf, _ = signed
    assert pdf.read_bytes().startswith(original.read_bytes()), "signing appends an increment; the report is kept"
    (signature,) = signatures(pdf, trusted=set())
    assert signature.counts and signature.self_made and not signature.trusted
    assert signature.signer == "Dana Counsel" and signature.signed_at is not None
    words = describe(pdf, trusted=set())
    assert words[0].startswith("Signed by Dana Counsel, on ") and words[0].endswith("UTC by the signer's clock.")
    assert words[1] == SELF_MADE
    assert not any("verified" in line.lower() for line in words)
    assert load_any(pdf).dumps() == load_any(original).dumps()


def test_a_trusted_fingerprint_is_said_to_be_trusted(signed) -> None:
    _, pdf, _ = signed
    (signature,) = signatures(pdf, trusted=set())
    words = describe(pdf, trusted={signature.fingerprint})
    assert words[1] == "Unchanged since signed; the signer's certificate is one you chose to trust."


def test_a_flipped_byte_breaks_the_signature(signed, tmp_path: Path) -> None:
    _, pdf, _ = signed
    data = bytearray(pdf.read_bytes())
    at = data.index(b"stream", 4000) + 40  # inside a page's content, within the signed bytes
    data[at] ^= 0x01
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    (signature,) = signatures(flipped, trusted=set())
    assert not signature.unchanged and not signature.counts
    assert describe(flipped, trusted=set())[1].startswith("Changed since it was signed")
    assert main(["verify", str(flipped)]) == 1


def _increment(data: bytes, change) -> bytes:  # noqa: ANN001
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_increment_after_signing_is_named_and_the_signature_does_not_count(signed, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    _, pdf, _ = signed

    def retitle(writer) -> None:  # noqa: ANN001
        info = writer.trailer.raw_get("/Info")
        info.get_object()[generic.NameObject("/Title")] = generic.TextStringObject("Approved by everyone")
        writer.mark_update(info)

    later = tmp_path / "later.pdf"
    later.write_bytes(_increment(pdf.read_bytes(), retitle))
    (signature,) = signatures(later, trusted=set())
    assert signature.unchanged and not signature.whole_file and not signature.counts
    words = describe(later, trusted=set())
    assert "the file was changed after signing, so the signature does not count" in words[1]
    assert any("1 later revision(s) of the file" in line for line in words)
    assert main(["verify", str(later)]) == 1


def test_a_replaced_attachment_is_named_and_the_signed_review_is_read(signed, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    original, pdf, _ = signed
    forged = json.loads(load_any(original).dumps())
    forged["profile"]["project_name"] = "Forged after signing"
    forged_text = json.dumps(forged).encode()

    def replace(writer) -> None:  # noqa: ANN001
        names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
        spec_ref = names.raw_get(1)
        spec = spec_ref.get_object()
        stream = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile")}, stream_data=forged_text)
        ref = writer.add_object(stream)
        files = spec["/EF"]
        files[generic.NameObject("/F")] = ref
        files[generic.NameObject("/UF")] = ref
        writer.mark_update(spec_ref)

    forged_pdf = tmp_path / "forged.pdf"
    forged_pdf.write_bytes(_increment(pdf.read_bytes(), replace))
    assert Session.loads(forged_text.decode(), "x").profile["project_name"] == "Forged after signing"
    words = describe(forged_pdf, trusted=set())
    assert any("the attached review was replaced (this app reads the signed one)" in line for line in words)
    assert words[-1] == "The review shown is the one that was signed."
    assert load_any(forged_pdf).dumps() == load_any(original).dumps(), "the signed review, not the forged one"
    assert signed_revision_end(forged_pdf.read_bytes()) == len(pdf.read_bytes())


def test_verify_on_the_command_line(signed, tmp_path: Path, capsys, _private_data_dir: Path) -> None:
    original, pdf, _ = signed
    assert main(["verify", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Signed by Dana Counsel") and SELF_MADE in out
    assert main(["verify", str(pdf), "--trust"]) == 0
    assert "one you chose to trust" in capsys.readouterr().out
    assert signing.trusted_fingerprints(_private_data_dir) == {signatures(pdf, trusted=set())[0].fingerprint}
    assert main(["verify", str(original)]) == 1
    assert capsys.readouterr().out.strip() == f"{original.name} is not signed."
    text = tmp_path / "x.pdf"
    text.write_text("hello", encoding="utf-8")
    assert main(["verify", str(text)]) == 1
    assert capsys.readouterr().err.strip() == f"bedrock-wizard: {text}: not a PDF"
    with pytest.raises(VerifyError, match="not a PDF"):
        signatures(text)


def test_counsels_own_pkcs12_with_a_passphrase(signed, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, load_der_private_key, pkcs12

    original, _, keys = signed
    key, certificate, _ = pkcs12.load_key_and_certificates((keys / signing.SELF_MADE_FILE).read_bytes(), None)
    assert load_der_private_key is not None and key is not None
    own = tmp_path / "own.p12"
    own.write_bytes(pkcs12.serialize_key_and_certificates(b"own", key, certificate, None, BestAvailableEncryption(b"s3cret")))
    with pytest.raises(signing.SigningError, match="wrong passphrase"):
        signing.sign_pdf(original, tmp_path / "no.pdf", signing.Identity(own, b"wrong"))
    out = signing.sign_pdf(original, tmp_path / "own-signed.pdf", signing.Identity(own, b"s3cret"))
    assert signatures(out, trusted=set())[0].counts
