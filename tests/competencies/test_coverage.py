from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from competencies import coverage
from competencies.models import Criterion
from competencies.selectors import standard_coverage
from tests.factories.accounts import UserFactory
from tests.factories.competencies import standard_with

pytestmark = pytest.mark.django_db


def url_of(standard, language="es"):
    return f"/{language}/standards/{standard.framework.slug}/{standard.code}/coverage/"


def test_registry_merges_providers_and_answers_every_id():
    registry = coverage.ProviderRegistry("test")
    registry.register(lambda ids: {ids[0]: [coverage.Link("Módulo 1", "/m1/")]})
    registry.register(
        lambda ids: {
            ids[0]: [coverage.Link("Módulo 1", "/m1/"), coverage.Link("Borrador", is_public=False)],
            999: [coverage.Link("Not asked for")],
        }
    )

    assert registry.collect([1, 2]) == {
        1: [coverage.Link("Módulo 1", "/m1/"), coverage.Link("Borrador", is_public=False)],
        2: [],
    }
    assert registry.collect([1], public_only=True) == {1: [coverage.Link("Módulo 1", "/m1/")]}
    assert registry.collect([]) == {}


def test_register_is_idempotent():
    registry = coverage.ProviderRegistry("test")

    def provider(ids):
        return {}

    registry.register(provider)
    registry.register(provider)

    assert registry.providers == (provider,)


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.EVALUATOR])
def test_report_is_for_instructors_and_administrators_only(client, role):
    standard = standard_with(elements=1, criteria=1)
    client.force_login(UserFactory(roles=[role]))

    assert client.get(url_of(standard)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    standard = standard_with(elements=1, criteria=1)

    response = client.get(url_of(standard))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_without_providers_every_criterion_is_not_covered(client):
    standard = standard_with(elements=2, criteria=2)
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))

    with coverage.only():
        page = client.get(url_of(standard, "en")).content.decode()

    assert page.count("Not covered") == 4
    assert "4 criteria are not fully covered." in page


def test_report_shows_what_teaches_and_measures_and_highlights_gaps(client):
    standard = standard_with(elements=1, criteria=3)
    taught, measured_only, bare = standard.elements.get().criteria.order_by("number")

    def teaching(ids):
        return {taught.pk: [coverage.Link("Módulo: torque", "/es/torque/")]}

    def measuring(ids):
        return {
            taught.pk: [coverage.Link("Reactivo 12", detail="Cuestionario de torque")],
            measured_only.pk: [coverage.Link("Reactivo 13", is_public=False)],
        }

    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    with coverage.only(teaching=[teaching], measuring=[measuring]):
        report = standard_coverage(standard=standard)
        page = client.get(url_of(standard)).content.decode()

    assert [row.is_covered for row in report.rows] == [True, False, False]
    assert report.gaps == 2
    assert '<a href="/es/torque/">Módulo: torque</a>' in page
    assert "Reactivo 13" in page  # staff see links that are not public
    assert page.count('class="coverage--gap"') == 2
    with translation.override("es"):
        assert "Sin cobertura" in page
        assert "No se enseña" in page


@pytest.mark.usefixtures("english")
def test_the_report_of_each_demo_standard_shows_exactly_its_own_elements_and_criteria(
    client, demo_standards
):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    for standard in demo_standards.values():
        elements = list(standard.elements.order_by("number"))
        criteria = Criterion.objects.filter(element__standard=standard)

        page = BeautifulSoup(client.get(url_of(standard, "en")).content, "html.parser")

        headings = [" ".join(h.get_text().split()) for h in page.select("h2")]
        total = len(elements)
        assert headings == [
            f"Element {element.number} of {total}: {element.title_en}" for element in elements
        ], standard.code
        rows = [" ".join(th.get_text().split()) for th in page.select("tbody th[scope=row]")]
        assert len(rows) == criteria.count(), standard.code
        for criterion in criteria:
            label = f"E{criterion.element.number}.{criterion.number} {criterion.text_en}"
            assert any(row.startswith(label) for row in rows), (standard.code, label)
