"""Reads for certificates: eligibility, look-ups by code or file hash, what a holder's
judgements led to, the approval queue, crosswalk equivalents."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import Judgement
from assessments.selectors import judgements_current
from competencies.models import CrosswalkEntry, Standard
from courses.models import Course, Enrollment

from .codes import normalize_code
from .models import Certificate, CertificateEvent, IssuanceRequest, IssuanceRule, Kind


def ineligibility_reasons(
    *, holders, course: Course | None = None, standard: Standard | None = None
) -> dict[int, Callable[[], str]]:
    """Who among ``holders`` cannot receive this certificate now, in one query.

    Keyed by holder id; each value gives the reason in the active language when called, so a
    caller can word it in every language. Holders missing from the result are eligible.
    """
    if course is not None:
        completed = set(
            Enrollment.objects.filter(
                user__in=holders, course=course, completed_at__isnull=False
            ).values_list("user_id", flat=True)
        )
        return {
            holder.pk: partial(_not_completed, holder, course)
            for holder in holders
            if holder.pk not in completed
        }
    judgements = judgements_current(candidates=holders, standard=standard)
    reasons = {}
    for holder in holders:
        judgement = judgements.get(holder.pk)
        if judgement is None:
            reasons[holder.pk] = partial(_no_judgement, holder, standard)
        elif not judgement.is_competent:
            reasons[holder.pk] = partial(_not_competent, holder, standard)
    return reasons


def ineligibility_reason(
    *, holder, course: Course | None = None, standard: Standard | None = None
) -> str | None:
    """Why ``holder`` cannot receive this certificate now, or None when they can."""
    reason = ineligibility_reasons(holders=[holder], course=course, standard=standard).get(
        holder.pk
    )
    return reason() if reason else None


def _not_completed(holder, course: Course) -> str:
    return _("%(name)s has not completed the course “%(course)s”.") % {
        "name": holder.printed_name,
        "course": course.title,
    }


def _no_judgement(holder, standard: Standard) -> str:
    return _("%(name)s has no judgement on %(code)s yet.") % {
        "name": holder.printed_name,
        "code": standard.code,
    }


def _not_competent(holder, standard: Standard) -> str:
    return _("%(name)s’s latest judgement on %(code)s is “Not yet competent”.") % {
        "name": holder.printed_name,
        "code": standard.code,
    }


def _valid(*, course, standard):
    kind = Kind.COURSE if course is not None else Kind.COMPETENCY
    return Certificate.objects.filter(
        kind=kind, course=course, standard=standard, status=Certificate.Status.VALID
    )


def certificate_valid_for(*, holder, course=None, standard=None) -> Certificate | None:
    return _valid(course=course, standard=standard).filter(holder=holder).first()


def certificates_valid_for(*, holders, course=None, standard=None) -> dict[int, Certificate]:
    """``certificate_valid_for`` for many holders at once (one query), keyed by holder id."""
    return {
        certificate.holder_id: certificate
        for certificate in _valid(course=course, standard=standard).filter(holder__in=holders)
    }


def certificate_by_code(raw_code: str) -> Certificate | None:
    code = normalize_code(raw_code)
    if code is None:
        return None
    return (
        Certificate.objects.select_related("standard", "course", "superseded_by", "supersedes")
        .filter(code=code)
        .first()
    )


def certificate_by_sha256(digest: str) -> Certificate | None:
    """The certificate whose issued PDF, or whose copy marked revoked, has this SHA-256."""
    if not digest:
        return None
    return Certificate.objects.filter(Q(pdf_sha256=digest) | Q(revoked_pdf_sha256=digest)).first()


def certificate_verification(certificate: Certificate) -> dict:
    """What the verification page says besides the certificate itself: the certificate it
    replaces (``replaces``) and whether that was a renewal (``renews``) or a re-issue."""
    try:
        replaces = certificate.supersedes  # select_related by ``certificate_by_code``
    except Certificate.DoesNotExist:
        replaces = None
    renews = (
        replaces is not None
        and certificate.events.filter(action=CertificateEvent.Action.RENEWED).exists()
    )
    return {"replaces": replaces, "renews": renews}


def certificates_of(holder) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(holder=holder)
        .select_related("superseded_by")
        .order_by("-issued_on", "-pk")
    )


def in_learner_record(certificate: Certificate) -> bool:
    """Whether a holder's learner record (CLR) carries ``certificate``: all but revoked
    certificates, which no longer certify anything."""
    return certificate.status != Certificate.Status.REVOKED


def learner_record_certificates(holder) -> list[Certificate]:
    """The certificates of a holder's learner record, newest first."""
    return [c for c in certificates_of(holder) if in_learner_record(c)]


def issuance_mode(standard: Standard) -> str:
    """``IssuanceRule.Mode`` for ``standard``: at once unless an administrator set a rule."""
    rule = IssuanceRule.objects.filter(standard=standard).only("mode").first()
    return rule.mode if rule else IssuanceRule.Mode.AT_ONCE


def issuance_requests_pending() -> QuerySet[IssuanceRequest]:
    """The approval queue, oldest first (the standard's framework for its title's fallback
    language, in the same query)."""
    return IssuanceRequest.objects.filter(status=IssuanceRequest.Status.PENDING).select_related(
        "holder", "standard__framework", "judgement__evaluator"
    )


def issuance_requests_of(holder) -> QuerySet[IssuanceRequest]:
    """The holder's certificates awaiting approval, and those declined, newest first."""
    issued_since = Certificate.objects.filter(
        holder=holder, standard=OuterRef("standard"), created_at__gt=OuterRef("decided_at")
    )
    return (
        IssuanceRequest.objects.filter(
            holder=holder,
            status__in=[IssuanceRequest.Status.PENDING, IssuanceRequest.Status.DECLINED],
        )
        .exclude(Q(status=IssuanceRequest.Status.DECLINED) & Exists(issued_since))
        .select_related("standard")
        .order_by("-requested_at", "-pk")
    )


