"""A holder's learner record: their signed credentials together as a CLR 2.0 ``ClrCredential``.

1EdTech's Comprehensive Learner Record 2.0 wraps Open Badges 3.0 credentials: the
``ClrSubject`` (the learner, identified like in each credential: a salted hash of the
e-mail and the name as printed) carries the credentials unchanged, each with its own proof
and status, and the record has its own proof by the issuer. A verifier checks the record's
proof, then each credential as usual.

The record is made when the holder asks for it (``urn:uuid:`` id, ``validFrom`` now), so
it always lists the certificates as they stand; it has no status of its own.

``clr_problems`` checks the record's shape against what the CLR 2.0 ClrCredential JSON
Schema requires (the schema itself is not published in a package registry, so it is not
bundled; the embedded credentials are checked against the bundled Open Badges schema).
"""

import datetime
import secrets
import uuid

from django.conf import settings

from .eddsa import xsd_datetime
from .jsonld import CLR_V2, OB_V3, VC_V2, clean_text
from .openbadges import identity_hash

CONTEXT = [VC_V2, CLR_V2, OB_V3]
TYPE = ["VerifiableCredential", "ClrCredential"]


def clr_build(
    *,
    credentials: list[dict],
    name: str,
    holder_name: str,
    email: str,
    issuer_did: str,
    issuer_name: str,
    issued_at: datetime.datetime,
    salt: str | None = None,
) -> dict:
    """The unsigned ``ClrCredential`` carrying ``credentials`` (signed OB 3.0 documents)."""
    salt = salt if salt is not None else secrets.token_hex(16)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": TYPE,
        "name": clean_text(name),
        "issuer": {
            "id": issuer_did,
            "type": ["Profile"],
            "name": clean_text(issuer_name),
            "url": settings.PUENTE_BASE_URL.rstrip("/") + "/",
        },
        "validFrom": xsd_datetime(issued_at),
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": identity_hash(email, salt),
                    "salt": salt,
                },
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": clean_text(holder_name),
                },
            ],
            "verifiableCredential": credentials,
        },
    }


def clr_problems(document) -> list[str]:
    """What keeps ``document`` from being a ClrCredential as CLR 2.0 requires it."""
    if not isinstance(document, dict):
        return ["A learner record is a JSON object."]
    problems = []
    contexts = document.get("@context")
    if not isinstance(contexts, list) or contexts[:2] != [VC_V2, CLR_V2]:
        problems.append("@context must start with the VC 2.0 and CLR 2.0 contexts.")
    types = document.get("type")
    if not isinstance(types, list) or not {"VerifiableCredential", "ClrCredential"} <= set(types):
        problems.append("type must include VerifiableCredential and ClrCredential.")
    for field in ("id", "name", "validFrom"):
        if not isinstance(document.get(field), str) or not document[field]:
            problems.append(f"{field} is required.")
    issuer = document.get("issuer")
    if (
        not isinstance(issuer, dict)
        or not issuer.get("id")
        or "Profile" not in issuer.get("type", [])
    ):
        problems.append("issuer must be a Profile with an id.")
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or "ClrSubject" not in (subject.get("type") or []):
        problems.append("credentialSubject must be a ClrSubject.")
        return problems
    credentials = subject.get("verifiableCredential")
    if not isinstance(credentials, list) or not credentials:
        problems.append("credentialSubject.verifiableCredential needs at least one credential.")
    else:
        for number, credential in enumerate(credentials, start=1):
            kinds = set(credential.get("type") or []) if isinstance(credential, dict) else set()
            if not kinds & {"OpenBadgeCredential", "AchievementCredential"}:
                problems.append(f"Credential {number} is not an Open Badges credential.")
    for identifier in subject.get("identifier") or []:
        if not isinstance(identifier, dict) or identifier.get("type") != "IdentityObject":
            problems.append("Each identifier must be an IdentityObject.")
    return problems
