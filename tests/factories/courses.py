import datetime

import factory

from courses.models import Cohort, Course, Enrollment


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"CURSO-{n}")
    title_es = factory.Sequence(lambda n: f"Curso {n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    hours = 8
    sector = Course.Sector.AUTOMOTIVE
    skill_focus = Course.SkillFocus.MIXED
    is_open = True


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Grupo {n}")
    starts_on = datetime.date(2026, 1, 12)
    ends_on = datetime.date(2026, 6, 30)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    course = factory.LazyAttribute(lambda enrollment: enrollment.cohort.course)
    cohort = factory.SubFactory(CohortFactory)
