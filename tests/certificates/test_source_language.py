"""A certificate keeps the source language its achievement had when it was issued."""

from django.utils import timezone, translation

import pytest

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories.certificates import (
    CourseFactory,
    ElementFactory,
    EnrollmentFactory,
    JudgementFactory,
    StandardFactory,
)
from tests.factories.competencies import USFrameworkFactory

pytestmark = pytest.mark.django_db


def test_a_competency_certificate_takes_its_frameworks_source_language(holder, administrator):
    standard = StandardFactory(
        framework=USFrameworkFactory(), title_es="", title_en="Cleanroom technician"
    )
    ElementFactory(standard=standard, number=1, title_es="", title_en="Gown up")
    JudgementFactory(candidate=holder, standard=standard)

    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)

    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.source_language == "en"
    # Printed in Spanish too: the untranslated texts fall back to the English source.
    assert (certificate.title_es, certificate.title_en) == ("Cleanroom technician",) * 2
    assert certificate.competencies[0]["title_es"] == "Gown up"
    with translation.override("es"):
        assert certificate.title == "Cleanroom technician"

    standard.framework.source_language = "es"  # a later change to the framework …
    standard.framework.save()
    assert Certificate.objects.get(pk=certificate.pk).source_language == "en"  # … changes nothing


def test_a_course_certificate_takes_its_courses_source_language(holder, administrator):
    course = CourseFactory(source_language="en", title_es="", title_en="Cleanroom basics")
    EnrollmentFactory(user=holder, course=course, completed_at=timezone.now())

    certificate = certificate_issue(holder=holder, course=course, issued_by=administrator)

    assert certificate.source_language == "en"
    assert (certificate.title_es, certificate.title_en) == ("Cleanroom basics",) * 2


def test_a_spanish_course_prints_as_before(holder, administrator):
    course = CourseFactory(title_es="Soldadura", title_en="")
    EnrollmentFactory(user=holder, course=course, completed_at=timezone.now())

    certificate = certificate_issue(holder=holder, course=course, issued_by=administrator)

    assert certificate.source_language == "es"
    assert (certificate.title_es, certificate.title_en) == ("Soldadura", "Soldadura")
