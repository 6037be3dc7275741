"""Judge an Open Badges 3.0 credential: shape (the 1EdTech JSON Schema), proof, dates, status.

Pure and offline: what it needs beyond the bundled contexts (the issuer's DID document, a
status list credential) the caller passes as ``documents`` {url: document}. Keys resolve
from ``did:key`` identifiers, from a DID document given in ``documents``, or, with
``fragment_keys`` (how the 1EdTech validator's test credentials name their keys), from a
``…#z6Mk…`` fragment that is the public key itself.

Only the ``eddsa-rdfc-2022`` cryptosuite is checked; a credential secured otherwise (VC 1.1
suites, ``eddsa-2022``, selective disclosure, JWT) is reported as unsupported, not forged.
"""

import datetime
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from . import eddsa, jsonld, keys, multibase, status

SCHEMA_FILE = (
    Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VALID, REVOKED, EXPIRED, NOT_YET_VALID = "valid", "revoked", "expired", "not_yet_valid"
INVALID, UNSUPPORTED = "invalid", "unsupported"


@dataclass
class Verdict:
    status: str
    problems: list[str] = field(default_factory=list)
    issuer: str = ""
    verification_method: str = ""

    @property
    def genuine(self) -> bool:
        """Signed by the key it names and well formed (whatever its dates and status say)."""
        return self.status in {VALID, REVOKED, EXPIRED, NOT_YET_VALID}


@functools.cache
def _schema_validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def schema_problems(document) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in _schema_validator().iter_errors(document)
    ]


def _parse_datetime(value) -> datetime.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


class _Resolver:
    def __init__(self, documents: Mapping[str, dict], fragment_keys: bool):
        self.documents = documents
        self.fragment_keys = fragment_keys

    def __call__(self, method: str):
        try:
            return keys.public_key(self._public_key_multibase(method))
        except multibase.MultibaseError as error:
            raise eddsa.ProofError(
                f"The verification method is not an Ed25519 key: {error}"
            ) from error

    def _public_key_multibase(self, method: str) -> str:
        base, _hash, fragment = method.partition("#")
        if base.startswith("did:key:"):
            return base.removeprefix("did:key:")
        document = self.documents.get(base)
        if document is not None:
            for entry in document.get("verificationMethod", []):
                if entry.get("id") == method and method in document.get("assertionMethod", []):
                    return entry.get("publicKeyMultibase", "")
            raise eddsa.ProofError("The issuer's DID document does not list this key.")
        scheme = base.partition(":")[0]
        if self.fragment_keys and scheme in {"http", "https"} and fragment.startswith("z6Mk"):
            return fragment
        if not scheme or ":" not in base:
            raise eddsa.ProofError("The verification method is not a URL or a DID.")
        raise eddsa.ProofError(f"Cannot resolve the verification method offline: {method}")


def credential_verify(
    document,
    *,
    now: datetime.datetime,
    documents: Mapping[str, dict] | None = None,
    fragment_keys: bool = False,
    check_status: bool = True,
) -> Verdict:
    documents = documents or {}
    if not isinstance(document, dict):
        return Verdict(INVALID, ["A credential is a JSON object."])
    issuer = document.get("issuer")
    verdict = Verdict(VALID, issuer=issuer.get("id", "") if isinstance(issuer, dict) else "")
    contexts = document.get("@context")
    if isinstance(contexts, list) and contexts and contexts[0] == VC_V1:
        return Verdict(UNSUPPORTED, ["VC Data Model 1.1 credentials are not checked."])
    if "EndorsementCredential" in (document.get("type") or []):
        return Verdict(UNSUPPORTED, ["Only achievement credentials are checked."])
    # VC 2.0 allows one proof or a list; the Open Badges schema is written for the list.
    shaped = {**document, "proof": _as_list(document.get("proof"))}
    problems = schema_problems(shaped) if document.get("proof") else schema_problems(document)
    if problems:
        return Verdict(INVALID, problems, issuer=verdict.issuer)
    if not document.get("proof"):
        return Verdict(INVALID, ["The credential is not signed."], issuer=verdict.issuer)
    resolver = _Resolver(documents, fragment_keys)
    proofs = _as_list(document["proof"])
    ours = [p for p in proofs if p.get("cryptosuite") == eddsa.CRYPTOSUITE]
    if not ours:
        return Verdict(UNSUPPORTED, ["No eddsa-rdfc-2022 proof."], issuer=verdict.issuer)
    for proof in ours:
        if proof.get("proofPurpose") != "assertionMethod":
            return Verdict(INVALID, ["The proof is not for an assertion."], issuer=verdict.issuer)
        try:
            eddsa.proof_verify(document, proof, public_key_for=resolver)
        except eddsa.ProofError as error:
            return Verdict(INVALID, [str(error)], issuer=verdict.issuer)
        verdict.verification_method = proof.get("verificationMethod", "")
    valid_from = _parse_datetime(document.get("validFrom"))
    valid_until = _parse_datetime(document.get("validUntil"))
    if valid_from and valid_from > now:
        verdict.status = NOT_YET_VALID
    elif valid_until and valid_until < now:
        verdict.status = EXPIRED
    if check_status and document.get("credentialStatus"):
        _check_status(document["credentialStatus"], verdict, documents=documents, now=now)
    return verdict


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_status(entries, verdict: Verdict, *, documents, now) -> None:
    for entry in entries if isinstance(entries, list) else [entries]:
        if entry.get("type") != "BitstringStatusListEntry":
            verdict.problems.append(f"Status of type {entry.get('type')} not checked.")
            continue
        list_url = entry.get("statusListCredential", "")
        status_list = documents.get(list_url)
        if status_list is None:
            verdict.problems.append("The status list could not be read offline.")
            continue
        list_verdict = credential_verify_status_list(status_list, documents=documents, now=now)
        if list_verdict:
            verdict.problems.append(list_verdict)
            continue
        try:
            bits = status.decode(status_list["credentialSubject"]["encodedList"])
            revoked = status.is_set(bits, int(entry.get("statusListIndex")))
        except (status.StatusListError, KeyError, TypeError, ValueError) as error:
            verdict.problems.append(f"The status list cannot be read: {error}")
            continue
        if revoked and entry.get("statusPurpose") == "revocation":
            verdict.status = REVOKED


def credential_verify_status_list(document, *, documents, now) -> str:
    """'' when ``document`` is a status list credential whose proof verifies; else why not."""
    proofs = _as_list(document.get("proof"))
    resolver = _Resolver(documents, fragment_keys=True)
    for proof in proofs:
        if proof.get("cryptosuite") != eddsa.CRYPTOSUITE:
            continue
        try:
            eddsa.proof_verify(document, proof, public_key_for=resolver)
        except (eddsa.ProofError, jsonld.CanonicalizationError) as error:
            return f"The status list's proof does not verify: {error}"
        return ""
    return "The status list is not signed with eddsa-rdfc-2022."
