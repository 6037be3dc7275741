"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (VC Data Model 2.0), unsigned.

What it says, from the certificate's snapshot (never from the live standard or user):

- the issuer is a ``Profile`` whose ``id`` is the site's ``did:web`` (the controller of the
  signing key); the achievement is the standard (code, title, level, criteria narrative) or
  the course, with ``alignment`` entries for the standard's public page and for each
  crosswalk equivalent in the other country's framework;
- the subject is identified by a salted SHA-256 of the holder's e-mail and by the name as
  printed (``IdentityObject``);
- ``validFrom`` / ``validUntil`` are the certificate's issue and expiry dates; revocation is
  a ``BitstringStatusListEntry``.

The Open Badges schema wants plain strings for ``name``, ``description`` and ``narrative``
(written in the certificate's source language, ``inLanguage``); every language's text is
also given as language-tagged values (``nameByLanguage``…, defined by an inline context as
``schema:name`` / ``ob:narrative`` language maps), so a reader in either country sees it in
theirs.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import language_codes
from competencies.translation import column, texts, translated_value

from ..models import Certificate, Kind
from .jsonld import OB_V3, VC_V2, clean_text

OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
PUENTE_CONTEXT = {
    "nameByLanguage": {"@id": "https://schema.org/name", "@container": "@language"},
    "descriptionByLanguage": {
        "@id": "https://schema.org/description",
        "@container": "@language",
    },
    "narrativeByLanguage": {"@id": f"{OB_VOCAB}narrative", "@container": "@language"},
}
CONTEXT = [VC_V2, OB_V3, PUENTE_CONTEXT]


@dataclass(frozen=True)
class Alignment:
    """An alignment target: a standard's public page or a crosswalk equivalent."""

    name: str
    url: str
    code: str
    framework: str
    description: str = ""


@dataclass(frozen=True)
class StatusEntry:
    list_url: str
    index: int


def xsd_datetime(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _start_of(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _end_of(day: datetime.date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def identity_hash(email: str, salt: str) -> str:
    """``sha256$`` + hex SHA-256 of the e-mail (trimmed, lower case) followed by the salt."""
    normalised = email.strip().lower()
    return "sha256$" + hashlib.sha256((normalised + salt).encode("utf-8")).hexdigest()


def _language_map(values: dict[str, str], source: str) -> dict[str, str]:
    return {
        code: clean_text(translated_value(values, code, source=source))
        for code in language_codes()
        if translated_value(values, code, source=source)
    }


def _narrative(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        if certificate.kind == Kind.COMPETENCY:
            lines = [
                _("Judged Competent in every element of the standard %(code)s:")
                % {"code": certificate.standard_code}
            ]
        else:
            lines = [
                _("Completed the course (%(hours)s hours), which prepares for:")
                % {"hours": certificate.hours}
            ]
        for item in certificate.competencies:
            title = translated_value(
                {code: item.get(column("title", code), "") for code in language_codes()},
                language,
                source=certificate.source_language,
            )
            lines.append(f"- {item['code']} {title}")
        return clean_text("\n".join(lines))


def credential_build(
    certificate: Certificate,
    *,
    credential_url: str,
    issuer_did: str,
    achievement_url: str,
    alignments: list[Alignment],
    email: str,
    status: StatusEntry,
    salt: str | None = None,
) -> dict:
    """The unsigned ``OpenBadgeCredential`` of ``certificate``."""
    source = certificate.source_language
    titles = _language_map(texts(certificate, "title"), source)
    name = titles.get(source) or next(iter(titles.values()), certificate.standard_code)
    narratives = {code: _narrative(certificate, code) for code in language_codes()}
    salt = salt if salt is not None else secrets.token_hex(16)
    achievement = {
        "id": achievement_url,
        "type": ["Achievement"],
        "achievementType": (
            "Certification" if certificate.kind == Kind.COMPETENCY else "CertificateOfCompletion"
        ),
        "name": name,
        "nameByLanguage": titles,
        "description": name,
        "descriptionByLanguage": titles,
        "criteria": {
            "narrative": narratives[source],
            "narrativeByLanguage": narratives,
        },
        "inLanguage": source,
    }
    if certificate.standard_code:
        achievement["humanCode"] = certificate.standard_code
    if alignments:
        achievement["alignment"] = [_alignment(target) for target in alignments]
    subject = {
        "type": ["AchievementSubject"],
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
                "identityHash": clean_text(certificate.holder_name),
            },
        ],
        "achievement": achievement,
    }
    document = {
        "@context": CONTEXT,
        "id": credential_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "nameByLanguage": titles,
        "issuer": {
            "id": issuer_did,
            "type": ["Profile"],
            "name": clean_text(certificate.issuer),
            "url": settings.PUENTE_BASE_URL.rstrip("/") + "/",
        },
        "validFrom": _start_of(certificate.issued_on),
        "awardedDate": xsd_datetime(certificate.created_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status.list_url}#{status.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status.index),
            "statusListCredential": status.list_url,
        },
    }
    if certificate.expires_on:
        document["validUntil"] = _end_of(certificate.expires_on)
    return document


def _alignment(target: Alignment) -> dict:
    alignment = {
        "type": ["Alignment"],
        "targetType": "ceasn:Competency",
        "targetName": clean_text(target.name),
        "targetUrl": target.url,
        "targetCode": clean_text(target.code),
        "targetFramework": clean_text(target.framework),
    }
    if target.description:
        alignment["targetDescription"] = clean_text(target.description)
    return alignment
