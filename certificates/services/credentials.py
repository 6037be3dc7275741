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


def credentials_issue_many(*, certificates: list[Certificate]) -> list[IssuedCredential]:
    """``credential_issue`` for many certificates of one achievement (bulk issuance), in the
    caller's transaction and a fixed number of queries: the alignments, key and list are
    read once, the status indexes drawn at random among those still free, and the
    credentials inserted together. Another worker taking an index meanwhile (the unique
    constraint) makes it draw again, as ``credential_issue`` does."""
    if not certificates:
        return []
    ring = keys.key_ring()
    method = keys.verification_method(ring.current)
    issuer = keys.issuer_did()
    alignments = _alignments(certificates[0])  # the same achievement for all of them
    achievement_url = _achievement_url(certificates[0])
    now = timezone.now()
    for _attempt in range(8):
        issued = IssuedCredential.objects.count()
        entries = _free_status_entries(issued, len(certificates))
        credentials = []
        for certificate, (status_list, index) in zip(certificates, entries, strict=True):
            unsigned = openbadges.credential_build(
                certificate,
                credential_url=credential_url(certificate),
                issuer_did=issuer,
                achievement_url=achievement_url,
                alignments=alignments,
                email=certificate.holder.email,
                status=openbadges.StatusEntry(list_url=status_list_url(status_list), index=index),
            )
            signed = eddsa.document_sign(
                unsigned, private_key=ring.signing_key, verification_method=method, created=now
            )
            credentials.append(
                IssuedCredential(
                    certificate=certificate,
                    document=json.dumps(signed, ensure_ascii=False, indent=2),
                    verification_method=method,
                    status_list=status_list,
                    status_index=index,
                    signed_at=now,
                )
            )
        try:
            with transaction.atomic():
                return IssuedCredential.objects.bulk_create(credentials)
        except IntegrityError:  # another worker took one of the indexes meanwhile
            continue
    raise IntegrityError("No free status list indexes after eight draws.")


def _free_status_entries(issued: int, count: int) -> list[tuple[int, int]]:
    """``count`` distinct entries drawn as ``_allocate_status_entry`` draws them (a random
    index in the list of the ``issued + n``-th credential), those already taken drawn again
    (one query; a collision after it is the unique constraint's to catch)."""

    def draw(n: int, avoid) -> tuple[int, int]:
        while True:
            entry = (1 + (issued + n) // STATUS_LIST_FILL, secrets.randbelow(STATUS_LIST_SIZE))
            if entry not in avoid:
                return entry

    entries: list[tuple[int, int]] = []
    chosen: set[tuple[int, int]] = set()
    for n in range(count):
        entries.append(draw(n, chosen))
        chosen.add(entries[-1])
    taken = set(
        IssuedCredential.objects.filter(
            status_list__in={entry[0] for entry in entries},
            status_index__in={entry[1] for entry in entries},
        ).values_list("status_list", "status_index")
    )
    for n, entry in enumerate(entries):
        if entry in taken:
            entries[n] = draw(n, taken | chosen)
            chosen.add(entries[n])
    return entries


def credentials_of(*, certificates: list[Certificate]) -> dict[int, IssuedCredential]:
    """The stored credentials of ``certificates`` by certificate id, in one query."""
    found = IssuedCredential.objects.filter(certificate__in=[c.pk for c in certificates])
    return {credential.certificate_id: credential for credential in found}


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
    stored = credentials_of(certificates=certificates)
    credentials = [
        json.loads((stored.get(c.pk) or credential_ensure(certificate=c)).document)
        for c in certificates
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
