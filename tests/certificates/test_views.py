import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

import pytest
from freezegun import freeze_time

from accounts.roles import Role
from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from competencies.models import CrosswalkEntry
from tests.factories.accounts import UserFactory
from tests.factories.certificates import ElementFactory, StandardFactory, USFrameworkFactory

NOT_FOUND = "We could not find what you were looking for"


@pytest.fixture
def issued(competent, holder, standard, administrator):
    holder.curp = "HEPJ950214MNLRXS00"
    holder.save()
    return certificate_issue(holder=holder, standard=standard, issued_by=administrator)


@pytest.mark.parametrize("language", ["es", "en"])
def test_valid_certificate_page_without_email_or_curp(client, issued, language):
    response = client.get(f"/{language}/verify/{issued.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "María José Hernández Peña" in html
    assert "EC0301" in html
    assert issued.display_code in html
    assert ("Válido" if language == "es" else "Valid") in html
    assert ("Check weld quality" if language == "en" else "Verificar la calidad") in html
    assert issued.holder.email not in html
    assert "HEPJ950214MNLRXS00" not in html


def test_grouped_or_lowercase_code_redirects_to_the_canonical_page(client, issued):
    response = client.get(f"/en/verify/{issued.display_code.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{issued.code}/"


def test_revoked_certificate_shows_date_and_reason_at_once(client, issued, administrator):
    certificate_revoke(certificate=issued, reason="Evidence was forged", actor=administrator)
    html = client.get(f"/en/verify/{issued.code}/").content.decode()
    assert "Revoked" in html
    assert "Evidence was forged" in html
    assert "This certificate was revoked on" in html


def test_superseded_certificate_links_to_the_current_one(client, issued, administrator):
    new = certificate_reissue(certificate=issued, reason="Name corrected", actor=administrator)
    html = client.get(f"/en/verify/{issued.code}/").content.decode()
    assert "Superseded" in html
    assert f"/en/verify/{new.code}/" in html


def test_expired_certificate(client, competent, holder, standard, administrator):
    old = certificate_issue(
        holder=holder, standard=standard, today=datetime.date(2019, 5, 2), issued_by=administrator
    )
    html = client.get(f"/en/verify/{old.code}/").content.decode()
    assert "Expired" in html
    assert "expired on May 2, 2022" in html


def test_crosswalk_shows_the_equivalent_in_the_other_country(client, issued, standard):
    us_standard = StandardFactory(
        framework=USFrameworkFactory(name_en="Advanced Manufacturing Competency Model"),
        code="AM-WELD-2",
        title_en="Robotic welding",
    )
    target = ElementFactory(standard=us_standard, number=1, title_en="Weld inspection")
    CrosswalkEntry.objects.create(
        source_element=standard.elements.get(number=2),
        target_element=target,
        equivalence="full",
        rationale_es="Mismos criterios",
        rationale_en="Same criteria",
    )
    html = client.get(f"/en/verify/{issued.code}/").content.decode()
    assert "Equivalence on the other side of the border" in html
    assert "AM-WELD-2 E1 Weld inspection" in html
    assert "Advanced Manufacturing Competency Model" in html
    assert "Full" in html


@pytest.mark.parametrize(
    "code", ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-code", "<script>alert(1)"]
)
def test_unknown_or_forged_code_gets_the_branded_not_found_page(client, db, code):
    response = client.get(f"/en/verify/{code}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No certificate has this code" in html
    assert 'name="code"' in html  # a form to try another code
    assert "<script>alert(1)" not in html
    spanish = client.get(f"/es/verify/{code}/")
    assert spanish.status_code == 404
    assert "Ningún certificado tiene este código" in spanish.content.decode()
    unrelated = client.get("/en/no-such-page-at-all/")
    assert unrelated.status_code == 404
    assert NOT_FOUND in unrelated.content.decode()


def test_lookups_are_rate_limited_per_client(client, issued):
    # The limit counts per minute of the clock: frozen mid-minute, so the 31 look-ups cannot
    # straddle two windows (the test failed now and then when they did).
    with freeze_time("2026-11-27 18:00:20"):
        for _ in range(30):
            assert client.get(f"/es/verify/{issued.code}/").status_code == 200
        response = client.get(f"/es/verify/{issued.code}/")
        assert response.status_code == 429
        assert "Demasiadas consultas" in response.content.decode()
        other_client = client.get(f"/es/verify/{issued.code}/", REMOTE_ADDR="10.0.0.2")
        assert other_client.status_code == 200


def test_landing_form_normalises_the_code(client, issued):
    response = client.get("/en/verify/", {"code": f" {issued.display_code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/en/verify/{issued.code}/"
    page = client.get("/es/verify/", {"code": "12"})
    assert "32 letras" in page.content.decode()


def test_nav_links_to_verification(client, db, home_pages):
    assert 'href="/en/verify/"' in client.get("/en/").content.decode()


@pytest.fixture
def rendered(certificate):
    return certificate


def test_check_pdf_recognises_the_issued_file(client, rendered):
    upload = SimpleUploadedFile("c.pdf", rendered.pdf.read(), content_type="application/pdf")
    html = client.post("/en/verify/check-pdf/", {"file": upload}).content.decode()
    assert "This is the file Puente issued." in html
    assert f"/en/verify/{rendered.code}/" in html


def test_check_pdf_catches_an_edited_file(client, rendered):
    original = rendered.pdf.read()
    # An incremental update, as PDF editors save changes: the file still opens fine.
    content = original + b"\n1 0 obj\n<< /Title (Diploma) >>\nendobj\n%%EOF\n"
    assert content.startswith(b"%PDF-") and content != original
    upload = SimpleUploadedFile("c.pdf", content, content_type="application/pdf")
    html = client.post("/en/verify/check-pdf/", {"file": upload}).content.decode()
    assert "Puente never issued this exact file" in html


def test_check_pdf_refuses_non_pdf_and_oversized_files(client, db):
    image = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    html = client.post("/en/verify/check-pdf/", {"file": image}).content.decode()
    assert "This file is not a PDF" in html
    huge = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    html = client.post("/en/verify/check-pdf/", {"file": huge}).content.decode()
    assert "larger than 5 MB" in html


def test_holder_downloads_the_stored_file(client, rendered):
    client.force_login(rendered.holder)
    response = client.get(f"/en/certificates/{rendered.code}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == rendered.pdf.read()


def test_administrator_downloads_anyone_else_gets_404(client, rendered):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    assert client.get(f"/en/certificates/{rendered.code}/download/").status_code == 200
    client.force_login(UserFactory(roles=[Role.TRAINEE]))
    assert client.get(f"/en/certificates/{rendered.code}/download/").status_code == 404
    client.logout()
    assert client.get(f"/en/certificates/{rendered.code}/download/").status_code == 302


def test_my_certificates_lists_download_and_verification_links(
    client, rendered, django_assert_max_num_queries
):
    client.force_login(rendered.holder)
    with django_assert_max_num_queries(8):
        html = client.get("/es/certificates/").content.decode()
    assert "Mis certificados" in html
    assert f"/es/certificates/{rendered.code}/download/" in html
    assert f"/es/verify/{rendered.code}/" in html


@override_settings(DEBUG=False)
def test_verification_page_query_count(client, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(f"/en/verify/{issued.code}/")
