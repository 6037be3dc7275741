"""Writes for courses: enrollment, progress, reflections, completion, structure sync."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from accounts.models import User
from accounts.roles import Role, user_has_role
from competencies.models import Criterion

from . import completion
from .models import Cohort, Course, Enrollment, Module, ModuleProgress

REFLECTION_MAX_LENGTH = 2000


class NotEnrolledError(PermissionDenied):
    """Progress on a course the user is not enrolled in."""


def course_is_published(course: Course) -> bool:
    return course.page_key is not None and (
        Page.objects.filter(translation_key=course.page_key, live=True).exists()
    )


def _can_manage_cohort(user: User, cohort: Cohort) -> bool:
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    return cohort.instructors.filter(pk=user.pk).exists()


@transaction.atomic
def enrollment_create(
    *, user: User, course: Course, cohort: Cohort | None = None, enrolled_by: User | None = None
) -> Enrollment:
    """Enroll ``user`` in ``course``.

    Without ``cohort`` it is a self-enrollment: the course must be open and published.
    With ``cohort``, ``enrolled_by`` must teach that cohort (or be an administrator); closed
    courses take trainees this way. Enrolling twice returns the existing enrollment (moved
    into ``cohort`` when one is given).
    """
    existing = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if cohort is None:
        if enrolled_by is not None and enrolled_by.pk != user.pk:
            raise PermissionDenied(_("Only the trainee can enroll without a cohort."))
        if existing is not None:
            return existing
        if not course_is_published(course):
            raise ValidationError(_("This course is not published yet; you cannot enroll."))
        if not course.is_open:
            raise ValidationError(
                _("This course is closed; an instructor enrolls trainees through a cohort.")
            )
        enrollment = Enrollment(user=user, course=course)
    else:
        if cohort.course_id != course.pk:
            raise ValidationError(_("This cohort belongs to another course."))
        if enrolled_by is None or not _can_manage_cohort(enrolled_by, cohort):
            raise PermissionDenied(_("Only the cohort’s instructors can enroll trainees in it."))
        enrollment = existing or Enrollment(user=user, course=course)
        enrollment.cohort = cohort
    enrollment.full_clean(validate_unique=False)
    enrollment.save()
    return enrollment


def _enrollment_for_module(*, user: User, module: Module) -> Enrollment:
    enrollment = Enrollment.objects.filter(user=user, course_id=module.course_id).first()
    if enrollment is None:
        raise NotEnrolledError(_("Enroll in the course first; your progress is saved there."))
    return enrollment


def _module(key: uuid.UUID) -> Module:
    module = Module.objects.filter(key=key).first()
    if module is None:
        raise ValidationError(_("This module is not published yet."))
    return module


@transaction.atomic
def module_progress_complete(*, user: User, module_key: uuid.UUID) -> ModuleProgress:
    """Mark a module done (in whatever language it was studied) and check the course."""
    module = _module(module_key)
    enrollment = _enrollment_for_module(user=user, module=module)
    progress, _created = ModuleProgress.objects.get_or_create(enrollment=enrollment, module=module)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    enrollment_completion_check(enrollment=enrollment)
    return progress


@transaction.atomic
def reflection_save(
    *, user: User, module_key: uuid.UUID, block_id: str, answer: str
) -> ModuleProgress:
    """Save a private answer to a reflection prompt; refused (nothing changed) when too long."""
    answer = answer.strip()
    if len(answer) > REFLECTION_MAX_LENGTH:
        raise ValidationError(
            _(
                "Your answer has %(length)d characters; the limit is %(limit)d. "
                "Shorten it and save again."
            )
            % {"length": len(answer), "limit": REFLECTION_MAX_LENGTH}
        )
    if not block_id or len(block_id) > 64:
        raise ValidationError(_("This reflection prompt no longer exists."))
    module = _module(module_key)
    enrollment = _enrollment_for_module(user=user, module=module)
    progress, _created = ModuleProgress.objects.select_for_update().get_or_create(
        enrollment=enrollment, module=module
    )
    progress.reflections = {**progress.reflections, block_id: answer}
    progress.full_clean(exclude=["enrollment", "module"])
    progress.save(update_fields=["reflections"])
    return progress


@transaction.atomic
def enrollment_completion_check(*, enrollment: Enrollment) -> bool:
    """Set ``completed_at`` once every required module is done and every requirement that an
    upper app registered in ``courses.completion`` is met. Returns whether it is complete."""
    if enrollment.completed_at is not None:
        return True
    required = Module.objects.published().filter(course_id=enrollment.course_id, is_required=True)
    pending = required.exclude(
        progress__enrollment=enrollment, progress__completed_at__isnull=False
    )
    if pending.exists() or not required.exists():
        return False
    if completion.REQUIREMENTS.unmet(enrollment):
        return False
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["completed_at"])
    return True


@transaction.atomic
def course_page_sync(*, course: Course, page_key: uuid.UUID) -> Course:
    """Record which page presents ``course`` (called when a course page is published)."""
    if course.page_key != page_key:
        Course.objects.filter(page_key=page_key).exclude(pk=course.pk).update(page_key=None)
        course.page_key = page_key
        course.save(update_fields=["page_key"])
    return course


@transaction.atomic
def module_sync(
    *,
    course: Course,
    key: uuid.UUID,
    position: int,
    is_required: bool,
    criteria: Iterable[Criterion],
) -> Module:
    """Keep the ``Module`` row of a published module page in step with the page."""
    module, _created = Module.objects.update_or_create(
        key=key, defaults={"course": course, "position": position, "is_required": is_required}
    )
    module.criteria.set(list(criteria))
    return module
