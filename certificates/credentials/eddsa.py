"""The ``eddsa-rdfc-2022`` Data Integrity cryptosuite (W3C vc-di-eddsa, section 3.3).

Signing: canonicalise the proof configuration (the proof without ``proofValue``, with the
document's ``@context``) and the document without its proof (RDFC-1.0), hash each with
SHA-256, sign proof-hash ‖ document-hash with Ed25519 and write the signature as a
base58btc multibase ``proofValue``. Verifying does the same and checks the signature.
"""

import copy
import datetime
import hashlib
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import jsonld, multibase

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(ValueError):
    """The proof is malformed, of another suite, or its signature does not verify."""


def xsd_datetime(moment: datetime.datetime) -> str:
    """``2023-02-24T23:36:38Z``: UTC, whole seconds (an ``xsd:dateTime``)."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_data(document: dict, proof_config: dict, *, loader=None) -> bytes:
    """SHA-256(canonical proof configuration) ‖ SHA-256(canonical unsecured document)."""
    config = {**proof_config, "@context": document["@context"]}
    config.pop("proofValue", None)
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    config_hash = hashlib.sha256(jsonld.canonicalize(config, loader=loader).encode()).digest()
    document_hash = hashlib.sha256(jsonld.canonicalize(unsecured, loader=loader).encode()).digest()
    return config_hash + document_hash


def proof_create(
    document: dict,
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime.datetime,
    proof_purpose: str = "assertionMethod",
    loader=None,
) -> dict:
    """The ``DataIntegrityProof`` securing ``document`` (which is not changed)."""
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(hash_data(document, proof, loader=loader))
    return {**proof, "proofValue": multibase.encode(signature)}


def document_sign(document: dict, **options) -> dict:
    """A copy of ``document`` with its proof (as a list: the Open Badges schema wants one)."""
    signed = copy.deepcopy(document)
    signed["proof"] = [proof_create(document, **options)]
    return signed


def proof_verify(
    document: dict,
    proof: dict,
    *,
    public_key_for: Callable[[str], Ed25519PublicKey],
    loader=None,
) -> None:
    """Raise ``ProofError`` unless ``proof`` is a valid eddsa-rdfc-2022 proof of ``document``.

    ``public_key_for(verification_method)`` resolves the key (raising ``ProofError`` when it
    cannot); the checks on who may use that key are the caller's.
    """
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("Not an eddsa-rdfc-2022 Data Integrity proof.")
    try:
        signature = multibase.decode(proof.get("proofValue"))
    except multibase.MultibaseError as error:
        raise ProofError(f"The proof value is not base58btc: {error}") from error
    if len(signature) != 64:
        raise ProofError("The proof value is not an Ed25519 signature.")
    key = public_key_for(proof.get("verificationMethod") or "")
    try:
        data = hash_data(document, proof, loader=loader)
    except jsonld.CanonicalizationError as error:
        raise ProofError(f"The credential cannot be canonicalised: {error}") from error
    try:
        key.verify(signature, data)
    except InvalidSignature:
        raise ProofError("The signature does not match the credential.") from None