def issuance_requests_pending_count() -> int:
    return IssuanceRequest.objects.filter(status=IssuanceRequest.Status.PENDING).count()


@dataclass(frozen=True)
class CertificateOutcome:
    """Where a holder's competency certificate on one standard stands.

    ``status``: ``valid``, ``expired``, ``revoked`` or ``superseded`` (a certificate),
    ``pending`` or ``declined`` (a request), or ``none`` (judged *Competente*, nothing issued).
    """

    standard_id: int
    status: str
    certificate: Certificate | None = None
    request: IssuanceRequest | None = None

    @property
    def url(self) -> str:
        """The certificate's verification page, or the holder's certificates page."""
        if self.certificate is not None:
            return reverse("certificates:verify", kwargs={"code": self.certificate.code})
        return reverse("certificates:mine")


def certificate_outcomes(*, holder) -> list[CertificateOutcome]:
    """One outcome per standard ``holder`` has a certificate, a request or a current
    *Competente* judgement on (three queries), for the pages that show a judgement."""
    certificates: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(holder=holder, kind=Kind.COMPETENCY).order_by(
        "created_at", "pk"
    ):
        current = certificates.get(certificate.standard_id)
        if current is None or current.status != Certificate.Status.VALID:
            certificates[certificate.standard_id] = certificate  # valid wins, else the latest
    requests: dict[int, IssuanceRequest] = {}
    for request in IssuanceRequest.objects.filter(
        holder=holder,
        status__in=[IssuanceRequest.Status.PENDING, IssuanceRequest.Status.DECLINED],
    ).order_by("requested_at", "pk"):
        requests[request.standard_id] = request
    competent = {
        standard_id
        for standard_id, result in _current_results(holder)
        if result == Judgement.Result.COMPETENT
    }
    outcomes = []
    for standard_id in sorted(set(certificates) | set(requests) | competent):
        certificate, request = certificates.get(standard_id), requests.get(standard_id)
        if request is not None and (
            request.status == IssuanceRequest.Status.PENDING
            or certificate is None
            or request.requested_at > certificate.created_at
        ):
            outcomes.append(CertificateOutcome(standard_id, request.status, request=request))
        elif certificate is not None:
            outcomes.append(
                CertificateOutcome(standard_id, certificate.public_status, certificate=certificate)
            )
        else:
            outcomes.append(CertificateOutcome(standard_id, "none"))
    return outcomes


def _current_results(holder):
    latest: dict[int, str] = {}
    for standard_id, result in (
        Judgement.objects.filter(candidate=holder)
        .order_by("decided_at", "pk")
        .values_list("standard_id", "result")
    ):
        latest[standard_id] = result
    return latest.items()


def certificates_to_remind(*, within_days: int, today: datetime.date):
    """In-force certificates that expire within ``within_days`` days and were not reminded."""
    return (
        Certificate.objects.expiring(today=today, within_days=within_days)
        .filter(expiry_reminder_sent_at__isnull=True)
        .select_related("holder")
    )


def crosswalk_equivalents(certificate: Certificate) -> list[dict]:
    """Crosswalk entries from (or to) the certified standard(s), to the other country."""
    if certificate.kind == Kind.COMPETENCY:
        standard_ids = [certificate.standard_id]
    else:
        standard_ids = list(certificate.course.target_standards.values_list("pk", flat=True))
    if not standard_ids:
        return []
    related = (
        "source_element__standard",
        "source_criterion__element__standard",
        "target_element__standard__framework",
        "target_criterion__element__standard__framework",
        "source_element__standard__framework",
        "source_criterion__element__standard__framework",
    )
    outgoing = Q(source_element__standard__in=standard_ids) | Q(
        source_criterion__element__standard__in=standard_ids
    )
    incoming = Q(target_element__standard__in=standard_ids) | Q(
        target_criterion__element__standard__in=standard_ids
    )
    entries = []
    for entry in CrosswalkEntry.objects.filter(outgoing | incoming).select_related(*related):
        mine, other = entry.source, entry.target
        if CrosswalkEntry._standard_of(other).pk in standard_ids:
            mine, other = other, mine
        entries.append(
            {"entry": entry, "mine": mine, "other": other, "other_standard": _standard(other)}
        )
    return entries


def _standard(node):
    return CrosswalkEntry._standard_of(node)


def credential_check(document: dict, *, now: datetime.datetime) -> dict:
    """What Puente says of an uploaded credential: whether it issued it (its DID, a key of
    its DID document, a signature that verifies) and the certificate's status today.

    Returns ``{"verdict": Verdict, "ours": bool, "certificate": Certificate | None}``; the
    status is read from the certificate itself, as the status list would say it.
    """
    from .credentials import keys, verifier

    did = keys.issuer_did()
    verdict = verifier.credential_verify(
        document, now=now, documents={did: keys.did_document()}, check_status=False
    )
    ours = (
        verdict.genuine
        and verdict.issuer == did
        and verdict.verification_method.startswith(f"{did}#")
    )
    certificate = None
    if ours:
        code = _credential_code(document.get("id", ""))
        certificate = Certificate.objects.filter(code=code).first() if code else None
    return {"verdict": verdict, "ours": ours, "certificate": certificate}


def _credential_code(credential_id: str) -> str:
    """The certificate code in ``…/verify/<code>/credential.json``."""
    parts = credential_id.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-1] == "credential.json" else ""
