from django.urls import reverse
from django.utils import translation

import pytest

from accounts.roles import Role
from cms.models import CatalogPage, CoursePage, HomePage, ModulePage
from cms.selectors import translation_parity
from competencies.models import Criterion
from tests.cms.admin_forms import form_data
from tests.factories import UserFactory
from tests.factories.competencies import standard_with

pytestmark = pytest.mark.django_db


def test_page_type_rules():
    assert CatalogPage.can_create_at(HomePage())
    assert CoursePage.can_create_at(CatalogPage())
    assert ModulePage.can_create_at(CoursePage())
    assert not ModulePage.can_create_at(CatalogPage())
    assert not CoursePage.can_create_at(HomePage())
    assert not CatalogPage.can_create_at(CoursePage())
    assert ModulePage.allowed_subpage_models() == []


def test_catalog_filters_and_shows_languages(client, tree):
    response = client.get("/es/cursos/")
    assert response.status_code == 200
    assert "Curso de prueba" in response.text
    assert 'lang="en"' in response.text and 'lang="es"' in response.text

    assert "Curso de prueba" not in client.get("/es/cursos/?sector=semiconductor").text
    assert "Curso de prueba" in client.get("/es/cursos/?sector=automotive&language=en").text


def test_translation_parity_reports_missing_and_outdated(home_pages, tree):
    module = tree["modules"]["es"][0]
    rows = {(row.source.pk, row.language, row.status) for row in translation_parity()}
    assert (module.pk, "en", "outdated") not in rows

    module.title = "Módulo 1 revisado"
    module.save_revision().publish()
    extra = tree["course_page"]["es"].add_child(instance=ModulePage(title="Nuevo", slug="nuevo"))
    extra.save_revision().publish()

    rows = {(row.source.pk, row.language, row.status) for row in translation_parity()}
    assert (module.pk, "en", "outdated") in rows
    assert (extra.pk, "en", "missing") in rows


def test_parity_report_in_admin(client, tree):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    tree["course_page"]["es"].add_child(
        instance=ModulePage(title="Sin traducir", slug="sin-traducir")
    ).save_revision().publish()

    response = client.get("/admin/reports/translation-parity/")

    assert response.status_code == 200
    assert "Sin traducir" in response.text


@pytest.mark.parametrize(
    ("block", "error"),
    [
        (("image", {"alt_text": "", "caption": "Llave"}), "el texto alternativo es obligatorio"),
        (
            ("video", {"url": "https://youtu.be/aqz-KE-bpKQ", "title": "Par", "transcript": ""}),
            "Un video necesita transcripci",
        ),
    ],
)
def test_admin_refuses_to_publish_image_without_alt_or_video_without_transcript(
    client, tree, block, error
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    kind, value = block
    if kind == "image":
        value = {**value, "image": Image.objects.create(title="x", file=get_test_image_file()).pk}
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    parent = tree["course_page"]["es"]
    data = nested_form_data(
        {
            "title": "Módulo sin accesibilidad",
            "slug": "sin-accesibilidad",
            "summary": "",
            "estimated_minutes": 10,
            "skill_focus": "technical",
            "is_required": "on",
            "body": streamfield([(kind, value)]),
            "action-publish": "action-publish",
        }
    )

    response = client.post(f"/admin/pages/add/cms/modulepage/{parent.pk}/", data)

    assert response.status_code == 200
    assert error in response.text
    assert not ModulePage.objects.filter(slug="sin-accesibilidad").exists()


def test_course_page_links_its_published_quizzes_in_each_language(client, tree):
    from tests.factories.assessments import make_item, quiz_with

    quiz = quiz_with([make_item("single")], course=tree["course"], is_required=True)
    quiz_with([make_item("single")], course=tree["course"], is_active=False)

    spanish = client.get(tree["course_page"]["es"].url).content.decode()
    english = client.get(tree["course_page"]["en"].url).content.decode()

    with translation.override("es"):
        quiz_url = reverse("assessments:quiz_detail", args=[quiz.pk])
    assert f'href="{quiz_url}"' in spanish and "Cuestionarios" in spanish
    assert quiz.title_es in spanish and "Obligatorio" in spanish
    assert quiz.title_en in english and "Quizzes" in english
    assert spanish.count("/assessments/quizzes/") == 1


# The module page editor's live preview, as the preview panel drives it: POST the form as the
# page renders it, then GET the preview.


@pytest.fixture
def instructor(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    return client


def _criteria(standard) -> list[Criterion]:
    return list(Criterion.objects.filter(element__standard=standard))


def _preview(client, url: str, data: dict):
    state = client.post(url, data).json()
    return state, client.get(url)


def test_the_live_preview_of_a_published_module_page_shows_its_edits_and_criteria(instructor, tree):
    criteria = _criteria(standard_with(elements=1, criteria=2))
    module = tree["modules"]["es"][0]
    module.criteria.set(criteria[:1])
    module.save_revision().publish()
    edit = instructor.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    data = form_data(edit.content)
    data["summary"] = ["Resumen aún sin publicar"]
    data["criteria"] = [str(criterion.pk) for criterion in criteria]

    state, preview = _preview(
        instructor, reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk]), data
    )

    assert state == {"is_valid": True, "is_available": True}
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Resumen aún sin publicar" in html
    assert all(criterion.text_es in html for criterion in criteria)
    assert ModulePage.objects.get(pk=module.pk).summary != "Resumen aún sin publicar"


def test_the_live_preview_of_a_new_module_page_renders_before_it_is_saved(instructor, tree):
    criterion = _criteria(standard_with(elements=1, criteria=1))[0]
    parent = tree["course_page"]["es"]
    args = ["cms", "modulepage", parent.pk]
    data = form_data(instructor.get(reverse("wagtailadmin_pages:add", args=args)).content)
    data |= {
        "title": ["Borrador de módulo"],
        "slug": ["borrador"],
        "summary": ["Un módulo nuevo"],
        "criteria": [str(criterion.pk)],
    }

    state, preview = _preview(
        instructor, reverse("wagtailadmin_pages:preview_on_add", args=args), data
    )

    assert state == {"is_valid": True, "is_available": True}
    assert preview.status_code == 200
    assert "Un módulo nuevo" in preview.text and criterion.text_es in preview.text
    assert not ModulePage.objects.filter(slug="borrador").exists()


def test_progress_reads_the_same_in_both_languages_with_a_module_in_one_language_only(client, tree):
    """A module published in Spanish only still counts, and is listed, on the English course
    page, linked to the Spanish page and marked. ("My learning" counts the same modules:
    ``Module.objects.published()``.)"""
    from courses.services import enrollment_create, module_progress_complete

    course_page = tree["course_page"]["es"]
    spanish_only = course_page.add_child(
        instance=ModulePage(title="Módulo solo en español", slug="solo-es")
    )
    spanish_only.save_revision().publish()
    trainee = UserFactory(roles=[Role.TRAINEE])
    enrollment_create(user=trainee, course=tree["course"], enrolled_by=trainee)
    for module in (tree["modules"]["es"][0], spanish_only):
        module_progress_complete(user=trainee, module_key=module.translation_key)
    client.force_login(trainee)

    english = client.get(tree["course_page"]["en"].url).text
    spanish = client.get(course_page.url).text
    assert "You are enrolled: 2 modules of 3 done." in english
    assert "Estás inscrito: 2 módulos de 3 terminados." in spanish
    assert f'lang="es" hreflang="es">{spanish_only.title}</a>' in english
    assert "Not translated yet" in english
    assert "Aún sin traducir" not in spanish and "Not translated yet" not in spanish
