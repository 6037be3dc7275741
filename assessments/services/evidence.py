"""Writes for evaluator evidence: the checklist record of one criterion, append-only.

Who may record: a user with the Evaluator role, about a learner of a cohort that names them
as its evaluator (``courses.permissions.evaluation_candidates``), never about themselves,
never about a candidate they trained for the same standard (an instructor of a cohort the
candidate is enrolled in, whose course prepares for the standard). A correction is a new
record that supersedes the current one, with a reason; the old record stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, user_has_role
from competencies.models import Criterion, Standard
from courses.permissions import evaluation_candidates

from ..models import EvidenceRecord
from ..models.evidence import photo_reencoded, validate_evidence_photo
from ..scoring.competency import OBSERVED_KINDS
from ..selectors.progress import cohorts_where_trained
from .standings import standings_refresh


class EvaluationRefused(Exception):
    """An evaluation action refused for a reason the evaluator must read (translated)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def evaluation_refusals(
    *, evaluator: User, candidates: Iterable[User], standard: Standard
) -> dict[int, str]:
    """Why ``evaluator`` may not assess each of ``candidates`` on ``standard``, by candidate
    id; a candidate left out may be assessed. The one statement of the rule (the candidate
    list and every evaluation write ask it); a fixed number of queries."""
    candidates = list(candidates)
    if not user_has_role(evaluator, Role.EVALUATOR):
        message = _("Only evaluators can record evidence and judgements.")
        return {candidate.pk: message for candidate in candidates}
    refusals = {
        candidate.pk: _("You cannot evaluate yourself; another evaluator must assess you.")
        for candidate in candidates
        if candidate.pk == evaluator.pk
    }
    others = {candidate.pk: candidate for candidate in candidates if candidate.pk not in refusals}
    reachable = set(
        evaluation_candidates(evaluator=evaluator, standard=standard)
        .filter(pk__in=list(others))
        .values_list("pk", flat=True)
    )
    for pk in set(others) - reachable:
        refusals[pk] = _(
            "%(candidate)s is not enrolled in a cohort you evaluate for %(standard)s."
        ) % {"candidate": others.pop(pk).printed_name, "standard": standard.code}
    trained = cohorts_where_trained(evaluator=evaluator, candidate_ids=others, standard=standard)
    for pk, cohort in trained.items():
        refusals[pk] = _(
            "You trained %(candidate)s in the cohort “%(cohort)s” of “%(course)s”, which "
            "prepares for %(standard)s. Another evaluator must assess this candidate."
        ) % {
            "candidate": others[pk].printed_name,
            "cohort": cohort.name,
            "course": cohort.course.title,
            "standard": standard.code,
        }
    return refusals


def evaluation_refusal(*, evaluator: User, candidate: User, standard: Standard) -> str | None:
    """Why ``evaluator`` may not assess ``candidate`` on ``standard``, or ``None``."""
    refusals = evaluation_refusals(evaluator=evaluator, candidates=[candidate], standard=standard)
    return refusals.get(candidate.pk)


def evaluation_check(*, evaluator: User, candidate: User, standard: Standard) -> None:
    refusal = evaluation_refusal(evaluator=evaluator, candidate=candidate, standard=standard)
    if refusal:
        raise EvaluationRefused(refusal, code="not_allowed")


@transaction.atomic
def evidence_record(
    *,
    evaluator: User,
    candidate: User,
    standard: Standard,
    criterion: Criterion,
    met: bool,
    observed_on: date,
    place: str,
    notes: str = "",
    photo: UploadedFile | None = None,
    replaces: EvidenceRecord | None = None,
    correction_reason: str = "",
    now: datetime | None = None,
) -> EvidenceRecord:
    """Record ``criterion`` as met or not met for ``candidate``.

    When the criterion already has evidence, this is a correction: ``replaces`` must be the
    record the evaluator saw (the current one, so two evaluators cannot overwrite each other
    unknowingly) and ``correction_reason`` says why.
    """
    now = now or timezone.now()
    evaluation_check(evaluator=evaluator, candidate=candidate, standard=standard)
    criterion = Criterion.objects.select_related("element").get(pk=criterion.pk)
    if criterion.element.standard_id != standard.pk:
        raise EvaluationRefused(
            _("Criterion %(code)s belongs to another standard, not to %(standard)s.")
            % {"code": criterion.code, "standard": standard.code},
            code="other_standard",
        )
    if criterion.kind not in OBSERVED_KINDS:
        raise EvaluationRefused(
            _("Criterion %(code)s is a knowledge criterion: the questionnaire assesses it.")
            % {"code": criterion.code},
            code="not_observed",
        )
    if observed_on > timezone.localdate(now):
        raise EvaluationRefused(_("The date observed cannot be in the future."), code="future_date")

    current = (
        # ``of=("self",)``: PostgreSQL cannot lock the outer-joined side of ``superseded_by``.
        EvidenceRecord.objects.select_for_update(of=("self",))
        .filter(candidate=candidate, criterion=criterion, superseded_by__isnull=True)
        .first()
    )
    if current is not None and (replaces is None or replaces.pk != current.pk):
        raise EvaluationRefused(
            _(
                "This criterion was recorded meanwhile (by %(evaluator)s at %(time)s). "
                "Review the current record, then record a correction."
            )
            % {
                "evaluator": current.evaluator.printed_name,
                "time": timezone.localtime(current.recorded_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="stale",
        )
    if current is None and replaces is not None:
        raise EvaluationRefused(_("The record to correct was not found."), code="stale")
    if current is not None and not correction_reason.strip():
        raise EvaluationRefused(
            _("Say why you are correcting the earlier record."), code="reason_required"
        )

    record = EvidenceRecord(
        candidate=candidate,
        standard=standard,
        criterion=criterion,
        evaluator=evaluator,
        met=met,
        notes=notes.strip(),
        observed_on=observed_on,
        place=place.strip(),
        recorded_at=now,
        supersedes=current,
        correction_reason=correction_reason.strip() if current else "",
    )
    if photo:
        try:
            validate_evidence_photo(photo)
        except ValidationError as error:
            raise EvaluationRefused(" ".join(error.messages), code="invalid") from error
        record.photo = photo_reencoded(photo)
    try:
        record.full_clean()
    except ValidationError as error:
        raise EvaluationRefused(" ".join(error.messages), code="invalid") from error
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:  # a concurrent first record or correction won the race
        raise EvaluationRefused(
            _("This criterion was recorded meanwhile. Review the current record and try again."),
            code="stale",
        ) from error
    standings_refresh(candidate_ids=[candidate.pk], criterion_ids=[criterion.pk])
    return record
