from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

import pytest

from competencies.models import Criterion, CrosswalkEntry, Standard
from competencies.services import children_renumber
from competencies.translation import missing_languages, translated
from tests.factories.competencies import (
    CriterionFactory,
    CrosswalkEntryFactory,
    ElementFactory,
    FrameworkFactory,
    StandardFactory,
    USFrameworkFactory,
)

pytestmark = pytest.mark.django_db


def refuses(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_standard_code_and_version_are_unique_within_a_framework():
    standard = StandardFactory(code="EC0301")

    refuses(StandardFactory, framework=standard.framework, code="EC0301")
    StandardFactory(framework=standard.framework, code="EC0301", version="2")
    StandardFactory(code="EC0301")  # another framework


@pytest.mark.parametrize("level", [0, 6])
def test_level_is_1_to_5(level):
    refuses(StandardFactory, level=level)


def test_superseded_standard_needs_a_successor():
    refuses(StandardFactory, status=Standard.Status.SUPERSEDED)
    successor = StandardFactory()
    StandardFactory(status=Standard.Status.SUPERSEDED, superseded_by=successor)


def test_element_and_criterion_numbers_are_unique_and_positive():
    element = ElementFactory(number=1)
    refuses(ElementFactory, standard=element.standard, number=1)
    refuses(ElementFactory, number=0)
    CriterionFactory(element=element, number=1)
    refuses(CriterionFactory, element=element, number=1)


def test_only_knowledge_criteria_have_a_knowledge_level():
    refuses(CriterionFactory, kind=Criterion.Kind.KNOWLEDGE, knowledge_level="")
    refuses(CriterionFactory, kind=Criterion.Kind.PERFORMANCE, knowledge_level="application")
    CriterionFactory(kind=Criterion.Kind.KNOWLEDGE, knowledge_level="application")


def test_threshold_is_between_0_and_1_and_defaults_to_the_standard():
    refuses(CriterionFactory, threshold=Decimal("1.5"))
    criterion = CriterionFactory(element__standard__default_threshold=Decimal("0.7"))
    assert criterion.effective_threshold == Decimal("0.7")
    criterion.threshold = Decimal("1")
    assert criterion.effective_threshold == Decimal("1")


def test_crosswalk_entry_has_exactly_one_source_and_one_target():
    mx, us = ElementFactory(), ElementFactory(standard__framework=USFrameworkFactory())
    refuses(CrosswalkEntryFactory, target_element=us)
    refuses(
        CrosswalkEntryFactory,
        source_element=mx,
        source_criterion=CriterionFactory(element=mx),
        target_element=us,
    )
    CrosswalkEntryFactory(source_element=mx, target_element=us)


def test_crosswalk_joins_two_frameworks():
    element = ElementFactory()
    other = ElementFactory(standard__framework=element.standard.framework)
    entry = CrosswalkEntry(
        source_element=element, target_element=other, equivalence="full", rationale_es="x"
    )

    with translation.override("en"), pytest.raises(ValidationError, match="two different"):
        entry.full_clean()


def test_source_language_text_is_required_the_other_may_wait():
    us_standard = StandardFactory.build(
        framework=USFrameworkFactory(), title_es="Solo en español", title_en=""
    )
    with pytest.raises(ValidationError) as caught:
        us_standard.full_clean()
    assert "title_en" in caught.value.message_dict

    mx_standard = StandardFactory.build(framework=FrameworkFactory(), title_en="")
    mx_standard.full_clean()
    assert missing_languages(mx_standard, ("title",)) == ["en"]


def test_text_follows_the_active_language_and_falls_back_to_the_source():
    standard = StandardFactory(
        framework=USFrameworkFactory(), title_en="Welding", title_es="", purpose_es="Propósito"
    )

    with translation.override("en"):
        assert standard.title == "Welding"
    with translation.override("es"):
        assert standard.title == "Welding"  # no Spanish yet: the English source
        assert standard.purpose == "Propósito"
    assert translated(standard, "purpose", "en") == "Test purpose."


def test_text_written_only_in_english_shows_in_spanish_where_no_source_is_known():
    from tests.factories.courses import CourseFactory

    course = CourseFactory(title_es="", title_en="Cleanroom gowning")  # authored in English

    with translation.override("es"):
        assert course.title == "Cleanroom gowning"
    assert translated(course, "title", "es") == "Cleanroom gowning"


def test_children_renumber_reorders_without_breaking_uniqueness():
    standard = StandardFactory()
    first, second, third = (ElementFactory(standard=standard, number=n) for n in (1, 2, 5))

    children_renumber(children=standard.elements.all(), ordered_ids=[third.pk, first.pk, second.pk])

    assert list(standard.elements.order_by("number").values_list("pk", "number")) == [
        (third.pk, 1),
        (first.pk, 2),
        (second.pk, 3),
    ]
