"""The real PDF, read with real tools: poppler, zbar and pypdf."""

import hashlib
import io
import subprocess
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from certificates.links import verification_url
from certificates.models import Certificate
from certificates.pdf import (
    STATIC_ORIGIN,
    ResourceRefused,
    StaticFilesURLFetcher,
    certificate_body_pdf,
    certificate_pdf_render,
)
from tests.certificates.conftest import issued_rendered
from tests.factories.accounts import UserFactory
from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def write(tmp_path, content: bytes, name="certificate.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def text_of(certificate: Certificate, tmp_path) -> str:
    """The PDF's text, its whitespace folded (a line break where the layout wraps)."""
    with certificate.pdf.open("rb") as stored:  # from its start, whatever read it before
        path = write(tmp_path, stored.read(), f"{certificate.code}.pdf")
    return " ".join(pdftotext(path).split())


def issue(holder, standard, administrator, capture) -> Certificate:
    """A certificate of ``standard`` for ``holder``, found competent, with its PDF."""
    JudgementFactory(candidate=holder, standard=standard)
    return issued_rendered(holder, standard, administrator, capture)


def test_text_has_name_code_and_both_languages(certificate, tmp_path):
    text = pdftotext(write(tmp_path, certificate.pdf.read()))
    assert "María José Hernández Peña" in text
    assert certificate.display_code in text
    assert "Certificado de competencia" in text
    assert "Certificate of Competency" in text
    assert "Operación de celdas de soldadura robotizada" in text
    assert "Operating robotic welding cells" in text
    assert "E2 Verificar la calidad de la soldadura" in text
    assert "E2 Check weld quality" in text
    assert "Ana Sofía Treviño Garza" in text


def test_qr_code_decodes_to_the_verification_url(certificate, tmp_path):
    pdf = write(tmp_path, certificate.pdf.read())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "page.png")],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()
    assert decoded == f"http://testserver/es/verify/{certificate.code}/"
    assert decoded == verification_url(certificate)


def test_fonts_are_embedded(certificate, tmp_path):
    output = subprocess.run(
        ["pdffonts", str(write(tmp_path, certificate.pdf.read()))],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, output
    for row in rows:
        columns = row.split()
        assert "Puente" in columns[0]
        assert columns[-5] == "yes", row  # the "emb" column
    # Each layer's subsets of the two faces, each with a tag of its own (ISO 32000-1, 9.6.4).
    tags = [row.split()[0].split("+")[0] for row in rows]
    assert len(tags) == 4 and len(set(tags)) == 4, output


def test_pdf_a_3b_identification_and_one_page(certificate):
    reader = PdfReader(io.BytesIO(certificate.pdf.read()))
    assert len(reader.pages) == 1
    xml = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    identification = {
        key.removeprefix(pdfaid): value
        for element in ElementTree.fromstring(xml).iter()  # noqa: S314 — our own file
        for key, value in element.attrib.items()
        if key.startswith(pdfaid)
    }
    assert identification == {"part": "3", "conformance": "B"}


def test_stored_hash_is_the_hash_of_the_stored_file(certificate):
    content = certificate.pdf.read()
    assert certificate.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.rendered_at is not None


@pytest.mark.parametrize(("paper", "width", "height"), [("a4", 842, 595), ("letter", 792, 612)])
def test_a4_and_us_letter_landscape(certificate, paper, width, height):
    reader = PdfReader(io.BytesIO(certificate_pdf_render(certificate, paper=paper)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_very_long_name_with_html_stays_on_one_page_as_text(
    standard, django_capture_on_commit_callbacks, tmp_path, administrator
):
    holder = UserFactory(
        first_name="María de los Ángeles Guadalupe <b>Concepción</b> Ximena",
        last_name="Núñez-Iñárritu de la Peña y Castañeda Villaseñor Montes de Oca",
    )
    issued = issue(holder, standard, administrator, django_capture_on_commit_callbacks)
    assert len(PdfReader(io.BytesIO(issued.pdf.read())).pages) == 1
    text = text_of(issued, tmp_path)
    assert "<b>Concepción</b>" in text  # printed as text, never interpreted as markup
    assert "Villaseñor Montes de Oca" in text  # wrapped, not cut off
    assert issued.display_code in text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/font.ttf",
        "https://example.com/static/certificates/fonts/DejaVuSans.ttf",
        "file:///etc/passwd",
        f"{STATIC_ORIGIN}/media/certificates/other.pdf",
        f"{STATIC_ORIGIN}/static/../../etc/passwd",
    ],
)
def test_url_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesURLFetcher().fetch(url)


def test_url_fetcher_serves_the_shipped_fonts():
    response = StaticFilesURLFetcher().fetch(
        f"{STATIC_ORIGIN}/static/certificates/fonts/DejaVuSans.ttf"
    )
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    assert issubclass(ResourceRefused, ValueError)


def test_one_standard_s_certificates_share_one_body_and_each_has_its_own_details(
    standard, administrator, django_capture_on_commit_callbacks, tmp_path
):
    certificate_body_pdf.cache_clear()
    first, second = (
        issue(holder, standard, administrator, django_capture_on_commit_callbacks)
        for holder in (UserFactory(first_name="Lucía"), UserFactory(first_name="Tomás"))
    )

    # The body (what the standard's certificates state alike) was laid out once.
    cache = certificate_body_pdf.cache_info()
    assert (cache.misses, cache.hits) == (1, 1)
    for own, other in ((first, second), (second, first)):
        text = text_of(own, tmp_path)
        assert "Operación de celdas de soldadura robotizada" in text  # the shared body
        assert "Operating robotic welding cells" in text
        assert own.holder_name in text and own.display_code in text  # its own details
        assert other.holder_name not in text and other.display_code not in text


def test_a_certificate_of_another_standard_draws_its_own_body(
    standard, holder, administrator, django_capture_on_commit_callbacks, tmp_path
):
    other = StandardFactory(
        code="EC0217",
        is_sample=True,
        title_es="Impartición de cursos",
        title_en="Delivering training courses",
    )
    ElementFactory(standard=other, number=1)
    welding, training = (
        text_of(issue(holder, s, administrator, django_capture_on_commit_callbacks), tmp_path)
        for s in (standard, other)
    )

    assert "Operación de celdas de soldadura robotizada" in welding
    assert "Impartición de cursos" not in welding and "MUESTRA" not in welding
    assert "EC0217 Impartición de cursos" in training and "MUESTRA / SAMPLE" in training
    assert "Operación de celdas" not in training
