"""Certificate PDFs are private files (issue 16, item 7): stored outside MEDIA_ROOT, where
nothing serves them, and handed out only by the download view, which checks who asks. The
public verification page does not offer the PDF: a verifier checks a PDF they were given with
the PDF checker, and reads the same facts on the page."""

from django.urls import reverse

from accounts.storage import private_storage
from tests.factories.accounts import UserFactory


def test_the_pdf_lives_outside_the_served_media_folder(certificate, media_root):
    name = certificate.pdf.name

    assert name and private_storage().exists(name)
    assert not (media_root / name).exists()


def test_only_the_holder_and_administrators_download_it(client, certificate, administrator):
    url = reverse("certificates:download", args=[certificate.code])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    for person in (certificate.holder, administrator):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_public_page_links_no_pdf(client, certificate):
    page = client.get(f"/en/verify/{certificate.code}/").content.decode()

    assert certificate.pdf.name not in page
    assert "/download/" not in page
