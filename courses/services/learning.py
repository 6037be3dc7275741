"""Writes for learning: progress, reflections, completion, and the sync with published pages."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from competencies.models import Criterion

from .. import completion
from ..models import Course, Enrollment, Module, ModuleProgress
from ..selectors import reflection_prompt_ids

REFLECTION_MAX_LENGTH = 2000


class NotEnrolledError(PermissionDenied):
    """Progress on a course the user is not enrolled in."""


def _enrollment_for_module(*, user: User, module: Module) -> Enrollment:
    enrollment = Enrollment.objects.active().filter(user=user, course_id=module.course_id).first()
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
    module = _module(module_key)
    if block_id not in reflection_prompt_ids(module_key=module.key):
        raise ValidationError(_("This reflection prompt no longer exists."))
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
