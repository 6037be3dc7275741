"""The certificate PDF is signed (PAdES B-B) with the issuer's certificate, after the credential
was embedded: pyHanko's validator and poppler's pdfsig both find it intact, and not after a
one-byte change; the embedded credential is still the JSON download."""

import asyncio
import io
import subprocess

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

from certificates import pdf_signing
from certificates.checks import pdf_signing_check


def _validate(pdf: bytes):
    identity = pdf_signing.signing_identity()
    trusted = asn1_x509.Certificate.load(
        identity.certificate.public_bytes(serialization.Encoding.DER)
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[trusted]))


def _pdfsig(tmp_path, pdf: bytes) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def _one_byte_changed(pdf: bytes) -> bytes:
    """A byte of the page's text drawing, inside the signed range, flipped."""
    changed = bytearray(pdf)
    changed[len(pdf) // 4] ^= 0x01
    return bytes(changed)


def test_the_stored_pdf_is_signed_intact_and_covers_the_whole_file(certificate, tmp_path):
    pdf = certificate.pdf.open("rb").read()
    status = _validate(pdf)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.md_algorithm == "sha256"
    signer = status.signing_cert.subject.native
    assert signer["common_name"] == "Puente"

    report = _pdfsig(tmp_path, pdf)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not the older adbe.pkcs7.detached


def test_signing_works_inside_a_running_event_loop():
    """Async callers and the browser journeys (Playwright's sync API) render certificates
    inside a running event loop, where pyHanko's synchronous API cannot start its own."""
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.write(blank)

    async def render_in_a_loop():
        return pdf_signing.pdf_sign(blank.getvalue())

    status = _validate(asyncio.run(render_in_a_loop()))
    assert status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"


def test_a_one_byte_change_breaks_the_signature(certificate, tmp_path):
    changed = _one_byte_changed(certificate.pdf.open("rb").read())
    status = _validate(changed)
    assert not status.intact and not status.bottom_line
    assert "Signature Validation: Digest Mismatch." in _pdfsig(tmp_path, changed)


def test_signing_keeps_the_credential_and_pdf_a_identification(client, certificate, holder):
    pdf = certificate.pdf.open("rb").read()
    reader = PdfReader(io.BytesIO(pdf))
    embedded = reader.attachments["credential.json"][0]
    assert embedded == client.get(f"/en/verify/{certificate.code}/credential.json").content
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in metadata
    # The signature field is invisible and printable, as PDF/A wants of every annotation.
    [field] = reader.trailer["/Root"]["/AcroForm"]["/Fields"]
    widget = field.get_object()
    assert widget["/FT"] == "/Sig"
    assert [float(x) for x in widget["/Rect"]] == [0, 0, 0, 0]
    assert int(widget["/F"]) & 4  # Print


def test_a_development_key_file_is_made_once_and_reused(settings, tmp_path):
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "signing.pem")
    first = pdf_signing.signing_identity().certificate
    assert (tmp_path / "signing.pem").stat().st_mode & 0o777 == 0o600
    settings.PUENTE_ISSUER_KEY_GENERATE = False
    assert pdf_signing.signing_identity().certificate == first
    assert pdf_signing_check() == []


def test_a_server_without_a_usable_signing_file_fails_its_system_check(settings, tmp_path):
    settings.PUENTE_ISSUER_KEY_GENERATE = False
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "missing.pem")
    [error] = pdf_signing_check()
    assert error.id == "certificates.E002" and "does not exist" in error.msg

    # A certificate that is not the key's own is refused, not used to sign.
    settings.PUENTE_ISSUER_KEY_GENERATE = True
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "a.pem")
    pdf_signing.signing_identity()
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "b.pem")
    pdf_signing.signing_identity()
    a, b = (tmp_path / "a.pem").read_bytes(), (tmp_path / "b.pem").read_bytes()
    key_of_a = a[: a.index(b"-----BEGIN CERTIFICATE-----")]
    certificate_of_b = b[b.index(b"-----BEGIN CERTIFICATE-----") :]
    (tmp_path / "mixed.pem").write_bytes(key_of_a + certificate_of_b)
    settings.PUENTE_ISSUER_KEY_GENERATE = False
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "mixed.pem")
    [error] = pdf_signing_check()
    assert error.id == "certificates.E002" and "not the certificate of its private key" in error.msg


@pytest.mark.parametrize("content", [b"", b"not a pem file"])
def test_an_unreadable_signing_file_is_refused(settings, tmp_path, content):
    settings.PUENTE_ISSUER_KEY_GENERATE = False
    settings.PUENTE_PDF_SIGNING_FILE = str(tmp_path / "bad.pem")
    (tmp_path / "bad.pem").write_bytes(content)
    [error] = pdf_signing_check()
    assert error.id == "certificates.E002" and "Cannot read" in error.msg
