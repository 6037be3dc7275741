from django.urls import reverse

import pytest

from accounts.roles import Role
from competencies.models import Criterion
from tests.factories.accounts import UserFactory
from tests.factories.competencies import (
    CriterionFactory,
    CrosswalkEntryFactory,
    ElementFactory,
    StandardFactory,
    USFrameworkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    return client


def standard_form(standard, elements):
    data = {
        "framework": standard.framework.pk,
        "code": standard.code,
        "version": standard.version,
        "level": standard.level,
        "status": standard.status,
        "superseded_by": "",
        "title_es": standard.title_es,
        "title_en": standard.title_en,
        "purpose_es": "",
        "purpose_en": "",
        "published_on": "",
        "validity_months": "",
        "default_threshold": "0.800",
        "industry_codes": "[]",
        "occupation_codes": "[]",
        "elements-TOTAL_FORMS": len(elements),
        "elements-INITIAL_FORMS": sum(1 for pk, *_ in elements if pk),
        "elements-MIN_NUM_FORMS": 1,
        "elements-MAX_NUM_FORMS": 1000,
    }
    for index, (pk, title, order) in enumerate(elements):
        data |= {
            f"elements-{index}-id": pk or "",
            f"elements-{index}-title_es": title,
            f"elements-{index}-title_en": "",
            f"elements-{index}-ORDER": order,
            f"elements-{index}-DELETE": "",
        }
    return data


def test_standard_screen_reorders_and_adds_elements(administrator):
    standard = StandardFactory()
    one, two, three = (
        ElementFactory(standard=standard, number=n, title_es=f"E{n}") for n in (1, 2, 3)
    )

    response = administrator.post(
        reverse("competency_standards:edit", args=[standard.pk]),
        standard_form(
            standard,
            [(one.pk, "E1", 2), (two.pk, "E2", 1), (three.pk, "E3", 4), (None, "Nuevo", 3)],
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("competency_standards:index")
    assert list(standard.elements.order_by("number").values_list("number", "title_es")) == [
        (1, "E2"),
        (2, "E1"),
        (3, "Nuevo"),
        (4, "E3"),
    ]


def test_element_screen_edits_criteria_inline(administrator):
    element = ElementFactory()
    first = CriterionFactory(element=element, number=1, text_es="Primero")
    second = CriterionFactory(element=element, number=2, text_es="Segundo")
    rows = [
        (first.pk, "performance", "", "Primero", 2),
        (second.pk, "knowledge", "application", "Segundo", 1),
    ]
    data = {
        "standard": element.standard.pk,
        "title_es": element.title_es,
        "title_en": element.title_en,
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 2,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for index, (pk, kind, level, text, order) in enumerate(rows):
        data |= {
            f"criteria-{index}-id": pk,
            f"criteria-{index}-kind": kind,
            f"criteria-{index}-knowledge_level": level,
            f"criteria-{index}-threshold": "",
            f"criteria-{index}-text_es": text,
            f"criteria-{index}-text_en": "",
            f"criteria-{index}-ORDER": order,
            f"criteria-{index}-DELETE": "",
        }

    response = administrator.post(reverse("competency_elements:edit", args=[element.pk]), data)

    assert response.status_code == 302
    assert list(element.criteria.order_by("number").values_list("text_es", "kind")) == [
        ("Segundo", Criterion.Kind.KNOWLEDGE),
        ("Primero", Criterion.Kind.PERFORMANCE),
    ]


def test_standard_screen_links_each_element_to_its_criteria(administrator):
    element = ElementFactory(title_es="Preparar el equipo")

    page = administrator.get(reverse("competency_standards:edit", args=[element.standard.pk]))

    assert (
        f'href="{reverse("competency_elements:edit", args=[element.pk])}"' in page.content.decode()
    )


def test_crosswalk_screen_shows_both_sides(administrator):
    source = CriterionFactory(text_es="Aplica el par de apriete", text_en="Applies torque")
    target = CriterionFactory(
        element__standard__framework=USFrameworkFactory(), text_en="Torques fasteners"
    )
    entry = CrosswalkEntryFactory(source_criterion=source, target_criterion=target)

    page = administrator.get(reverse("competency_crosswalk:edit", args=[entry.pk]))
    listing = administrator.get(reverse("competency_crosswalk:index"))

    html = page.content.decode()
    assert "Aplica el par de apriete" in html
    assert "Torques fasteners" in html
    assert source.code in html and target.code in html
    assert source.code in listing.content.decode()


def test_listings_search_and_filter(administrator):
    wanted = StandardFactory(code="EC0999", title_es="Soldadura")
    StandardFactory(code="EC0998", title_es="Pintura", level=4)

    search = administrator.get(reverse("competency_standards:index"), {"q": "Soldadura"})
    by_level = administrator.get(reverse("competency_standards:index"), {"level": 4})
    by_kind = administrator.get(reverse("competency_criteria:index"), {"kind": "attitude"})

    assert wanted.code in search.content.decode()
    assert "EC0998" not in search.content.decode()
    assert "EC0998" in by_level.content.decode()
    assert wanted.code not in by_level.content.decode()
    assert by_kind.status_code == 200


def test_instructors_may_look_but_not_edit(client):
    standard = StandardFactory()
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))

    assert client.get(reverse("competency_standards:index")).status_code == 200
    assert client.get(reverse("competency_standards:edit", args=[standard.pk])).status_code == 302
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    assert instructor.has_perm("competencies.view_standard")
    assert not instructor.has_perm("competencies.change_standard")
    assert UserFactory(roles=[Role.ADMINISTRATOR]).has_perm("competencies.change_criterion")


@pytest.mark.parametrize(
    "name",
    [
        "competency_standards",
        "competency_elements",
        "competency_criteria",
        "competency_crosswalk",
        "competency_frameworks",
    ],
)
def test_every_admin_screen_opens(administrator, name):
    CrosswalkEntryFactory(
        source_element=ElementFactory(),
        target_element=ElementFactory(standard__framework=USFrameworkFactory()),
    )

    assert administrator.get(reverse(f"{name}:index")).status_code == 200
    assert administrator.get(reverse(f"{name}:add")).status_code == 200
