"""An instructor finishes a synced translation and submits it; an administrator approves it.

wagtail-localize's editor only offers "Publish" to those who may publish; Puente's template
and ``cms.translation_review`` give instructors "Submit for review" / "Save draft" instead,
into the "Review and publish" workflow (migration cms 0004).
"""

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale, Page, TaskState
from wagtail_localize.models import String, StringTranslation, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from tests.cms.admin_forms import form_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(tree):
    """The first module's English page as a synced wagtail-localize translation, with its
    title translated in the editor but not yet on the page."""
    source_page = tree["modules"]["es"][0]
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(publish=True)
    title = String.objects.get(data=source_page.title)
    segment = source.stringsegment_set.get(string=title)
    StringTranslation.objects.create(
        translation_of=title, locale=english, context=segment.context, data="Module 1: torque"
    )
    return source_page.get_translation(english)


def _review_form(page) -> BeautifulSoup | None:
    return BeautifulSoup(page.content, "html.parser").select_one("#translation-review-actions form")


def _post_button(client, url: str, form, label: str):
    """Submit ``form`` with the button a user clicks by its label."""
    data = form_data(f"<form data-edit-form>{form.decode_contents()}</form>")
    button = next(b for b in form.find_all("button") if label in b.get_text())
    if button.get("name"):
        data[button["name"]] = [button["value"]]
    return client.post(button.get("formaction") or url, data)


def test_an_instructor_submits_a_finished_translation_and_an_administrator_publishes_it(
    client, synced
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[synced.pk])
    published_title = synced.title
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    page = client.get(edit_url)
    form = _review_form(page)

    assert form is not None
    primary = form.select_one("button.button-longrunning")
    assert "Enviar a revisión" in primary.get_text() or "Submit for review" in primary.get_text()
    response = _post_button(client, edit_url, form, primary.get_text().strip())

    assert response.status_code == 302
    synced = Page.objects.get(pk=synced.pk).specific
    assert synced.title == published_title != "Module 1: torque"  # nothing published yet
    assert "Module 1: torque" not in Client().get(synced.url).content.decode()  # visitors
    assert synced.get_latest_revision_as_object().title == "Module 1: torque"
    assert synced.workflow_in_progress
    task_state = TaskState.objects.get(workflow_state__object_id=str(synced.pk))

    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Module 1: torque" in dashboard  # "Awaiting your review"
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[synced.pk, "approve", task_state.pk]
    )
    assert client.post(approve, {"comment": ""}).status_code in (200, 302)

    synced = Page.objects.get(pk=synced.pk).specific
    assert synced.live and synced.title == "Module 1: torque"
    assert not synced.workflow_in_progress


def test_an_instructor_saves_a_draft_without_submitting_it(client, synced):
    edit_url = reverse("wagtailadmin_pages:edit", args=[synced.pk])
    published_title = synced.title
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    form = _review_form(client.get(edit_url))
    draft = next(b for b in form.find_all("button") if b.get("value") == "puente-save-draft")

    response = _post_button(client, edit_url, form, draft.get_text().strip())

    assert response.status_code == 302
    synced = Page.objects.get(pk=synced.pk).specific
    assert synced.get_latest_revision_as_object().title == "Module 1: torque"
    assert synced.title == published_title and not synced.workflow_in_progress


def test_administrators_keep_the_editors_own_publish_action(client, synced):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))

    page = client.get(reverse("wagtailadmin_pages:edit", args=[synced.pk]))

    assert page.status_code == 200 and _review_form(page) is None
    assert "js-translation-editor" in page.content.decode()
