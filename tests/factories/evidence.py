"""Builders for competency scoring, evaluator evidence, judgements, grading and reports.

Self-contained on purpose: a standard with typed criteria, a course preparing for it with a
cohort, graded attempts whose frozen item content maps items to criteria.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from assessments.models import (
    Answer,
    Attempt,
    Item,
    ItemCriterion,
    ItemOption,
    ItemVersion,
    Quiz,
)
from assessments.services.items import item_versions_for, items_for_content
from competencies.models import Criterion, Framework, Standard
from courses.models import Cohort, Course, Enrollment, Module

from .accounts import UserFactory
from .competencies import CriterionFactory, ElementFactory, FrameworkFactory, StandardFactory

T0 = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)


def framework() -> Framework:
    return FrameworkFactory(
        slug="conocer-prueba", name_es="Estándares de prueba", name_en="Test standards"
    )


def standard_with_criteria(
    kinds=(("knowledge", "performance"), ("product", "attitude")),
    *,
    code: str = "EC0900",
    threshold: str = "0.800",
) -> Standard:
    """One element per entry of ``kinds``; criteria numbered from 1 inside each element."""
    standard = StandardFactory(
        framework=framework(),
        code=code,
        title_es="Mantenimiento preventivo de celdas robotizadas",
        title_en="Preventive maintenance of robotic cells",
        purpose_es="",
        purpose_en="",
        default_threshold=Decimal(threshold),
    )
    for number, element_kinds in enumerate(kinds, start=1):
        element = ElementFactory(
            standard=standard,
            number=number,
            title_es=f"Elemento de prueba {number}",
            title_en=f"Test element {number}",
        )
        for position, kind in enumerate(element_kinds, start=1):
            CriterionFactory(
                element=element,
                number=position,
                kind=kind,
                knowledge_level="knowledge" if kind == "knowledge" else "",
                text_es=f"Criterio {number}.{position} ({kind})",
                text_en=f"Criterion {number}.{position} ({kind})",
            )
    return standard


def criteria_of(standard: Standard) -> list[Criterion]:
    return list(
        Criterion.objects.filter(element__standard=standard)
        .select_related("element__standard")
        .order_by("element__number", "number")
    )


def trainee(**kwargs):
    return UserFactory(roles=[Role.TRAINEE], **kwargs)


def evaluator(**kwargs):
    return UserFactory(roles=[Role.EVALUATOR], **kwargs)


def instructor(**kwargs):
    return UserFactory(roles=[Role.INSTRUCTOR], is_staff=True, **kwargs)


@dataclass
class Classroom:
    course: Course
    cohort: Cohort


def classroom(
    standard: Standard | None = None, *, instructors=(), evaluators=(), code: str | None = None
):
    """A course preparing for ``standard`` with one cohort taught by ``instructors`` and
    evaluated by ``evaluators``."""
    course = Course.objects.create(
        code=code or f"curso-{uuid.uuid4().hex[:8]}",
        title_es="Mantenimiento de robots",
        title_en="Robot maintenance",
        hours=40,
        sector=Course.Sector.AUTOMOTIVE,
        skill_focus=Course.SkillFocus.MIXED,
    )
    if standard is not None:
        course.target_standards.add(standard)
    cohort = Cohort.objects.create(
        course=course,
        name=f"Grupo {course.code}",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 15),
    )
    cohort.instructors.set(instructors)
    cohort.evaluators.set(evaluators)
    return Classroom(course, cohort)


def enroll(user, room: Classroom) -> Enrollment:
    return Enrollment.objects.create(user=user, course=room.course, cohort=room.cohort)


def module_teaching(room: Classroom, *criteria, position: int = 1) -> Module:
    module = Module.objects.create(course=room.course, key=uuid.uuid4(), position=position)
    module.criteria.set(criteria)
    return module


def quiz(room: Classroom, *, policy: str = "highest", code: str | None = None) -> Quiz:
    return Quiz.objects.create(
        course=room.course,
        code=code or f"quiz-{uuid.uuid4().hex[:8]}",
        title_es="Cuestionario de conocimientos",
        title_en="Knowledge questionnaire",
        attempts_policy=policy,
    )


def item(weights: dict, *, kind: str = "single", points: str = "1", name: str = "") -> ItemVersion:
    """An item measuring ``{criterion: weight}`` and its frozen version, built by the same
    service attempts use (so the content is exactly what a trainee is served)."""
    created = Item.objects.create(
        kind=kind,
        name=name or f"Reactivo {uuid.uuid4().hex[:6]}",
        stem_es="<p>¿Qué haces antes de abrir la celda?</p>",
        stem_en="<p>What do you do before opening the cell?</p>",
        model_answer_es="Se bloquea la energía antes de abrir la celda.",
        model_answer_en="Energy is locked out before opening the cell.",
        points=Decimal(points),
    )
    if kind in ("single", "situational"):
        for position, (text_es, text_en, correct) in enumerate(
            [("Bloquear la energía", "Lock out the energy", True), ("Nada", "Nothing", False)]
        ):
            ItemOption.objects.create(
                item=created,
                sort_order=position,
                text_es=text_es,
                text_en=text_en,
                is_correct=correct,
                weight=Decimal(1 if correct else 0),
            )
    for position, (criterion, weight) in enumerate(weights.items()):
        ItemCriterion.objects.create(
            item=created, criterion=criterion, weight=Decimal(str(weight)), sort_order=position
        )
    return item_versions_for(items=items_for_content().filter(pk=created.pk))[created.pk]


def attempt(
    user,
    on_quiz: Quiz,
    answers: list[tuple[ItemVersion, float | None]],
    *,
    day: int = 0,
    language: str = "es",
    number: int | None = None,
) -> Attempt:
    """A submitted attempt; graded when every fraction is known (``None``: essay to grade)."""
    when = T0 + datetime.timedelta(days=day)
    number = number or Attempt.objects.filter(quiz=on_quiz, user=user).count() + 1
    max_points = sum((Decimal(str(v.item.points)) for v, _f in answers), Decimal(0))
    created = Attempt.objects.create(
        quiz=on_quiz,
        user=user,
        number=number,
        status=Attempt.Status.SUBMITTED,
        language=language,
        started_at=when - datetime.timedelta(minutes=20),
        submitted_at=when,
        closed_by=Attempt.Closure.SUBMITTED,
        max_points=max_points,
    )
    points = Decimal(0)
    for position, (version, fraction) in enumerate(answers, start=1):
        worth = Decimal(str(version.item.points))
        earned = (
            None
            if fraction is None
            else (worth * Decimal(str(fraction))).quantize(Decimal("0.001"))
        )
        Answer.objects.create(
            attempt=created,
            position=position,
            item_version=version,
            response="Texto de la respuesta" if fraction is None else "a",
            language=language,
            saved_at=when,
            fraction=None if fraction is None else Decimal(str(fraction)),
            points=earned,
            max_points=worth,
        )
        points += earned or 0
    if all(f is not None for _v, f in answers):
        created.status = Attempt.Status.GRADED
        created.points = points
        created.score = (points / max_points * 100).quantize(Decimal("0.01"))
        created.passed = created.score >= on_quiz.pass_mark
        created.save()
    return created


def now() -> datetime.datetime:
    return timezone.now()
