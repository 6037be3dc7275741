"""The standards' public pages (cms.standards): a standard from competencies, the courses
that prepare for it from courses, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from competencies.demo import seed_standards
from competencies.models import Standard
from tests.factories.competencies import (
    CrosswalkEntryFactory,
    StandardFactory,
    USFrameworkFactory,
    standard_with,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_standards(db):
    return seed_standards()


def test_list_in_both_languages_labels_samples(client, demo_standards):
    spanish = client.get("/es/standards/").content.decode()
    english = client.get("/en/standards/").content.decode()

    assert "Ensamble de componentes en línea de producción automotriz" in spanish
    assert "Muestra" in spanish
    assert "Assembly of components on an automotive production line" in english
    assert "Sample" in english
    assert 'href="/en/standards/conocer-muestra/EC9101/"' in english


def test_list_filters_by_country_and_framework(client, demo_standards):
    us_only = client.get("/en/standards/", {"country": "US"}).content.decode()
    mx_only = client.get("/en/standards/", {"framework": "conocer-muestra"}).content.decode()

    assert "AM-PRD-201" in us_only
    assert "EC9101" not in us_only
    assert "EC9101" in mx_only
    assert "AM-WRK-101" not in mx_only


def test_drafts_are_not_public(client):
    draft = StandardFactory(status=Standard.Status.DRAFT)

    assert draft.code not in client.get("/es/standards/").content.decode()
    assert client.get(f"/es/standards/{draft.framework.slug}/{draft.code}/").status_code == 404


def test_detail_in_spanish(client, demo_standards):
    page = client.get("/es/standards/conocer-muestra/EC9101/").content.decode()

    assert "Elemento 1 de 3" in page
    assert "Preparar la estación de trabajo conforme a 5S" in page
    # Criteria grouped by kind, with CONOCER's names for them.
    for heading in ("Desempeño", "Producto", "Conocimiento", "Actitudes, hábitos y valores"):
        assert f"<h3>{heading}</h3>" in page
    # Equivalence in the other country, linked, with its rationale.
    assert 'href="/es/standards/us-am-sample/AM-PRD-201/"' in page
    assert "Parcial" in page
    assert "no exige verificar la calibración de la herramienta" in page


def test_detail_in_english_and_from_the_other_side(client, demo_standards):
    page = client.get("/en/standards/us-am-sample/AM-PRD-201/").content.decode()

    assert "Element 2 of 3" in page
    assert "Perform fastening and assembly to specification" in page
    # The crosswalk is shown from the target side too, linking back to the Mexican standard.
    assert 'href="/en/standards/conocer-muestra/EC9101/"' in page
    assert "EC9101 E2" in page
    assert "Partial" in page


def test_untranslated_text_falls_back_to_the_source_language(client):
    standard = StandardFactory(title_es="Soldadura por arco", title_en="")

    page = client.get(f"/en/standards/{standard.framework.slug}/{standard.code}/").content.decode()

    assert '<span lang="es">Soldadura por arco</span>' in page


def test_the_courses_that_prepare_for_it_are_listed_in_the_page_language(client, tree):
    standard = StandardFactory()
    course = tree["course"]
    course.title_es, course.title_en = "Curso de soldadura", "Welding course"
    course.save()
    course.target_standards.add(standard)

    spanish = client.get(url_of(standard)).content.decode()
    english = client.get(url_of(standard, "en")).content.decode()

    assert f'<a href="{tree["course_page"]["es"].url}">Curso de soldadura</a>' in spanish
    assert f'<a href="{tree["course_page"]["en"].url}">Welding course</a>' in english
    other = StandardFactory()
    assert "No course prepares for this standard yet." in client.get(url_of(other, "en")).text


def crosswalked(*, elements: int, criteria: int) -> Standard:
    """A Mexican standard whose every element and criterion maps to a US standard."""
    mexican = standard_with(elements=elements, criteria=criteria)
    american = standard_with(elements=elements, criteria=criteria, framework=USFrameworkFactory())
    targets = {
        (element.number, criterion.number): criterion
        for element in american.elements.all()
        for criterion in element.criteria.all()
    }
    for element in mexican.elements.all():
        CrosswalkEntryFactory(
            source_element=element, target_element=american.elements.get(number=element.number)
        )
        for criterion in element.criteria.all():
            CrosswalkEntryFactory(
                source_criterion=criterion,
                target_criterion=targets[(element.number, criterion.number)],
                equivalence="partial",
            )
    return mexican


def url_of(standard: Standard, language="es") -> str:
    return f"/{language}/standards/{standard.framework.slug}/{standard.code}/"


def test_query_count_is_fixed_whatever_the_size(client, tree, django_assert_num_queries):
    large = crosswalked(elements=10, criteria=10)
    small = crosswalked(elements=1, criteria=1)

    # Standard, elements, criteria, crosswalk, the courses preparing for it, plus the
    # content version (cms.fragments) of the site navigation base.html shows anonymous
    # visitors, cached since the first visit with its catalog link.
    client.get(url_of(small))
    with django_assert_num_queries(6):
        response = client.get(url_of(large))
    assert response.status_code == 200
    assert response.content.decode().count('<h2 id="element-') == 10

    # A course preparing for it adds its page link (one query): same for 10×10 and 1×1.
    for standard in (large, small):
        tree["course"].target_standards.add(standard)
    with CaptureQueriesContext(connection) as large_queries:
        client.get(url_of(large))
    with CaptureQueriesContext(connection) as small_queries:
        client.get(url_of(small))
    assert len(large_queries) == len(small_queries) == 7
