"""The eddsa-rdfc-2022 cryptosuite reproduces the W3C vc-di-eddsa test vectors byte for byte."""

import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from certificates.credentials import eddsa, jsonld, multibase

VECTORS = Path(__file__).parent / "data" / "w3c-eddsa"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def _json(name):
    return json.loads((VECTORS / name).read_text())


def _text(name):
    return (VECTORS / name).read_text()


@pytest.fixture
def loader():
    return jsonld.document_loader({EXAMPLES_V2: _json("credentials-examples-v2.jsonld")})


@pytest.fixture
def key_pair():
    pair = _json("keyPair.json")
    seed = multibase.private_key_decode(pair["privateKeyMultibase"])
    private = Ed25519PrivateKey.from_private_bytes(seed)
    return private, pair["publicKeyMultibase"]


def test_the_key_pair_decodes_to_itself(key_pair):
    private, public_multibase = key_pair
    raw = private.public_key().public_bytes_raw()
    assert multibase.public_key_encode(raw) == public_multibase
    assert (
        multibase.private_key_encode(private.private_bytes_raw())
        == (_json("keyPair.json")["privateKeyMultibase"])
    )


def test_canonical_document_is_the_vectors(loader):
    assert jsonld.canonicalize(_json("unsigned.json"), loader=loader) == _text(
        "eddsa-rdfc-2022_canonDocDataInt.txt"
    )


def test_canonical_proof_configuration_is_the_vectors(loader):
    assert jsonld.canonicalize(
        _json("eddsa-rdfc-2022_proofConfigDataInt.json"), loader=loader
    ) == _text("eddsa-rdfc-2022_proofCanonDataInt.txt")


def test_signature_and_signed_credential_are_the_vectors_byte_for_byte(loader, key_pair):
    private, public_multibase = key_pair
    config = _json("eddsa-rdfc-2022_proofConfigDataInt.json")
    proof = eddsa.proof_create(
        _json("unsigned.json"),
        private_key=private,
        verification_method=config["verificationMethod"],
        created=_created(config["created"]),
        loader=loader,
    )
    assert proof["proofValue"] == _text("eddsa-rdfc-2022_sigBTC58DataInt.txt").strip()
    signed = {**_json("unsigned.json"), "proof": proof}
    expected = _json("eddsa-rdfc-2022_signedDataInt.json")
    assert json.dumps(signed, indent=2) == json.dumps(expected, indent=2)


def _created(text):
    import datetime

    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _public_key_for(public_multibase):
    def resolve(method):
        assert method.endswith("#" + public_multibase)
        return Ed25519PublicKey.from_public_bytes(multibase.public_key_decode(public_multibase))

    return resolve


def test_the_signed_vector_verifies_and_any_change_fails(loader, key_pair):
    signed = _json("eddsa-rdfc-2022_signedDataInt.json")
    resolve = _public_key_for(key_pair[1])
    eddsa.proof_verify(signed, signed["proof"], public_key_for=resolve, loader=loader)

    altered = copy.deepcopy(signed)
    altered["credentialSubject"]["alumniOf"] = "The School of Examplez"
    with pytest.raises(eddsa.ProofError, match="does not match"):
        eddsa.proof_verify(altered, altered["proof"], public_key_for=resolve, loader=loader)

    later = copy.deepcopy(signed)
    later["proof"]["created"] = "2023-02-24T23:36:39Z"
    with pytest.raises(eddsa.ProofError, match="does not match"):
        eddsa.proof_verify(later, later["proof"], public_key_for=resolve, loader=loader)


def test_only_bundled_contexts_are_loaded():
    with pytest.raises(jsonld.CanonicalizationError):
        jsonld.canonicalize(_json("unsigned.json"))  # the examples context is not bundled


def test_undefined_terms_are_refused_not_dropped():
    # The multikey context has no @vocab (the VC 2.0 one maps unknown terms to its
    # issuer-dependent vocabulary, so they are defined there).
    document = {"@context": jsonld.MULTIKEY_V1, "id": "urn:x", "nickname": "x"}
    with pytest.raises(jsonld.CanonicalizationError, match="not defined"):
        jsonld.canonicalize(document)


def test_control_characters_are_refused_and_cleaned():
    document = {"@context": [jsonld.VC_V2], "name": "bell\x07", "type": ["VerifiableCredential"]}
    with pytest.raises(jsonld.CanonicalizationError, match="control character"):
        jsonld.canonicalize(document)
    assert jsonld.clean_text("a\x07b\tc\nd") == "ab\tc\nd"
