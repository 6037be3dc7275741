"""Instructor: writes a new module in Spanish in the Wagtail admin and submits it for review."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from cms.models import CoursePage, ModulePage

from .journey import page_language, tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Inspección visual de soldadura"
PROCEDURE = "Revisar el cordón antes de liberar la pieza"
STEP = "Limpia la pieza y revisa el cordón con la lámpara de inspección."
PROMPT = "¿Cómo le avisarías al soldador que su cordón tiene porosidad, sin culparlo?"


def test_journey_instructor(open_journey, demo):
    instructor = demo[Role.INSTRUCTOR]
    course_page = CoursePage.objects.filter(
        locale__language_code="es", course__code="AUTO-CAL-101"
    ).get()
    journey = open_journey("instructor")
    page = journey.page

    with journey.step("logs into the Wagtail admin"):
        journey.goto("/admin/login/")
        page.locator("#id_username").fill(instructor.email)
        page.locator("#id_password").fill(DEMO_PASSWORD)
        page.locator("form button[type=submit]").click()
        expect(page.locator("#id_username")).to_have_count(0)

    with journey.step("starts a module page under the Spanish course"):
        journey.goto(f"/admin/pages/add/cms/modulepage/{course_page.pk}/")
        language = page_language(page)
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_summary").fill("Cómo detectar defectos de soldadura a simple vista.")

    with journey.step("adds a technical block: a step-by-step procedure"):
        page.locator(".c-sf-add-button").first.click()  # the empty body's "Insert a block"
        page.get_by_role("option", name=tr("Step-by-step procedure", language)).click()
        page.locator("[name='body-0-value-title']").fill(PROCEDURE)
        page.locator("[name='body-0-value-steps-0-value-text']").fill(STEP)

    with journey.step("adds a soft-skill block: a reflection prompt"):
        page.locator(".c-sf-add-button").last.click()
        page.get_by_role("option", name=tr("Reflection prompt", language)).click()
        page.locator("[name='body-1-value-prompt']").fill(PROMPT)

    with journey.step("submits the module for review"):
        page.locator("footer .w-dropdown__toggle").first.click()  # the actions menu
        page.locator("button[name='action-submit']").click()
        expect(page.locator(".messages")).to_contain_text(TITLE)
        module = ModulePage.objects.get(title=TITLE)
        assert not module.live
        assert module.workflow_in_progress
        assert module.locale.language_code == "es"
        body = [block.block_type for block in module.get_latest_revision_as_object().body]
        assert body == ["procedure", "reflection"]
