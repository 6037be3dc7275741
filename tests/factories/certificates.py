"""Factories for certificate tests, including the eligible states other apps own.

Certificates code only reads enrollments and judgements; tests create them directly here.
"""

import datetime

from django.utils import timezone

import factory

from assessments.models import Judgement
from competencies.models import Element, Framework, Standard
from courses.models import Cohort, Course, Enrollment

from .accounts import UserFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("slug",)

    slug = "conocer-renec"
    name_es = "Registro Nacional de Estándares de Competencia"
    name_en = "National Registry of Competency Standards"
    country = Framework.Country.MEXICO
    publisher = "CONOCER"
    source_language = "es"


class USFrameworkFactory(FrameworkFactory):
    slug = "us-advanced-manufacturing"
    name_es = "Modelo de competencias de manufactura avanzada"
    name_en = "Advanced Manufacturing Competency Model"
    country = Framework.Country.UNITED_STATES
    publisher = "U.S. Department of Labor"
    source_language = "en"


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"EC9{n:03d}")
    title_es = "Operación de celdas de soldadura robotizada"
    title_en = "Operating robotic welding cells"
    level = 2
    validity_months = 36
    is_sample = True


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    standard = factory.SubFactory(StandardFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_es = "Preparar la celda conforme al procedimiento de seguridad"
    title_en = "Prepare the cell following the safety procedure"


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"curso-{n}")
    title_es = "Seguridad en la línea de ensamble"
    title_en = "Assembly line safety"
    hours = 24
    sector = Course.Sector.AUTOMOTIVE
    skill_focus = Course.SkillFocus.MIXED


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Grupo Monterrey {n}")
    starts_on = datetime.date(2026, 1, 12)
    ends_on = datetime.date(2026, 3, 20)


class EnrollmentFactory(factory.django.DjangoModelFactory):
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
