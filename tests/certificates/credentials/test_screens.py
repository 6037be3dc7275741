"""The credential through the screens: download links, and the page that checks an upload."""

import base64
import json
import re
import subprocess
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from certificates.services import certificate_revoke

DATA = Path(__file__).parent / "data" / "1edtech-ob30"


def _upload(client, language, content: bytes, name="credential.json"):
    return client.post(
        f"/{language}/verify/check-credential/",
        {"file": SimpleUploadedFile(name, content, content_type="application/json")},
    )


@pytest.mark.parametrize(
    ("language", "label"),
    [("es", "Descargar la credencial (JSON)"), ("en", "Download the credential (JSON)")],
)
def test_verification_page_offers_the_credential(client, certificate, language, label):
    html = client.get(f"/{language}/verify/{certificate.code}/").content.decode()
    link = f'href="/{language}/verify/{certificate.code}/credential.json?download" download'
    assert link in html
    assert label in html
    address = f"http://testserver/{language}/verify/{certificate.code}/credential.json"
    assert f'<input id="credential-address" type="url" readonly value="{address}">' in html


def test_holder_page_offers_the_credential(client, certificate, holder):
    client.force_login(holder)
    html = client.get("/en/certificates/").content.decode()
    assert f'href="/en/verify/{certificate.code}/credential.json?download"' in html


@pytest.mark.parametrize(
    ("language", "genuine", "status"),
    [
        ("es", "Auténtica: Puente emitió esta credencial y no fue alterada.", "Válido"),
        ("en", "Genuine: Puente issued this credential and it was not altered.", "Valid"),
    ],
)
def test_a_downloaded_credential_is_recognised(client, certificate, language, genuine, status):
    content = client.get(f"/{language}/verify/{certificate.code}/credential.json").content
    html = _upload(client, language, content).content.decode()
    assert genuine in html
    assert status in html
    assert f"/{language}/verify/{certificate.code}/" in html


def test_an_edited_credential_is_not_genuine(client, certificate):
    content = client.get(f"/en/verify/{certificate.code}/credential.json").content
    edited = content.decode().replace("EC0301", "EC0302", 1).encode()
    html = _upload(client, "en", edited).content.decode()
    assert "Not a genuine credential" in html
    assert "Genuine:" not in html


def test_a_revoked_credential_says_revoked(client, certificate, administrator):
    content = client.get(f"/es/verify/{certificate.code}/credential.json").content
    certificate_revoke(certificate=certificate, reason="Error de captura", actor=administrator)
    html = _upload(client, "es", content).content.decode()
    assert "Auténtica" in html
    assert "Revocado" in html


def test_someone_elses_signed_credential_is_not_puentes(client, db):
    content = (DATA / "simple-did-key-method.json").read_bytes()
    html = _upload(client, "en", content).content.decode()
    assert "Not issued by Puente" in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "Este archivo no es JSON. Suba el archivo de la credencial (credential.json)."),
        ("en", "This file is not JSON. Upload the credential file (credential.json)."),
    ],
)
def test_a_file_that_is_not_json_is_refused_with_a_reason(client, db, language, message):
    response = _upload(client, language, b"%PDF-1.7 not json", name="certificate.pdf")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_json_list_is_not_a_credential(client, db):
    html = _upload(client, "en", json.dumps([1, 2]).encode()).content.decode()
    assert "This JSON file is not a credential." in html


def _qr_text(tmp_path, html: str, field_id: str) -> tuple[str, str]:
    """The wallet QR code decoded with zbar, and the address shown beside it."""
    block = html[html.index('<details class="wallet">') :]
    block = block[: block.index("</details>")]
    source = re.search(r'src="data:image/png;base64,([^"]+)"', block).group(1)
    (tmp_path / "qr.png").write_bytes(base64.b64decode(source))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    address = re.search(rf'<input id="{field_id}" type="url" readonly value="([^"]+)">', block)
    return decoded, address.group(1)


@pytest.mark.parametrize(
    ("language", "summary"),
    [("es", "Agregar a una cartera digital"), ("en", "Add to a digital wallet")],
)
def test_wallet_qr_code_holds_the_credential_address(
    client, certificate, holder, tmp_path, language, summary
):
    address = f"http://testserver/{language}/verify/{certificate.code}/credential.json"
    html = client.get(f"/{language}/verify/{certificate.code}/").content.decode()
    assert summary in html
    assert _qr_text(tmp_path, html, "credential-address") == (address, address)
    # The address a wallet is given serves the signed credential.
    assert client.get(address.removeprefix("http://testserver")).status_code == 200

    client.force_login(holder)
    html = client.get(f"/{language}/certificates/").content.decode()
    field = f"credential-address-{certificate.code}"
    assert _qr_text(tmp_path, html, field) == (address, address)


def test_no_wallet_offer_for_a_revoked_certificate_on_the_holder_page(
    client, certificate, holder, administrator
):
    certificate_revoke(certificate=certificate, reason="Fraude comprobada", actor=administrator)
    client.force_login(holder)
    assert '<details class="wallet">' not in client.get("/en/certificates/").content.decode()
