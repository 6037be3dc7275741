"""Demo courses: two bilingual courses (Spanish source, English translation) with modules
that mix technical procedures and soft skills, tagged with the demo standards' criteria.

Idempotent: pages are found by slug under the catalog, Course rows by code. The English
pages are created with ``copy_for_translation`` (as wagtail-localize does) and share the
Spanish pages' translation keys and block ids, so progress is one record in both languages.
"""

import uuid
from datetime import date

from django.db import transaction

from wagtail.models import Locale

from accounts.models import User
from cms.models import CatalogPage, CoursePage, ModulePage
from competencies.models import Criterion, Standard
from courses.models import Cohort, Course
from courses.services import enrollment_create

from .course_content import COURSES

CATALOG = {
    "es": {
        "title": "Catálogo de cursos",
        "slug": "cursos",
        "intro": "Cursos bilingües para la industria automotriz y de semiconductores.",
    },
    "en": {
        "title": "Course catalog",
        "slug": "courses",
        "intro": "Bilingual courses for the automotive and semiconductor industries.",
    },
}
COHORT_NAME = "Línea 3 · Generación 2026"
BLOCK_NAMESPACE = uuid.UUID("6f1c1a52-5b9e-4c61-9d0e-6b8f2f0f6a10")


def _pick(value, language: str):
    """Resolve ``{"es": ..., "en": ...}`` leaves of a block value for one language."""
    if isinstance(value, dict):
        if set(value) == {"es", "en"}:
            return value[language]
        return {key: _pick(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_pick(item, language) for item in value]
    return value


def _body(slug: str, blocks: list, language: str) -> list[dict]:
    return [
        {
            "type": kind,
            "value": _pick(value, language),
            "id": str(uuid.uuid5(BLOCK_NAMESPACE, f"{slug}-{n}")),
        }
        for n, (kind, value) in enumerate(blocks)
    ]


def _criteria(codes: list[str]) -> list[Criterion]:
    wanted = {tuple(code.split(".")) for code in codes}  # ("EC9101", "2", "1")
    found = Criterion.objects.filter(
        element__standard__code__in={code for code, *_rest in wanted},
        element__standard__framework__slug="conocer-muestra",
    ).select_related("element__standard")
    return [
        c
        for c in found
        if (c.element.standard.code, str(c.element.number), str(c.number)) in wanted
    ]


def _publish_pair(parent_es, parent_en, model, fields_es: dict, fields_en: dict, slug_es: str):
    """The Spanish page (created once) and its English translation, both published."""
    english = Locale.objects.get(language_code="en")
    page = model.objects.child_of(parent_es).filter(slug=slug_es).first()
    criteria = fields_es.pop("criteria", None)
    if page is None:
        page = parent_es.add_child(instance=model(**fields_es))
    else:
        for field, value in fields_es.items():
            setattr(page, field, value)
    if criteria is not None:
        page.criteria.set(criteria)
    page.save_revision().publish()
    translation = page.get_translation_or_none(english)
    if translation is None:
        translation = page.copy_for_translation(english)
    translation = translation.specific
    for field, value in fields_en.items():
        setattr(translation, field, value)
    if criteria is not None:
        translation.criteria.set(criteria)
    translation.save_revision().publish()
    return page, translation


@transaction.atomic
def seed_courses(*, people: dict | None = None) -> dict[str, Course]:
    """Catalog, two courses with their modules in both languages, and (given the demo
    people) a cohort with the demo instructor and the demo trainee enrolled."""
    from accounts.roles import Role
    from cms.demo.site import seed_site

    home = seed_site()
    catalog_es, catalog_en = _publish_pair(
        home["es"],
        home["en"],
        CatalogPage,
        dict(CATALOG["es"]),
        dict(CATALOG["en"]),
        CATALOG["es"]["slug"],
    )
    standards = {s.code: s for s in Standard.objects.filter(framework__slug="conocer-muestra")}
    courses = {}
    for spec in COURSES:
        course, _created = Course.objects.update_or_create(
            code=spec["code"], defaults=spec["course"]
        )
        course.target_standards.set([standards[c] for c in spec["standards"] if c in standards])
        courses[course.code] = course
        course_es, course_en = _publish_pair(
            catalog_es,
            catalog_en,
            CoursePage,
            {"course": course, **_pick(spec["page"], "es")},
            _pick(spec["page"], "en"),
            spec["page"]["slug"]["es"],
        )
        for module in spec["modules"]:
            common = {
                "estimated_minutes": module["minutes"],
                "skill_focus": module["focus"],
                "criteria": _criteria(module["criteria"]),
            }
            slug = module["slug"]["es"]
            _publish_pair(
                course_es,
                course_en,
                ModulePage,
                {
                    **common,
                    **_pick(module["page"], "es"),
                    "slug": slug,
                    "body": _body(slug, module["body"], "es"),
                },
                {
                    **_pick(module["page"], "en"),
                    "slug": module["slug"]["en"],
                    "body": _body(slug, module["body"], "en"),
                },
                slug,
            )
    if people:
        seed_cohort(
            course=courses["AUTO-CAL-101"],
            instructor=people[Role.INSTRUCTOR],
            evaluator=people[Role.EVALUATOR],
            trainee=people[Role.TRAINEE],
        )
    return courses


@transaction.atomic
def seed_cohort(*, course: Course, instructor: User, evaluator: User, trainee: User) -> Cohort:
    """The demo cohort: taught by the demo instructor, evaluated by the demo evaluator (who
    reaches only the learners of cohorts naming them), with the demo trainee enrolled."""
    cohort, _created = Cohort.objects.get_or_create(
        course=course,
        name=COHORT_NAME,
        defaults={"starts_on": date(2026, 1, 12), "ends_on": date(2026, 12, 18)},
    )
    cohort.instructors.add(instructor)
    cohort.evaluators.add(evaluator)
    course.lead_instructors.add(instructor)  # the grading team for self-enrolled trainees
    enrollment_create(user=trainee, course=course, cohort=cohort, enrolled_by=instructor)
    return cohort
