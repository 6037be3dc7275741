"""Sign a certificate's Open Badges credential at issue, and the revocation status lists.

``credential_issue`` runs inside the issuing transaction (``issue._certificate_create``,
so bulk issuance signs too): the credential is signed once, stored as the exact JSON that
downloads and the PDF carry, with a status entry at a random free index. Revoking a
certificate needs no re-signing: ``status_list_credential`` reads the revoked certificates
when asked, so the bit is set from the moment the revocation commits.
"""

import datetime
import json
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.notifications import absolute_url
from competencies.translation import translated

from .. import selectors
from ..credentials import clr, eddsa, keys, openbadges, status
from ..credentials.jsonld import VC_V2
from ..credentials.models import STATUS_LIST_SIZE, IssuedCredential
from ..models import Certificate, Kind

# A list takes new entries until half full; random indexes then rarely collide.
STATUS_LIST_FILL = STATUS_LIST_SIZE // 2


def credential_url(certificate: Certificate) -> str:
    """``/<default language>/verify/<code>/credential.json``: the credential's ``id``."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("certificates:credential", kwargs={"code": certificate.code}))


def status_list_url(number: int) -> str:
    return absolute_url(reverse("credentials:status-list", kwargs={"number": number}))


def _achievement_url(certificate: Certificate) -> str:
    if certificate.kind == Kind.COMPETENCY:
        with translation.override(certificate.source_language):
            return absolute_url(certificate.standard.get_absolute_url())
    return f"urn:puente:course:{certificate.course.code}"


def _alignments(certificate: Certificate) -> list[openbadges.Alignment]:
    language = certificate.source_language
    standards = (
        [certificate.standard]
        if certificate.kind == Kind.COMPETENCY
        else list(certificate.course.target_standards.select_related("framework"))
    )
    alignments = []
    with translation.override(language):
        for standard in standards:
            alignments.append(
                openbadges.Alignment(
                    name=f"{standard.code} {translated(standard, 'title', language)}",
                    url=absolute_url(standard.get_absolute_url()),
                    code=standard.code,
                    framework=translated(standard.framework, "name", language),
                )
            )
        for equivalent in selectors.crosswalk_equivalents(certificate):
            other, other_standard = equivalent["other"], equivalent["other_standard"]
            entry = equivalent["entry"]
            rationale = translated(entry, "rationale", language)
            alignments.append(
                openbadges.Alignment(
                    name=str(other),
                    url=absolute_url(other_standard.get_absolute_url()),
                    code=getattr(other, "code", None) or f"{other_standard.code} E{other.number}",
                    framework=translated(other_standard.framework, "name", language),
                    description=" ".join(
                        part for part in (f"{entry.get_equivalence_display()}.", rationale) if part
                    ),
                )
            )
    return alignments


def _allocate_status_entry() -> tuple[int, int]:
    """A random index in the newest list (a new list each ``STATUS_LIST_FILL`` credentials,
    so a list is at most half full and random draws rarely collide); the unique constraint
    catches the rare collision and ``credential_issue`` draws again."""
    issued = IssuedCredential.objects.count()
    return 1 + issued // STATUS_LIST_FILL, secrets.randbelow(STATUS_LIST_SIZE)


def credential_issue(*, certificate: Certificate) -> IssuedCredential:
    """Sign and store ``certificate``'s credential (in the caller's transaction)."""
    ring = keys.key_ring()
    method = keys.verification_method(ring.current)
    alignments = _alignments(certificate)
    for _attempt in range(8):
        status_list, index = _allocate_status_entry()
        unsigned = openbadges.credential_build(
            certificate,
            credential_url=credential_url(certificate),
            issuer_did=keys.issuer_did(),
            achievement_url=_achievement_url(certificate),
            alignments=alignments,
            email=certificate.holder.email,
            status=openbadges.StatusEntry(list_url=status_list_url(status_list), index=index),
        )
        signed = eddsa.document_sign(
            unsigned,
            private_key=ring.signing_key,
            verification_method=method,
            created=timezone.now(),
        )
        try:
            with transaction.atomic():
                return IssuedCredential.objects.create(
                    certificate=certificate,
                    document=json.dumps(signed, ensure_ascii=False, indent=2),
                    verification_method=method,
                    status_list=status_list,
                    status_index=index,
                )
        except IntegrityError:  # another worker took the index meanwhile: draw again
            continue
    raise IntegrityError("No free status list index after eight draws.")


def credential_ensure(*, certificate: Certificate) -> IssuedCredential:
    """The certificate's credential, signed now if it was issued before credentials were."""
    existing = IssuedCredential.objects.filter(certificate=certificate).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Certificate.objects.select_for_update().get(pk=certificate.pk)
        existing = IssuedCredential.objects.filter(certificate=certificate).first()
        return existing or credential_issue(certificate=certificate)


def learner_record_sign(*, holder) -> dict | None:
    """The holder's CLR 2.0 learner record, signed now, carrying the credentials of
    ``selectors.learner_record_certificates``; ``None`` when there is none."""
    certificates = selectors.learner_record_certificates(holder)
    if not certificates:
        return None
    credentials = [
        json.loads(credential_ensure(certificate=certificate).document)
        for certificate in certificates
    ]
    now = timezone.now()
    record = clr.clr_build(
        credentials=credentials,
        name=_("Learner record of %(name)s") % {"name": certificates[0].holder_name},
        holder_name=certificates[0].holder_name,
        email=holder.email,
        issuer_did=keys.issuer_did(),
        issuer_name=certificates[0].issuer,
        issued_at=now,
    )
    ring = keys.key_ring()
    return eddsa.document_sign(
        record,
        private_key=ring.signing_key,
        verification_method=keys.verification_method(ring.current),
        created=now,
    )


def status_list_credential(*, number: int, now: datetime.datetime | None = None) -> dict | None:
    """The signed ``BitstringStatusListCredential`` of list ``number``, as of now; ``None``
    for a list that holds no credential yet."""
    entries = IssuedCredential.objects.filter(status_list=number)
    if number != 1 and not entries.exists():
        return None
    revoked = entries.filter(certificate__status=Certificate.Status.REVOKED).values_list(
        "status_index", flat=True
    )
    url = status_list_url(number)
    now = now or timezone.now()
    document = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.issuer_did(),
        "validFrom": openbadges.xsd_datetime(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status.encode(revoked),
        },
    }
    ring = keys.key_ring()
    return eddsa.document_sign(
        document,
        private_key=ring.signing_key,
        verification_method=keys.verification_method(ring.current),
        created=now,
    )
