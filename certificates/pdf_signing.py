"""The PAdES signature of certificate PDFs: the issuer's X.509 certificate signs each file.

``pdf_sign`` adds a PAdES baseline B-B signature (CAdES detached, SHA-256, the signer's
certificate in the signed attributes) to a finished PDF/A-3 as an incremental update, so
the embedded credential and everything before it is left byte for byte as rendered, and a
PDF reader tells whether any byte was changed since. pyHanko does the signing. The same
update can carry a page to draw beneath the first (``underlay``: the certificate's body, which
``certificates.pdf`` renders once for all the certificates of a standard), so the signature
covers it too.

Key: ECDSA P-256, not the Ed25519 key of the credentials. Ed25519 in PDF (ISO 32002) is
too new for readers: poppler's ``pdfsig`` (NSS) answers "Document isn't signed or corrupted
data" for a valid Ed25519 signature that pyHanko validates; P-256 with SHA-256 is what
Acrobat, poppler and pyHanko all check.

Where the key and certificate come from (``PUENTE_PDF_SIGNING_FILE``): one PEM file with
the private key, the signing certificate and then any intermediate certificates (a
certificate from a CA that PDF readers trust shows the signer as trusted; a self-signed one
shows the file intact but the signer unknown). By default ``pdf-signing.pem`` beside
``PUENTE_ISSUER_KEY_FILE``. Development and tests (``PUENTE_ISSUER_KEY_GENERATE``) create a
missing file on first use with a new key and a self-signed certificate naming the issuer
and its ``did:web``; elsewhere a server without a usable file fails its system check
(``certificates.E002``), like one without an issuer key.
"""

import asyncio
import contextlib
import datetime
import functools
import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .credentials.keys import issuer_did

FIELD_NAME = "Puente"
REASON = "Certificado emitido por Puente / Certificate issued by Puente"
DEFAULT_FILE_NAME = "pdf-signing.pem"


@dataclass(frozen=True)
class SigningIdentity:
    signer: signers.SimpleSigner
    certificate: x509.Certificate
    # Room for the CMS signature, in hexadecimal digits: the certificates it carries, the
    # signed attributes and the signature, with a margin. Given, pyHanko skips the trial
    # signature it would otherwise make to measure it (half the cost of signing).
    bytes_reserved: int


def signing_file() -> Path:
    if settings.PUENTE_PDF_SIGNING_FILE:
        return Path(settings.PUENTE_PDF_SIGNING_FILE)
    if settings.PUENTE_ISSUER_KEY_FILE:
        return Path(settings.PUENTE_ISSUER_KEY_FILE).with_name(DEFAULT_FILE_NAME)
    raise ImproperlyConfigured(
        "No PDF signing key: set PUENTE_PDF_SIGNING_FILE (a PEM file with the private key "
        "and the issuer's certificate)."
    )


def signing_identity() -> SigningIdentity:
    """The configured key and certificate; raises ``ImproperlyConfigured`` when unusable."""
    path = signing_file()
    if not path.exists():
        if not settings.PUENTE_ISSUER_KEY_GENERATE:
            raise ImproperlyConfigured(f"The PDF signing file {path} does not exist.")
        signing_file_create(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise ImproperlyConfigured(f"Cannot read the PDF signing file {path}: {error}") from error
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int, _size: int) -> SigningIdentity:
    """Read and check the file once per version of it (issuing thousands reads it once)."""
    try:
        content = Path(path).read_bytes()
        key = serialization.load_pem_private_key(content, password=None)
        chain = x509.load_pem_x509_certificates(content)
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"Cannot read the PDF signing file {path}: {error}") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"The PDF signing key in {path} is not ECDSA or RSA.")
    certificate = chain[0]
    if certificate.public_key().public_numbers() != key.public_key().public_numbers():
        raise ImproperlyConfigured(
            f"The first certificate in {path} is not the certificate of its private key."
        )
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(extra.public_bytes(der)) for extra in chain[1:]]
        ),
    )
    chain_size = sum(len(item.public_bytes(der)) for item in chain)
    return SigningIdentity(
        signer=signer, certificate=certificate, bytes_reserved=2 * (chain_size + 4096)
    )


def signing_file_create(path: Path) -> None:
    """A new P-256 key and a self-signed certificate for the issuer (development, tests,
    benchmarks); only the owner may read the file, and one made by another process first wins."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, settings.WAGTAIL_SITE_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.WAGTAIL_SITE_NAME),
        ]
    )
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(issuer_did())]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    content = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + certificate.public_bytes(serialization.Encoding.PEM)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    with contextlib.suppress(FileExistsError):
        os.link(temporary, path)
    os.unlink(temporary)


def pdf_sign(pdf: bytes, *, underlay: bytes | None = None) -> bytes:
    """``pdf`` with the issuer's PAdES signature added (an incremental update); with
    ``underlay``, that PDF's first page drawn beneath the first page of ``pdf`` (as a form
    XObject, its fonts and images with it) in the same update, so the signature covers both.

    pyHanko's synchronous API runs its own event loop, which cannot start where one is
    already running (an async caller; Playwright's sync API in the browser journeys, which
    render certificates in the test's thread): there it signs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _sign(pdf, underlay)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-sign") as pool:
        return pool.submit(_sign, pdf, underlay).result()


UNDERLAY_NAME = "/PuenteBody"
_UNDERLAY_READING = threading.Lock()


@functools.lru_cache(maxsize=16)
def _underlay_reader(underlay: bytes) -> PdfFileReader:
    """``underlay`` parsed once: a bulk run draws one body beneath thousands of files (its
    import cost 3.2 ms parsed each time, 0.25 ms reused). pyHanko's reader caches what it
    reads as it goes, so one thread at a time reads it (``_UNDERLAY_READING``)."""
    return PdfFileReader(io.BytesIO(underlay))


def _sign(pdf: bytes, underlay: bytes | None) -> bytes:
    identity = signing_identity()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if underlay is not None:
        with _UNDERLAY_READING:
            form = writer.import_page_as_xobject(_underlay_reader(underlay))
        resources = generic.DictionaryObject(
            {pdf_name("/XObject"): generic.DictionaryObject({pdf_name(UNDERLAY_NAME): form})}
        )
        drawing = generic.StreamObject(stream_data=f"q {UNDERLAY_NAME} Do Q\n".encode())
        writer.add_stream_to_page(0, writer.add_object(drawing), resources, prepend=True)
    output = io.BytesIO()
    _pdf_signer(identity, settings.PUENTE_BASE_URL).sign_pdf(
        writer, output=output, bytes_reserved=identity.bytes_reserved
    )
    return output.getvalue()


@functools.lru_cache(maxsize=4)
def _pdf_signer(identity: SigningIdentity, location: str) -> signers.PdfSigner:
    """The signer with its settings, built once per key and site: a worker signing thousands
    of files reuses it (about a tenth of the cost of each signature)."""
    return signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=REASON,
            location=location,
        ),
        signer=identity.signer,
    )
