"""Writes for enrollment: self-enrollment, enrolling into a cohort, moving, withdrawing.

Withdrawing never deletes: the enrollment leaves its cohort and gets ``withdrawn_at``, so the
trainee's progress, attempts and certificates stay; enrolling again reactivates the same row.
Each write by staff checks its actor (``courses.permissions``) and is logged in Wagtail's log.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Page

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create

from .. import tasks
from ..models import Cohort, Course, Enrollment
from ..permissions import can_enrol_in


def course_is_published(course: Course) -> bool:
    return course.page_key is not None and (
        Page.objects.filter(translation_key=course.page_key, live=True).exists()
    )


def require_enrol(actor: User | None, cohort: Cohort) -> None:
    if actor is None or not can_enrol_in(actor, cohort):
        raise PermissionDenied(
            _(
                "Only the course’s lead instructors and the cohort’s instructors manage "
                "its trainees."
            )
        )


@transaction.atomic
def enrollment_create(
    *, user: User, course: Course, cohort: Cohort | None = None, enrolled_by: User | None = None
) -> Enrollment:
    """Enroll ``user`` in ``course``.

    Without ``cohort`` it is a self-enrollment: the course must be open and published.
    With ``cohort``, ``enrolled_by`` must be allowed to enrol in it (``can_enrol_in``); closed
    courses take trainees this way. Enrolling twice returns the existing enrollment (moved
    into ``cohort`` when one is given); a withdrawn enrollment becomes active again.
    """
    existing = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if cohort is None:
        if enrolled_by is not None and enrolled_by.pk != user.pk:
            raise PermissionDenied(_("Only the trainee can enroll without a cohort."))
        if existing is not None and existing.withdrawn_at is None:
            return existing
        if not course_is_published(course):
            raise ValidationError(_("This course is not published yet; you cannot enroll."))
        if not course.is_open:
            raise ValidationError(
                _("This course is closed; an instructor enrolls trainees through a cohort.")
            )
        enrollment = existing or Enrollment(user=user, course=course)
    else:
        if cohort.course_id != course.pk:
            raise ValidationError(_("This cohort belongs to another course."))
        require_enrol(enrolled_by, cohort)
        enrollment = existing or Enrollment(user=user, course=course)
        enrollment.cohort = cohort
    enrollment.withdrawn_at = None
    enrollment.full_clean(validate_unique=False)
    enrollment.save()
    if cohort is not None:
        log(instance=enrollment, action="courses.enrol", user=enrolled_by, data=_data(cohort))
    return enrollment


def _data(cohort: Cohort | None) -> dict:
    return {"cohort": cohort.name if cohort else "", "cohort_id": cohort.pk if cohort else None}


@transaction.atomic
def learner_enrol(
    *,
    cohort: Cohort,
    actor: User,
    email: str,
    first_name: str = "",
    last_name: str = "",
    curp: str = "",
    preferred_language: str = settings.LANGUAGE_CODE,
    invite: bool = True,
) -> tuple[Enrollment, bool]:
    """Enrol the person with ``email`` in ``cohort``, creating their trainee account when
    there is none (names required then). Returns ``(enrollment, account_created)``.
    After commit, the trainee gets an e-mail in their language: with a link to set their
    password when the account is new, and a link to the course."""
    require_enrol(actor, cohort)
    user = User.objects.filter(email__iexact=email.strip()).first()
    created = user is None
    if created:
        user = user_create(
            email=email,
            password=None,  # chosen by the trainee through the invitation's link
            first_name=first_name,
            last_name=last_name,
            preferred_language=preferred_language,
            curp=curp,
            roles=(Role.TRAINEE,),
        )
    enrollment = enrollment_create(
        user=user, course=cohort.course, cohort=cohort, enrolled_by=actor
    )
    if invite:
        invitation_enqueue(enrollment, new_account=created)
    return enrollment, created


def invitation_enqueue(enrollment: Enrollment, *, new_account: bool) -> None:
    pk = enrollment.pk
    tasks.enrollment_invitation_email.enqueue(pk, new_account)


@transaction.atomic
def invitation_resend(*, enrollment: Enrollment, actor: User) -> None:
    """Send the invitation again (its password link lasts a few days), to a trainee of one
    of the actor's cohorts who never logged in."""
    cohort = _active_in_cohort(enrollment)
    require_enrol(actor, cohort)
    if enrollment.user.last_login is not None:
        raise ValidationError(_("This trainee has already logged in; they use their password."))
    invitation_enqueue(enrollment, new_account=True)
    log(instance=enrollment, action="courses.invite", user=actor, data=_data(cohort))


def _active_in_cohort(enrollment: Enrollment) -> Cohort:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.withdrawn_at is not None or enrollment.cohort_id is None:
        raise ValidationError(_("This trainee is no longer in a cohort of this course."))
    return Cohort.objects.select_related("course").get(pk=enrollment.cohort_id)


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, actor: User) -> Enrollment:
    """Take a trainee out of their cohort and course without deleting anything they did."""
    cohort = _active_in_cohort(enrollment)
    require_enrol(actor, cohort)
    enrollment.refresh_from_db()
    enrollment.cohort = None
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["cohort", "withdrawn_at"])
    log(instance=enrollment, action="courses.withdraw", user=actor, data=_data(cohort))
    return enrollment


@transaction.atomic
def enrollment_move(*, enrollment: Enrollment, cohort: Cohort, actor: User) -> Enrollment:
    """Move a trainee to another cohort of the same course; their record goes with them."""
    source = _active_in_cohort(enrollment)
    if cohort.course_id != source.course_id:
        raise ValidationError(_("A trainee moves only between cohorts of the same course."))
    if cohort.pk == source.pk:
        raise ValidationError(_("The trainee is already in this cohort."))
    require_enrol(actor, source)
    require_enrol(actor, cohort)
    enrollment.refresh_from_db()
    enrollment.cohort = cohort
    enrollment.save(update_fields=["cohort"])
    log(
        instance=enrollment,
        action="courses.move",
        user=actor,
        data={"from": source.name, "from_id": source.pk, **_data(cohort)},
    )
    return enrollment
