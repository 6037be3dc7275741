"""The certificate PDF: one bilingual page, PDF/A-3b, fonts embedded, nothing from the network.

The certificate's signed Open Badges credential travels inside it as a PDF/A-3 associated
file (``credential.json``, relationship Alternative: the same achievement, machine-readable),
byte for byte the file that ``/<lang>/verify/<code>/credential.json`` serves, and the
finished file is signed by the issuer (PAdES, ``pdf_signing``).

The page is drawn in two layers: what every certificate of a standard or course states
alike (the body: titles, elements, labels, signatory) is rendered once per process and laid
beneath each certificate's own details (holder, code, dates, QR) in the signed update, so a
bulk run lays out only the details of each (``certificate_pdf_render``).

``certificate_pdf_render`` is pure rendering (a certificate in, bytes out); storing the file
and its hash is ``services.certificate_store_pdf``'s job, run once by a task after commit.
"""

import functools
import re
import string
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

import segno

from .credentials.models import IssuedCredential
from .links import verification_url
from .models import Certificate, CertificateSettings
from .pdf_signing import pdf_sign
from .weasyprint_import import (
    CSS,
    HTML,
    Attachment,
    FontConfiguration,
    URLFetcher,
    URLFetcherResponse,
)

# A reserved name (RFC 2606) that never resolves: the only origin the fetcher answers for.
STATIC_ORIGIN = "https://puente.invalid"
PDF_VARIANT = "pdf/a-3b"
STYLESHEET = "certificates/css/certificate.css"
QR_MASK = 0
PAPER_SIZES = {"a4": "A4 landscape", "letter": "letter landscape"}


class ResourceRefused(ValueError):
    """The PDF asked for something that is not one of the project's static files."""


