"""Reads for certificates: eligibility, look-ups by code or file hash, crosswalk equivalents."""

import datetime
from collections.abc import Callable
from functools import partial

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from assessments.selectors import judgements_current
from competencies.models import CrosswalkEntry, Standard
from courses.models import Course, Enrollment

from .codes import normalize_code
from .models import Certificate, Kind


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
        Certificate.objects.select_related("standard", "course", "superseded_by")
        .filter(code=code)
        .first()
    )


def certificate_by_sha256(digest: str) -> Certificate | None:
    return Certificate.objects.filter(pdf_sha256=digest).exclude(pdf_sha256="").first()


def certificates_of(holder) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=holder).order_by("-issued_on", "-pk")


def certificates_expiring(*, on_or_before: datetime.date, today: datetime.date):
    """Valid certificates that expire between today and ``on_or_before`` and were not reminded."""
    return Certificate.objects.filter(
        status=Certificate.Status.VALID,
        expires_on__gte=today,
        expires_on__lte=on_or_before,
        expiry_reminder_sent_at__isnull=True,
    ).select_related("holder")


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
