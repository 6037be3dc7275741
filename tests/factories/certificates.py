"""Factories for certificate tests, including the eligible states other apps own.

Certificates code only reads enrollments and judgements; tests create them directly here.
Standards, courses and cohorts are the shared factories, with the wording a printed
certificate is checked for.
"""

from django.utils import timezone

import factory

from assessments.models import Judgement
from courses.models import Enrollment

from . import competencies
from .accounts import UserFactory
from .competencies import USFrameworkFactory
from .courses import CohortFactory, CourseFactory

__all__ = [
    "CohortFactory",
    "CourseFactory",
    "ElementFactory",
    "EnrollmentFactory",
    "JudgementFactory",
    "StandardFactory",
    "USFrameworkFactory",
]


class StandardFactory(competencies.StandardFactory):
    """A standard titled as on a real certificate, valid for three years."""

    title_es = "Operación de celdas de soldadura robotizada"
    title_en = "Operating robotic welding cells"
    validity_months = 36


class ElementFactory(competencies.ElementFactory):
    standard = factory.SubFactory(StandardFactory)
    title_es = "Preparar la celda conforme al procedimiento de seguridad"
    title_en = "Prepare the cell following the safety procedure"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An enrollment whose course is completed: eligible for a course certificate."""

    class Meta:
        model = Enrollment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    completed_at = factory.LazyFunction(timezone.now)


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    candidate = factory.SubFactory(UserFactory)
    standard = factory.SubFactory(StandardFactory)
    result = Judgement.Result.COMPETENT
    decided_at = factory.LazyFunction(timezone.now)