class StaticFilesURLFetcher(URLFetcher):
    """Serves the project's own static files (and inline ``data:`` URLs); refuses the rest.

    Every refusal is fatal to the rendering (``fail_on_errors``): a certificate with a
    missing font or image is never produced silently.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"https", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        static_prefix = urlsplit(settings.STATIC_URL).path
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin != STATIC_ORIGIN or not parts.path.startswith(static_prefix):
            raise ResourceRefused(f"Certificates may only use the project's static files: {url}")
        body = _static_file(parts.path.removeprefix(static_prefix))
        return URLFetcherResponse(url, body)


@functools.lru_cache(maxsize=32)
def _static_file(relative_path: str) -> bytes:
    if ".." in relative_path.split("/"):
        raise ResourceRefused(relative_path)
    path = finders.find(relative_path)
    if not path:
        raise ResourceRefused(f"No such static file: {relative_path}")
    with open(path, "rb") as handle:
        return handle.read()


@functools.lru_cache(maxsize=1)
def _renderer():
    """Objects that are costly to build and safe to reuse between renders in one process."""
    font_config = FontConfiguration()
    fetcher = StaticFilesURLFetcher()
    stylesheet = CSS(
        url=f"{STATIC_ORIGIN}{settings.STATIC_URL}{STYLESHEET}",
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return font_config, fetcher, stylesheet


def renderer_prepare() -> None:
    """Load fonts and the stylesheet now (a worker's start) instead of for the first PDF."""
    _renderer()


def name_size(name: str) -> str:
    """A font size that keeps the printed name on one or two lines, however long it is."""
    length = len(name)
    if length <= 28:
        return "26pt"
    if length <= 42:
        return "21pt"
    if length <= 64:
        return "17pt"
    return "13pt"


DATE_FORMATS = {"es": r"j \d\e F \d\e Y", "en": "F j, Y"}


def _date(value, language: str) -> str:
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(value, DATE_FORMATS[language])


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as a PNG ``data:`` URI, one pixel per module (scaled up crisply
    by ``image-rendering: pixelated``), for the certificate and the evaluation documents."""
    # A fixed mask: segno's automatic choice scores all eight in Python (most of the cost of
    # the code); any mask is valid and printed black on white every one of them scans.
    qr = segno.make(url, error="m", mask=QR_MASK, micro=False)
    return qr.png_data_uri(scale=1, border=2)


def certificate_pdf_context(certificate: Certificate, *, paper: str, revoked: bool = False) -> dict:
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "page_size": PAPER_SIZES[paper],
        "name_size": name_size(certificate.holder_name),
        # One pixel per module, scaled up crisply by ``image-rendering: pixelated``.
        "qr_src": qr_data_uri(url),
        "verification_url": url,
        "issued_es": _date(certificate.issued_on, "es"),
        "issued_en": _date(certificate.issued_on, "en"),
        "expires_es": _date(certificate.expires_on, "es"),
        "expires_en": _date(certificate.expires_on, "en"),
        "compact": len(certificate.competencies) > 6,
        "revoked": revoked,
        "revoked_es": revoked and _date(timezone.localtime(certificate.revoked_at).date(), "es"),
        "revoked_en": revoked and _date(timezone.localtime(certificate.revoked_at).date(), "en"),
    }


CREDENTIAL_FILENAME = "credential.json"


def _credential_attachments(certificate: Certificate) -> list[Attachment]:
    try:  # read with the certificate by a batch (``select_related``), else now
        credential = certificate.credential
    except IssuedCredential.DoesNotExist:  # issued before credentials were signed
        return []
    return [
        Attachment(
            string=credential.document.encode("utf-8"),
            name=CREDENTIAL_FILENAME,
            description="Open Badges 3.0 verifiable credential (eddsa-rdfc-2022)",
            relationship="Alternative",
        )
    ]


def certificate_pdf_render(
    certificate: Certificate, *, paper: str | None = None, revoked: bool = False
) -> bytes:
    """The signed PDF/A-3b bytes of ``certificate`` on A4 or US Letter (landscape); with
    ``revoked``, stamped REVOCADO / REVOKED and the date (the copy served after revocation).

    The page is two layers (the template says which is which): the certificate's own details,
    rendered each time, and beneath them the body its standard's certificates share, rendered
    once (``certificate_body_pdf``). The details alone cost WeasyPrint 40% of the whole page
    (17.5 against 43 ms); drawing the body beneath them, about 1 ms (issue 21)."""
    paper = paper or CertificateSettings.load().paper
    context = certificate_pdf_context(certificate, paper=paper, revoked=revoked)
    details = _pdf(_layer_html(context, "details"), _credential_attachments(certificate))
    return pdf_sign(details, underlay=certificate_body_pdf(_layer_html(context, "body")))


TEMPLATE = "certificates/pdf/certificate.html"


def _layer_html(context: dict, layer: str) -> str:
    with translation.override("es"):
        return render_to_string(TEMPLATE, {**context, "layer": layer})


@functools.lru_cache(maxsize=16)
def certificate_body_pdf(html: str) -> bytes:
    """The body layer as a PDF, once per distinct body (the standard or course, issuer,
    signatory, paper, kind): a bulk run's thousands of certificates share one."""
    return _pdf(html, finisher=_subset_tags_apart)


def _pdf(html: str, attachments: list[Attachment] | None = None, finisher=None) -> bytes:
    font_config, fetcher, stylesheet = _renderer()
    document = HTML(string=html, base_url=f"{STATIC_ORIGIN}/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[stylesheet],
        attachments=attachments or [],
        font_config=font_config,
        pdf_variant=PDF_VARIANT,
        custom_metadata=False,
        finisher=finisher,
    )


SUBSET_NAME = re.compile(rb"/([A-Z]{6})\+")
ROT13 = bytes.maketrans(
    string.ascii_uppercase.encode(),
    (string.ascii_uppercase[13:] + string.ascii_uppercase[:13]).encode(),
)


def _subset_tags_apart(_document, pdf) -> None:
    """A finisher (``write_pdf``) given WeasyPrint's ``pydyf.PDF`` before it is written.

    WeasyPrint tags a font's subset after the font alone (``EYGPNZ+Puente-Sans`` in every
    document), but the body's subsets are drawn in a document with subsets of its own of the
    same fonts, and different subsets in one file must have different tags (ISO 32000-1,
    9.6.4): the body's are turned (ROT13, which changes every letter)."""
    for item in pdf.objects:
        _retag(item)


def _retag(item) -> None:
    if isinstance(item, dict):
        for key in ("BaseFont", "FontName"):
            value = item.get(key)
            if isinstance(value, bytes) and (match := SUBSET_NAME.match(value)):
                item[key] = b"/" + match[1].translate(ROT13) + value[match.end() - 1 :]
        values = item.values()
    elif isinstance(item, list):
        values = item
    else:
        return
    for value in values:
        _retag(value)
