"""The holder's learner record: all their credentials together as a signed CLR 2.0
``ClrCredential``, downloaded from "My certificates"; Puente's checks and Digital Bazaar's
verifier accept it, a one-character change fails, revoked certificates are left out."""

import json

from django.utils import timezone

import pytest

from certificates.credentials import clr, eddsa, jsonld, keys, verifier
from certificates.services import certificate_issue, certificate_revoke
from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory

from .conftest import public_documents
from .test_independent_verifier import node, verify_with_node  # noqa: F401 (fixture)

RECORD = "/{language}/certificates/learner-record.json"


@pytest.fixture
def second(holder, administrator, django_capture_on_commit_callbacks):
    standard = StandardFactory(
        code="EC0302", title_es="Inspección de soldadura", title_en="Weld inspection"
    )
    ElementFactory(standard=standard, number=1)
    JudgementFactory(candidate=holder, standard=standard)
    with django_capture_on_commit_callbacks(execute=True):
        return certificate_issue(holder=holder, standard=standard, issued_by=administrator)


def _record(client, language="en") -> dict:
    response = client.get(RECORD.format(language=language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("es", "Descargar mi registro de aprendizaje (CLR 2.0, JSON)"),
        ("en", "Download my learner record (CLR 2.0, JSON)"),
    ],
)
def test_my_certificates_offers_the_learner_record(client, certificate, holder, language, label):
    client.force_login(holder)
    html = client.get(f"/{language}/certificates/").content.decode()
    assert label in html
    assert f'href="{RECORD.format(language=language)}"' in html


def test_the_record_carries_every_credential_as_downloaded_and_is_signed(
    client, certificate, second, holder
):
    client.force_login(holder)
    record = _record(client)
    assert clr.clr_problems(record) == []
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert record["name"] == "Learner record of María José Hernández Peña"
    assert record["issuer"]["id"] == keys.issuer_did()
    embedded = record["credentialSubject"]["verifiableCredential"]
    downloads = [
        json.loads(client.get(f"/en/verify/{code}/credential.json").content)
        for code in (second.code, certificate.code)  # newest first
    ]
    assert embedded == downloads

    # The record's own proof, with the key of the issuer's DID document …
    [proof] = record["proof"]
    assert proof["verificationMethod"] == keys.verification_method(keys.key_ring().current)
    eddsa.proof_verify(
        record, proof, public_key_for=lambda _m: keys.key_ring().signing_key.public_key()
    )
    # … and each credential in it still valid on its own.
    for credential in embedded:
        verdict = verifier.credential_verify(
            credential, now=timezone.now(), documents=public_documents(client, credential)
        )
        assert verdict.genuine, verdict.problems


def test_a_changed_record_fails_its_proof(client, certificate, holder):
    client.force_login(holder)
    record = _record(client)
    changed = json.loads(json.dumps(record).replace("EC0301", "EC0302", 1))
    with pytest.raises(eddsa.ProofError):
        eddsa.proof_verify(
            changed,
            changed["proof"][0],
            public_key_for=lambda _m: keys.key_ring().signing_key.public_key(),
        )


def test_revoked_certificates_are_left_out(client, certificate, second, holder, administrator):
    certificate_revoke(certificate=certificate, reason="Fraude comprobada", actor=administrator)
    client.force_login(holder)
    record = _record(client)
    assert [c["id"] for c in record["credentialSubject"]["verifiableCredential"]] == [
        json.loads(second.credential.document)["id"]
    ]
    certificate_revoke(certificate=second, reason="Fraude comprobada", actor=administrator)
    html = client.get("/es/certificates/").content.decode()
    assert "registro de aprendizaje" not in html
    assert client.get(RECORD.format(language="es")).status_code == 404


def test_only_the_holder_signed_in_gets_a_record(client, certificate):
    response = client.get(RECORD.format(language="en"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_structural_problems_are_named():
    assert clr.clr_problems({"type": ["VerifiableCredential"]}) == [
        "@context must start with the VC 2.0 and CLR 2.0 contexts.",
        "type must include VerifiableCredential and ClrCredential.",
        "id is required.",
        "name is required.",
        "validFrom is required.",
        "issuer must be a Profile with an id.",
        "credentialSubject must be a ClrSubject.",
    ]
    empty = {
        "@context": clr.CONTEXT,
        "type": clr.TYPE,
        "id": "urn:uuid:1",
        "name": "x",
        "validFrom": "2026-01-01T00:00:00Z",
        "issuer": {"id": "did:web:x", "type": ["Profile"]},
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": [{"type": ["X"]}]},
    }
    assert clr.clr_problems(empty) == ["Credential 1 is not an Open Badges credential."]


def test_digital_bazaar_verifies_the_record(node, tmp_path, client, certificate, second, holder):  # noqa: F811
    client.force_login(holder)
    record = _record(client)
    documents = {
        keys.issuer_did(): json.loads(client.get("/.well-known/did.json").content),
        # Not in an npm context package: served to the verifier from Puente's bundled copy.
        jsonld.CLR_V2: jsonld.bundled_context(jsonld.CLR_V2),
    }
    result = verify_with_node(node, tmp_path, record, documents)
    assert result["verified"] is True, result["errors"]

    changed = json.loads(json.dumps(record).replace("EC0302", "EC0303", 1))
    assert verify_with_node(node, tmp_path, changed, documents)["verified"] is False
