"""Every certificate is a signed Open Badges 3.0 credential that Puente's verifier accepts."""

import datetime
import json
from pathlib import Path

from django.test import override_settings
from django.utils import timezone

import pytest

from certificates.credentials import keys, status, verifier
from certificates.credentials.models import STATUS_LIST_SIZE, IssuedCredential
from certificates.services import certificate_revoke

from .conftest import public_documents


@pytest.fixture
def document(client, certificate):
    response = client.get(f"/en/verify/{certificate.code}/credential.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def _now():
    return timezone.now()


def test_issuing_signs_the_credential_once(certificate):
    stored = IssuedCredential.objects.get(certificate=certificate)
    assert 0 <= stored.status_index < STATUS_LIST_SIZE
    assert stored.verification_method == f"did:web:testserver#{keys.key_ring().current}"


def test_the_credential_says_what_the_certificate_says(document, certificate):
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == "did:web:testserver"
    assert document["issuer"]["type"] == ["Profile"]
    assert document["validFrom"] == f"{certificate.issued_on.isoformat()}T00:00:00Z"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["humanCode"] == "EC0301"
    assert achievement["nameByLanguage"] == {"es": certificate.title_es, "en": certificate.title_en}
    assert achievement["name"] == certificate.title_es  # the framework's source language
    assert achievement["inLanguage"] == "es"
    assert (
        "Check weld quality and record the results"
        in (achievement["criteria"]["narrativeByLanguage"]["en"])
    )
    assert "Verificar la calidad de la soldadura" in achievement["criteria"]["narrative"]
    assert achievement["alignment"][0]["targetCode"] == "EC0301"
    assert achievement["alignment"][0]["targetUrl"].startswith("http://testserver/es/standards/")
    email, name = document["credentialSubject"]["identifier"]
    assert email["identityType"] == "emailAddress" and email["hashed"] is True
    assert "maria@puente.example" not in json.dumps(document)
    import hashlib

    expected = hashlib.sha256(("maria@puente.example" + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${expected}"
    assert name == {
        "type": "IdentityObject",
        "identityType": "name",
        "hashed": False,
        "identityHash": "María José Hernández Peña",
    }
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"


def test_it_validates_against_the_open_badges_schema(document):
    assert verifier.schema_problems(document) == []


def test_puente_verifies_it_with_its_public_documents_and_a_change_fails(client, document):
    documents = public_documents(client, document)
    verdict = verifier.credential_verify(document, now=_now(), documents=documents)
    assert verdict.status == verifier.VALID, verdict.problems
    assert verdict.problems == []

    altered = json.loads(json.dumps(document, ensure_ascii=False).replace("María", "Maria", 1))
    verdict = verifier.credential_verify(altered, now=_now(), documents=documents)
    assert verdict.status == verifier.INVALID
    assert "does not match" in verdict.problems[0]


def test_revoking_flips_the_status_bit_at_once(client, document, certificate, administrator):
    index = int(document["credentialStatus"]["statusListIndex"])
    list_path = document["credentialStatus"]["statusListCredential"].removeprefix(
        "http://testserver"
    )
    before = json.loads(client.get(list_path).content)
    assert not status.is_set(status.decode(before["credentialSubject"]["encodedList"]), index)
    assert len(status.decode(before["credentialSubject"]["encodedList"])) * 8 >= 131_072

    certificate_revoke(
        certificate=certificate, reason="Fraude en la evaluación", actor=administrator
    )

    after = json.loads(client.get(list_path).content)
    bits = status.decode(after["credentialSubject"]["encodedList"])
    assert status.is_set(bits, index)
    assert sum(bin(byte).count("1") for byte in bits) == 1
    verdict = verifier.credential_verify(
        document, now=_now(), documents=public_documents(client, document)
    )
    assert verdict.status == verifier.REVOKED


def test_expired_when_its_validity_ends(client, document):
    later = datetime.datetime.fromisoformat(document["validUntil"].replace("Z", "+00:00"))
    verdict = verifier.credential_verify(
        document,
        now=later + datetime.timedelta(seconds=1),
        documents=public_documents(client, document),
    )
    assert verdict.status == verifier.EXPIRED


def test_status_indexes_are_random_and_distinct(competent, holder, administrator, db):
    from certificates.services.credentials import _allocate_status_entry

    drawn = {_allocate_status_entry() for _ in range(20)}
    assert len(drawn) > 15  # random, not sequential from 0
    assert all(number == 1 for number, _index in drawn)
    assert max(index for _n, index in drawn) > 1000


def test_unknown_code_answers_404_json(client, db):
    response = client.get("/es/verify/ABCDEFGHJKMNPQRSTVWXYZ0123/credential.json")
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "Ningún certificado tiene este código."}


def test_download_asks_to_save_a_file(client, certificate):
    response = client.get(f"/es/verify/{certificate.code}/credential.json?download")
    assert response["Content-Disposition"] == (
        f'attachment; filename="puente-{certificate.code}.json"'
    )


def test_did_document_lists_the_current_key_for_assertions(client, db):
    response = client.get("/.well-known/did.json")
    did = json.loads(response.content)
    current = keys.key_ring().current
    assert did["id"] == "did:web:testserver"
    assert did["assertionMethod"] == [f"did:web:testserver#{current}"]
    assert did["verificationMethod"][0]["publicKeyMultibase"] == current


def test_rotation_keeps_old_credentials_verifiable(client, document, settings):
    old = keys.key_ring().current
    new = keys.key_rotate()
    assert new != old
    did = json.loads(client.get("/.well-known/did.json").content)
    assert did["assertionMethod"] == [f"did:web:testserver#{new}", f"did:web:testserver#{old}"]
    stored = json.loads(Path(settings.PUENTE_ISSUER_KEY_FILE).read_text())["keys"]
    assert "secretKeyMultibase" not in stored[1]  # a retired key keeps its public half only
    verdict = verifier.credential_verify(
        document, now=_now(), documents=public_documents(client, document)
    )
    assert verdict.status == verifier.VALID, verdict.problems


def test_did_web_encodes_the_port_and_path():
    with override_settings(PUENTE_BASE_URL="https://puente.example:8443/mx/"):
        assert keys.issuer_did() == "did:web:puente.example%3A8443:mx"


def test_a_key_file_is_never_overwritten(settings):
    first = keys.key_ring().current
    assert keys.key_ring().current == first
    settings.PUENTE_ISSUER_KEY_GENERATE = False
    assert keys.key_ring().current == first


def test_keys_given_in_the_environment(settings):
    from certificates.credentials import multibase

    seed = bytes(range(32))
    settings.PUENTE_ISSUER_KEYS = (
        f"{multibase.private_key_encode(seed)} z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    )
    ring = keys.key_ring()
    assert ring.public_keys[1] == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    settings.PUENTE_ISSUER_KEYS = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="secret key"):
        keys.key_ring()


def test_the_rotate_command_adds_a_key_and_keeps_the_old_one(settings):
    import io

    from django.core.management import call_command

    old = keys.key_ring().current
    out = io.StringIO()
    call_command("issuer_key_rotate", stdout=out)
    ring = keys.key_ring()
    assert ring.public_keys[1] == old
    assert f"New signing key: did:web:testserver#{ring.current}" in out.getvalue()


def test_the_rotate_command_refuses_keys_set_in_the_environment(settings):
    from django.core.management import CommandError, call_command

    settings.PUENTE_ISSUER_KEYS = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
    with pytest.raises(CommandError, match="rotated there"):
        call_command("issuer_key_rotate")


def test_a_server_without_a_usable_key_fails_its_system_check(settings, tmp_path):
    from certificates.checks import issuer_key_check

    settings.PUENTE_ISSUER_KEY_GENERATE = False
    settings.PUENTE_ISSUER_KEY_FILE = str(tmp_path / "missing.json")
    errors = issuer_key_check()
    assert [error.id for error in errors] == ["certificates.E001"]
    assert "does not exist" in errors[0].msg
    settings.PUENTE_ISSUER_KEYS = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    assert "secret key" in issuer_key_check()[0].msg
    settings.PUENTE_ISSUER_KEYS = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
    assert issuer_key_check() == []
