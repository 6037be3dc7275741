"""The instructors' coverage report (cms.standards): a standard's criteria from competencies,
the modules teaching them from courses, the items measuring them from assessments."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from cms.standards.selectors import standard_coverage
from competencies.demo import seed_standards
from competencies.models import Criterion
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item
from tests.factories.competencies import standard_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_standards(db):
    return seed_standards()


def url_of(standard, language="es"):
    return f"/{language}/standards/{standard.framework.slug}/{standard.code}/coverage/"


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


def test_a_standard_nothing_teaches_or_measures_is_not_covered(client):
    standard = standard_with(elements=2, criteria=2)
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))

    page = client.get(url_of(standard, "en")).content.decode()

    assert page.count("Not covered") == 4
    assert "4 criteria are not fully covered." in page


def test_report_shows_what_teaches_and_measures_and_highlights_gaps(client, tree):
    standard = standard_with(elements=1, criteria=3)
    taught, measured_only, bare = standard.elements.get().criteria.order_by("number")
    module = tree["modules"]["es"][0]
    module.criteria.set([taught])
    module.save_revision().publish()
    make_item("numeric", criterion=taught, name="Reactivo 12")
    make_item("single", criterion=measured_only, name="Reactivo 13")

    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    report = standard_coverage(standard=standard)
    page = client.get(url_of(standard)).content.decode()

    assert [row.is_covered for row in report.rows] == [True, False, False]
    assert report.gaps == 2
    assert f'<a href="{module.url}">{module.title}</a>' in page
    assert "Reactivo 12" in page and "Reactivo 13" in page  # items have no page: staff only
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


def test_query_count_is_fixed_whatever_the_size(client, tree):
    """Session, user, roles; the standard with its elements and criteria (3), the report's
    elements and criteria (2), modules teaching them and their pages (2), items measuring
    them; the site chrome's catalog page and site: 12, for 1×1 as for 6×6."""
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    counts = []
    for size in (1, 6):
        standard = standard_with(elements=size, criteria=size)
        criteria = list(Criterion.objects.filter(element__standard=standard))
        tree["modules"]["es"][0].criteria.set(criteria)
        tree["modules"]["es"][0].save_revision().publish()
        for criterion in criteria:
            make_item("true_false", criterion=criterion)
        client.get(url_of(standard))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url_of(standard)).content.decode()
        assert page.count('<th scope="row">') == size * size
        counts.append(len(queries))
    assert counts == [11, 11]
