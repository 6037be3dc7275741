from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from accounts.roles import Role
from cms.models import CoursePage
from courses import completion
from courses.models import Enrollment, Module, ModuleProgress
from courses.services import (
    REFLECTION_MAX_LENGTH,
    NotEnrolledError,
    enrollment_create,
    module_progress_complete,
    reflection_save,
)
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory, CourseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_publishing_pages_keeps_modules_in_step(tree):
    course = tree["course"]
    pages = tree["modules"]["es"]

    modules = list(Module.objects.filter(course=course).order_by("position"))

    assert course.page_key == tree["course_page"]["es"].translation_key
    assert [m.key for m in modules] == [p.translation_key for p in pages]
    assert [m.position for m in modules] == [0, 1]
    # The English translations share the key: still one module row each.
    assert Module.objects.count() == 2


def test_a_module_withdrawn_in_every_language_stops_counting_and_keeps_progress(tree):
    trainee = UserFactory()
    enrollment = enrollment_create(user=trainee, course=tree["course"])
    first, second = tree["modules"]["es"]
    _first_en, second_en = tree["modules"]["en"]
    reflection_save(
        user=trainee, module_key=second.translation_key, block_id=_prompt(second), answer="Ok"
    )
    module_progress_complete(user=trainee, module_key=first.translation_key)

    second.unpublish()  # the English page is still live: the module still counts
    assert Module.objects.published().filter(key=second.translation_key).exists()
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None

    second_en.delete()  # now no page of it is published
    module = Module.objects.get(key=second.translation_key)
    assert not Module.objects.published().filter(pk=module.pk).exists()
    assert ModuleProgress.objects.get(module=module).reflections == {_prompt(second): "Ok"}

    module_progress_complete(user=trainee, module_key=first.translation_key)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None  # the withdrawn module is not required

    second.save_revision().publish()  # published again: it counts again for newcomers
    assert Module.objects.published().filter(key=second.translation_key).exists()


def test_self_enrollment_in_an_open_published_course(tree):
    trainee = UserFactory()

    enrollment = enrollment_create(user=trainee, course=tree["course"])

    assert enrollment.pk and enrollment.cohort is None
    assert enrollment_create(user=trainee, course=tree["course"]).pk == enrollment.pk


def test_self_enrollment_refused_when_closed(tree):
    course = tree["course"]
    course.is_open = False
    course.save()

    with pytest.raises(ValidationError, match="closed"):
        enrollment_create(user=UserFactory(), course=course)
    assert not Enrollment.objects.exists()


def test_self_enrollment_refused_when_unpublished(tree):
    draft_course = CourseFactory()
    draft = tree["catalog"]["es"].add_child(
        instance=CoursePage(title="Borrador", slug="borrador", course=draft_course, live=False)
    )
    draft.save_revision()

    with pytest.raises(ValidationError, match="not published"):
        enrollment_create(user=UserFactory(), course=draft_course)
    with pytest.raises(ValidationError, match="not published"):
        enrollment_create(user=UserFactory(), course=CourseFactory())
    assert not Enrollment.objects.exists()


def test_instructor_enrolls_into_own_cohort_even_when_closed(tree):
    course = tree["course"]
    course.is_open = False
    course.save()
    instructor, other = UserFactory(roles=[Role.INSTRUCTOR]), UserFactory(roles=[Role.INSTRUCTOR])
    cohort = CohortFactory(course=course)
    cohort.instructors.add(instructor)
    trainee = UserFactory()

    with pytest.raises(PermissionDenied):
        enrollment_create(user=trainee, course=course, cohort=cohort, enrolled_by=other)
    enrollment = enrollment_create(
        user=trainee, course=course, cohort=cohort, enrolled_by=instructor
    )

    assert enrollment.cohort == cohort


def test_progress_refused_when_not_enrolled(tree):
    with pytest.raises(NotEnrolledError):
        module_progress_complete(
            user=UserFactory(), module_key=tree["modules"]["es"][0].translation_key
        )
    assert not ModuleProgress.objects.exists()


def test_course_completes_when_required_modules_and_registered_requirements_are_met(tree):
    trainee = UserFactory()
    enrollment = enrollment_create(user=trainee, course=tree["course"])
    first, second = (page.translation_key for page in tree["modules"]["es"])
    passed = {"value": False}
    completion.REQUIREMENTS.register("test-quiz", lambda e: passed["value"])
    try:
        module_progress_complete(user=trainee, module_key=first)
        enrollment.refresh_from_db()
        assert enrollment.completed_at is None

        module_progress_complete(user=trainee, module_key=second)
        enrollment.refresh_from_db()
        assert enrollment.completed_at is None  # the quiz requirement is not met yet

        passed["value"] = True
        module_progress_complete(user=trainee, module_key=second)
        enrollment.refresh_from_db()
        assert enrollment.completed_at is not None
    finally:
        completion.REQUIREMENTS.unregister("test-quiz")


def test_reflection_too_long_is_refused_and_the_saved_answer_kept(tree):
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    key = tree["modules"]["es"][0].translation_key
    prompt = _prompt(tree["modules"]["es"][0])
    reflection_save(user=trainee, module_key=key, block_id=prompt, answer="Primera respuesta")

    with pytest.raises(ValidationError, match=str(REFLECTION_MAX_LENGTH)):
        reflection_save(
            user=trainee, module_key=key, block_id=prompt, answer="x" * (REFLECTION_MAX_LENGTH + 1)
        )

    assert ModuleProgress.objects.get().reflections == {prompt: "Primera respuesta"}


@pytest.mark.parametrize("block_id", ["inventado", "", "x" * 40])
def test_a_reflection_is_refused_for_a_prompt_the_page_does_not_have(tree, block_id):
    """Issue 16, item 13: only the reflection blocks of the live page take answers."""
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    page = tree["modules"]["es"][0]
    heading = next(block.id for block in page.body if block.block_type == "heading")

    for invented in (block_id, heading):
        with pytest.raises(ValidationError, match="no longer exists"):
            reflection_save(
                user=trainee, module_key=page.translation_key, block_id=invented, answer="Sí"
            )

    assert not ModuleProgress.objects.filter(reflections__has_key=block_id).exists()


def _prompt(page) -> str:
    """The id of the module page's reflection prompt."""
    return next(block.id for block in page.body if block.block_type == "reflection")
