"""Cached page fragments (``cms.fragments``) show every change the next visitor asks for.

A visitor reads a module page first (its outline, criteria and body are then cached, with
the anonymous site navigation), an editor changes something it shows through the admin's own
screens, and the next visitor sees the change: a page published, a neighbour renamed, a
criterion's text edited or the criteria reordered, a translation approved, the catalog moved.
A preview shows the draft, never the cached page.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale, Page, TaskState
from wagtail_localize.models import String, StringTranslation, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from tests.cms.admin_forms import form_data
from tests.factories import UserFactory
from tests.factories.competencies import CriterionFactory, ElementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    return client


def _visit(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.text


def _cached_visit(url: str) -> str:
    """A visit answered from the cache: none of the module's own queries run."""
    _visit(url)
    with CaptureQueriesContext(connection) as queries:
        html = _visit(url)
    assert not [q for q in queries if "competencies_criterion" in q["sql"]], "criteria re-read"
    return html


def _publish_page(editor, page, **changes):
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(editor.get(edit_url).content)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    data["action-publish"] = ["action-publish"]
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_module_published_in_the_admin_is_what_the_next_visitor_reads(editor, tree):
    module = tree["modules"]["es"][0]
    assert "Módulo 1" in _cached_visit(module.url)

    _publish_page(editor, module, title="Apriete con torquímetro")

    html = _visit(module.url)
    assert "Apriete con torquímetro" in html and "<h1>Módulo 1</h1>" not in html


def test_renaming_a_neighbour_changes_the_pager_of_the_cached_module(editor, tree):
    first, second = tree["modules"]["es"]
    assert "Módulo 2 →" in _cached_visit(first.url)

    _publish_page(editor, second, title="Torque en línea")

    html = _visit(first.url)
    assert "Torque en línea →" in html and "Módulo 2 →" not in html


def test_unpublishing_a_neighbour_changes_the_count_of_the_cached_module(editor, tree):
    first, second = tree["modules"]["es"]
    assert "Módulo 1 de 2" in _cached_visit(first.url)

    response = editor.post(reverse("wagtailadmin_pages:unpublish", args=[second.pk]))
    assert response.status_code == 302

    html = _visit(first.url)
    assert "Módulo 1 de 1" in html and 'rel="next"' not in html


def test_criteria_edited_in_the_admin_show_on_the_cached_module(editor, tree):
    module = tree["modules"]["es"][0]
    element = ElementFactory()
    first = CriterionFactory(element=element, number=1, text_es="Mide el par")
    second = CriterionFactory(element=element, number=2, text_es="Registra el valor")
    _publish_page(editor, module, criteria=[str(first.pk), str(second.pk)])
    code = element.standard.code
    html = _cached_visit(module.url)
    assert f"<strong>{code} E{element.number}.1</strong> Mide el par" in html

    # The element's screen: the first criterion's text changes and it moves after the second.
    edit_url = reverse("competency_elements:edit", args=[element.pk])
    data = form_data(editor.get(edit_url).content)
    index = {data[f"criteria-{n}-id"][0]: n for n in range(2)}
    data[f"criteria-{index[str(first.pk)]}-text_es"] = ["Mide el par con torquímetro"]
    data[f"criteria-{index[str(first.pk)]}-ORDER"] = ["2"]
    data[f"criteria-{index[str(second.pk)]}-ORDER"] = ["1"]
    assert editor.post(edit_url, data).status_code == 302

    html = _cached_visit(module.url)
    assert f"<strong>{code} E{element.number}.2</strong> Mide el par con torquímetro" in html
    assert f"<strong>{code} E{element.number}.1</strong> Registra el valor" in html

    # Reordered only: no criterion's text changes, only their numbers (renumbered in place).
    data = form_data(editor.get(edit_url).content)
    index = {data[f"criteria-{n}-id"][0]: n for n in range(2)}
    data[f"criteria-{index[str(first.pk)]}-ORDER"] = ["1"]
    data[f"criteria-{index[str(second.pk)]}-ORDER"] = ["2"]
    assert editor.post(edit_url, data).status_code == 302

    html = _visit(module.url)
    assert f"<strong>{code} E{element.number}.1</strong> Mide el par con torquímetro" in html
    assert f"<strong>{code} E{element.number}.2</strong> Registra el valor" in html


def test_a_translation_approved_in_the_admin_shows_on_the_cached_english_page(client, tree):
    source_page = tree["modules"]["es"][0]
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(publish=True)
    page = source_page.get_translation(english)
    title = String.objects.get(data=source_page.title)
    segment = source.stringsegment_set.get(string=title)
    StringTranslation.objects.create(
        translation_of=title, locale=english, context=segment.context, data="Module 1: torque"
    )
    assert "Module 1: torque" not in _cached_visit(page.url)

    # An instructor submits the translation from wagtail-localize's editor…
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    form = BeautifulSoup(client.get(edit_url).content, "html.parser").select_one(
        "#translation-review-actions form"
    )
    data = form_data(f"<form data-edit-form>{form.decode_contents()}</form>")
    button = form.select_one("button.button-longrunning")
    if button.get("name"):
        data[button["name"]] = [button["value"]]
    assert client.post(button.get("formaction") or edit_url, data).status_code == 302
    assert "Module 1: torque" not in _visit(page.url)  # not published yet
    # …and an administrator approves it.
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk))
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert client.post(approve, {"comment": ""}).status_code in (200, 302)

    assert "Module 1: torque" in _visit(page.url)


def test_the_anonymous_navigation_follows_the_catalog_to_its_new_address(editor, tree):
    module = tree["modules"]["es"][0]
    catalog = tree["catalog"]["es"]
    assert f'href="{catalog.url}">Catálogo<' in _cached_visit(module.url)

    _publish_page(editor, catalog, slug="cursos-y-talleres")

    moved = Page.objects.get(pk=catalog.pk)
    html = _visit(reverse("certificates:verify_landing"))
    assert f'href="{moved.url}">Catálogo<' in html and moved.url.endswith("/cursos-y-talleres/")
    assert f'href="{moved.url}">Catálogo<' in _visit(Page.objects.get(pk=module.pk).url)


def test_a_preview_shows_the_draft_not_the_cached_page(editor, tree):
    module = tree["modules"]["es"][0]
    assert "Módulo 1" in _cached_visit(module.url)
    edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
    data = form_data(editor.get(edit_url).content)
    data["title"] = ["Borrador sin publicar"]
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk])

    assert editor.post(preview_url, data).json()["is_valid"]
    preview = editor.get(preview_url).content.decode()

    assert "<h1>Borrador sin publicar</h1>" in preview
    assert "Borrador sin publicar" not in _visit(module.url)  # visitors: the published page


def test_an_enrolled_trainee_reads_their_own_reflection_not_a_cached_body(client, tree):
    from courses.services import enrollment_create, reflection_save

    module = tree["modules"]["es"][0]
    _cached_visit(module.url)
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    prompt = next(block.id for block in module.body if block.block_type == "reflection")
    reflection_save(user=trainee, module_key=module.translation_key, block_id=prompt, answer="Mío")
    client.force_login(trainee)

    html = client.get(module.url).text

    assert ">Mío</textarea>" in html
    assert "Enroll in the course" not in html and "Inscríbete" not in html
