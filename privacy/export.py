"""Everything Puente holds about one person, as a ZIP they download (the LFPDPPP right of
access): ``data.json`` with their profile, consents, ARCO requests, enrolments with module
progress and reflections, quiz attempts with every answer, evidence recorded about them,
evaluation plans, judgements and certificates; and their files, ``files/evidence/…`` (evidence
photos) and ``files/certificates/<code>.pdf``.

Reads only; the modules of the apps below are read through their models (this is the one
place that gathers a person's rows across every app).
"""

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from accounts.models import PrivacyConsent
from accounts.privacy_notice import CURRENT_VERSION
from assessments.models import Attempt, EvaluationPlan, EvidenceRecord, Judgement
from certificates.links import verification_url
from certificates.models import Certificate, IssuanceRequest
from courses.models import Enrollment

from .models import DataRightsRequest

FORMAT_VERSION = 1


def _file(archive: zipfile.ZipFile, field, folder: str, name: str | None = None) -> str | None:
    """Copy a stored file into the archive under ``files/<folder>/``; its archive path, or
    ``None`` when the record has no file or the storage lost it."""
    if not field:
        return None
    target = f"files/{folder}/{name or PurePosixPath(field.name).name}"
    try:
        with field.storage.open(field.name, "rb") as handle:
            archive.writestr(target, handle.read())
    except FileNotFoundError:
        return None
    return target


def _profile(user) -> dict:
    return {
        "email": user.email,
        "given_names": user.first_name,
        "family_names": user.last_name,
        "printed_name": user.printed_name,
        "curp": user.curp,
        "preferred_language": user.preferred_language,
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _enrolments(user) -> list[dict]:
    enrolments = (
        Enrollment.objects.filter(user=user)
        .select_related("course", "cohort")
        .prefetch_related("module_progress__module")
        .order_by("enrolled_at")
    )
    return [
        {
            "course_code": enrolment.course.code,
            "course": str(enrolment.course),
            "cohort": enrolment.cohort.name if enrolment.cohort_id else None,
            "enrolled_at": enrolment.enrolled_at,
            "completed_at": enrolment.completed_at,
            "withdrawn_at": enrolment.withdrawn_at,
            "modules": [
                {
                    "module": str(progress.module),
                    "started_at": progress.started_at,
                    "completed_at": progress.completed_at,
                    "reflections": progress.reflections,
                }
                for progress in enrolment.module_progress.all()
            ],
        }
        for enrolment in enrolments
    ]


def _attempts(user) -> list[dict]:
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("answers__item_version")
        .order_by("started_at")
    )
    return [
        {
            "quiz": str(attempt.quiz),
            "number": attempt.number,
            "status": attempt.status,
            "language": attempt.language,
            "started_at": attempt.started_at,
            "submitted_at": attempt.submitted_at,
            "points": attempt.points,
            "max_points": attempt.max_points,
            "score": attempt.score,
            "passed": attempt.passed,
            "answers": [
                {
                    "question": answer.position,
                    "item_version": answer.item_version_id,
                    "response": answer.response,
                    "saved_at": answer.saved_at,
                    "flagged": answer.flagged,
                    "points": answer.points,
                    "max_points": answer.max_points,
                    "grader_feedback": answer.grader_feedback,
                    "graded_at": answer.graded_at,
                }
                for answer in attempt.answers.all()
            ],
        }
        for attempt in attempts
    ]


def _evidence(user, archive) -> list[dict]:
    records = (
        EvidenceRecord.objects.filter(candidate=user)
        .select_related("standard", "criterion", "evaluator")
        .order_by("recorded_at", "pk")
    )
    return [
        {
            "standard": record.standard.code,
            "criterion": str(record.criterion),
            "met": record.met,
            "notes": record.notes,
            "observed_on": record.observed_on,
            "place": record.place,
            "recorded_at": record.recorded_at,
            "evaluator": record.evaluator.printed_name,
            "corrects_earlier_record": record.supersedes_id is not None,
            "correction_reason": record.correction_reason,
            "photo": _file(archive, record.photo, "evidence"),
        }
        for record in records
    ]


def _plans(user) -> list[dict]:
    plans = EvaluationPlan.objects.filter(candidate=user).select_related("standard", "evaluator")
    return [
        {
            "standard": plan.standard.code,
            "evaluator": plan.evaluator.printed_name,
            "scheduled_on": plan.scheduled_on,
            "place": plan.place,
            "proposed_at": plan.proposed_at,
            "accepted_at": plan.accepted_at,
        }
        for plan in plans.order_by("proposed_at")
    ]


def _judgements(user) -> list[dict]:
    judgements = Judgement.objects.filter(candidate=user).select_related("standard", "evaluator")
    return [
        {
            "standard": judgement.standard.code,
            "result": judgement.result,
            "evaluator": judgement.evaluator.printed_name if judgement.evaluator_id else None,
            "decided_at": judgement.decided_at,
            "basis": judgement.basis,
        }
        for judgement in judgements.order_by("decided_at")
    ]


def _certificates(user, archive) -> list[dict]:
    certificates = Certificate.objects.filter(holder=user).select_related("holder")
    return [
        {
            "code": certificate.code,
            "kind": certificate.kind,
            "achievement": str(certificate.title),
            "standard": certificate.standard_code,
            "printed_name": certificate.holder_name,
            "status": certificate.status,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.expires_on,
            "revoked_at": certificate.revoked_at,
            "verification_url": verification_url(certificate),
            "pdf": _file(archive, certificate.pdf, "certificates", f"{certificate.code}.pdf"),
        }
        for certificate in certificates.order_by("issued_on", "pk")
    ]


def _issuance_requests(user) -> list[dict]:
    return [
        {
            "standard": request.standard.code,
            "status": request.status,
            "requested_at": request.requested_at,
            "decided_at": request.decided_at,
            "decline_reason": request.decline_reason,
        }
        for request in IssuanceRequest.objects.filter(holder=user)
        .select_related("standard")
        .order_by("requested_at")
    ]


def user_data_export(*, user) -> bytes:
    """The ZIP of everything held about ``user`` (see the module's docstring)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        data = {
            "format_version": FORMAT_VERSION,
            "exported_at": timezone.now(),
            "privacy_notice_version": CURRENT_VERSION.code,
            "profile": _profile(user),
            "consents": list(
                PrivacyConsent.objects.filter(user=user).values(
                    "version", "occasion", "accepted_at"
                )
            ),
            "data_rights_requests": list(
                DataRightsRequest.objects.filter(user=user).values(
                    "kind", "status", "details", "created_at", "closed_at"
                )
            ),
            "enrolments": _enrolments(user),
            "attempts": _attempts(user),
            "evidence": _evidence(user, archive),
            "evaluation_plans": _plans(user),
            "judgements": _judgements(user),
            "certificates": _certificates(user, archive),
            "issuance_requests": _issuance_requests(user),
        }
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    return buffer.getvalue()
