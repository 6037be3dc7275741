"""Revocation as the holder meets it: an e-mail with the reason, a list that says revoked, and
a download stamped REVOCADO / REVOKED (the original file still checks as issued). Sample
standards say so on the PDF and the verification page."""

import hashlib
import re
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from accounts.roles import Role
from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories.accounts import UserFactory

REASON = "La evidencia de desempeño fue falsificada."


def pdftotext(content: bytes, tmp_path) -> str:
    path = tmp_path / "download.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture
def revoked(client, certificate, mailoutbox, django_capture_on_commit_callbacks):
    """Revoked through the admin detail page's form, as rendered."""
    admin = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language="en")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin)
    page = client.get(reverse("certificates_admin:detail", args=[certificate.pk])).content
    page = page.decode()
    action = re.search(r'action="([^"]+/revoke/)"', page).group(1)
    assert re.search(r'<textarea name="reason"', page)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, {"reason": REASON, "confirm": "on"}, follow=True)
    assert "The certificate is revoked. The holder is told by e-mail." in response.content.decode()
    client.logout()
    certificate.refresh_from_db()
    return certificate


def test_the_holder_is_told_in_their_language_with_the_reason(revoked, mailoutbox):
    (message,) = mailoutbox
    assert message.to == [revoked.holder.email]
    assert "fue revocado" in message.subject  # the holder's language is Spanish
    assert REASON in message.body
    assert f"/es/verify/{revoked.code}/" in message.body


def test_the_download_is_the_copy_marked_revoked(client, revoked, tmp_path):
    assert revoked.status == "revoked" and revoked.revoked_pdf
    original = revoked.pdf.read()
    assert hashlib.sha256(original).hexdigest() == revoked.pdf_sha256  # the original stays

    client.force_login(revoked.holder)
    response = client.get(f"/es/certificates/{revoked.code}/download/")
    assert response.status_code == 200
    assert f"puente-{revoked.code}-revoked.pdf" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content != original
    assert hashlib.sha256(content).hexdigest() == revoked.revoked_pdf_sha256
    text = pdftotext(content, tmp_path)
    assert "REVOKED" in text and "REVOCADO" in text
    assert "María José Hernández Peña" in text
    assert "REVOKED" not in pdftotext(original, tmp_path)


def test_the_list_labels_the_download_revoked(client, revoked):
    client.force_login(revoked.holder)
    html = client.get("/es/certificates/").content.decode()
    assert "Revocado" in html and REASON in html
    assert "Descargar PDF (marcado como revocado)" in html
    html = client.get("/en/certificates/").content.decode()
    assert "Download PDF (marked revoked)" in html


def test_no_original_is_served_before_the_marked_copy_exists(client, certificate, administrator):
    from certificates.services import certificate_revoke

    certificate_revoke(certificate=certificate, reason=REASON, actor=administrator)  # no commit
    certificate.refresh_from_db()
    assert not certificate.revoked_pdf
    client.force_login(certificate.holder)
    assert client.get(f"/en/certificates/{certificate.code}/download/").status_code == 404
    html = client.get("/en/certificates/").content.decode()
    assert "The PDF is being prepared" in html


@pytest.mark.parametrize("which", ["pdf", "revoked_pdf"])
def test_the_pdf_checker_recognises_both_files_and_says_revoked(client, revoked, which):
    content = getattr(revoked, which).read()
    upload = SimpleUploadedFile("c.pdf", content, content_type="application/pdf")
    html = client.post("/en/verify/check-pdf/", {"file": upload}).content.decode()
    assert "This is the file Puente issued." in html
    assert "Revoked" in html


@pytest.fixture
def sample(competent, standard, holder, administrator, django_capture_on_commit_callbacks):
    standard.is_sample = True
    standard.save()
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    issued.refresh_from_db()
    return issued


def test_a_sample_standard_says_so_on_the_pdf_and_the_verification_page(client, sample, tmp_path):
    assert sample.is_sample
    assert "MUESTRA / SAMPLE" in pdftotext(sample.pdf.read(), tmp_path)
    english = client.get(f"/en/verify/{sample.code}/").content.decode()
    assert "Sample" in english and "it certifies nothing" in english
    spanish = client.get(f"/es/verify/{sample.code}/").content.decode()
    assert "Muestra" in spanish and "no certifica nada" in spanish


def test_a_real_standard_has_no_sample_mark(client, certificate, tmp_path):
    assert not certificate.is_sample
    assert "SAMPLE" not in pdftotext(certificate.pdf.read(), tmp_path)
    assert "Sample" not in client.get(f"/en/verify/{certificate.code}/").content.decode()
    assert Certificate.objects.filter(is_sample=True).count() == 0
