"""Instructor: writes a new module in Spanish in the Wagtail admin, translates it into English
with wagtail-localize and submits it for review; grades a trainee's essay answer."""

from django.utils import translation

from wagtail.models import Locale
from wagtail_localize.models import Translation

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from assessments.item_types import correct_response
from assessments.models import Attempt, Quiz
from assessments.services import attempt_answers_save, attempt_start, attempt_submit
from cms.models import CoursePage, ModulePage
from courses.models import Cohort

from .journey import axe_violations, describe_violations, page_language, tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Inspección visual de soldadura"
SUMMARY = "Cómo detectar defectos de soldadura a simple vista."
PROCEDURE = "Revisar el cordón antes de liberar la pieza"
STEP = "Limpia la pieza y revisa el cordón con la lámpara de inspección."
PROMPT = "¿Cómo le avisarías al soldador que su cordón tiene porosidad, sin culparlo?"
# Each Spanish segment of the new module and the English the instructor writes for it.
ENGLISH = {
    TITLE: "Visual weld inspection",
    SUMMARY: "How to spot weld defects with the naked eye.",
    PROCEDURE: "Check the bead before releasing the part",
    STEP: "Clean the part and check the bead with the inspection lamp.",
    PROMPT: "How would you tell the welder their bead is porous, without blaming them?",
}
ENGLISH_SLUG = "visual-weld-inspection"


def test_journey_instructor(open_journey, demo, capsys):
    instructor = demo[Role.INSTRUCTOR]
    course_page = CoursePage.objects.filter(
        locale__language_code="es", course__code="AUTO-CAL-101"
    ).get()
    journey = open_journey("instructor")
    page = journey.page

    with journey.step("logs into the Wagtail admin"):
        journey.log_in_admin(instructor.email, DEMO_PASSWORD)

    with journey.step("starts a module page under the Spanish course"):
        journey.goto(f"/admin/pages/add/cms/modulepage/{course_page.pk}/")
        language = page_language(page)
        page.locator("#id_title").fill(TITLE)
        page.locator("#id_summary").fill(SUMMARY)

    with journey.step("adds a technical block: a step-by-step procedure"):
        page.locator(".c-sf-add-button").first.click()  # the empty body's "Insert a block"
        page.get_by_role("option", name=tr("Step-by-step procedure", language)).click()
        page.locator("[name='body-0-value-title']").fill(PROCEDURE)
        page.locator("[name='body-0-value-steps-0-value-text']").fill(STEP)

    with journey.step("adds a soft-skill block: a reflection prompt"):
        page.locator(".c-sf-add-button").last.click()
        page.get_by_role("option", name=tr("Reflection prompt", language)).click()
        page.locator("[name='body-1-value-prompt']").fill(PROMPT)
        journey.audit_admin("module-form")

    with journey.step("saves the Spanish module as a draft"):
        page.get_by_role("button", name=tr("Save draft", language)).click()
        expect(page.locator(".messages")).to_contain_text(TITLE)
        module = ModulePage.objects.get(title=TITLE)
        assert (module.locale.language_code, module.live) == ("es", False)

    with journey.step("asks wagtail-localize for an English translation"):
        page.get_by_role("button", name=tr("Actions", language), exact=True).click()
        page.get_by_role("link", name=tr("Translate this page", language)).click()
        with translation.override(language):
            english = str(Locale.objects.get(language_code="en").get_display_name())
        page.get_by_label(english).check()
        journey.audit_admin("submit-translation")
        page.get_by_role("button", name=tr("Submit", language)).click()
        expect(page.locator(".messages")).to_contain_text(english)
        twin = ModulePage.objects.get(
            translation_key=module.translation_key, locale__language_code="en"
        )
        assert journey.path() == f"/admin/pages/{twin.pk}/edit/"  # the translation editor

    with journey.step("translates every segment in the translation editor"):
        for spanish, text in ENGLISH.items():
            translate_segment(page, spanish, text, language)
        page.get_by_role("tab", name=tr("Promote", language)).click()
        translate_segment(page, module.slug, ENGLISH_SLUG, language)
        expect(page.locator("li.incomplete")).to_have_count(0)
        journey.audit_admin("translation-editor")

    with journey.step("previews the module in English"):
        with page.context.expect_page() as opened:  # the editor opens it in a new tab
            page.locator("#translation-review-actions a[href$='/preview/']").click()
        preview = opened.value
        journey.watch(preview)
        expect(preview.get_by_role("heading", level=1)).to_have_text(ENGLISH[TITLE])
        for spanish in (PROCEDURE, STEP, PROMPT):
            expect(preview.get_by_text(ENGLISH[spanish])).to_be_visible()
        expect(preview.get_by_text(PROMPT)).to_have_count(0)
        journey.screenshot("preview-en", page=preview)
        violations = axe_violations(preview)  # the site's own module template: must pass
        assert not violations, describe_violations(violations)
        preview.close()

    with journey.step("returns to the Spanish module and submits it for review"):
        with translation.override(language):
            spanish = str(Locale.objects.get(language_code="es").get_display_name())
        page.get_by_role("link", name=spanish, exact=True).click()
        expect(page).to_have_url(journey.url(f"/admin/pages/{module.pk}/edit/"))
        page.locator("footer .w-dropdown__toggle").first.click()  # the actions menu
        page.locator("button[name='action-submit']").click()
        expect(page.locator(".messages")).to_contain_text(TITLE)
        module.refresh_from_db()
        assert not module.live
        assert module.workflow_in_progress
        body = [block.block_type for block in module.get_latest_revision_as_object().body]
        assert body == ["procedure", "reflection"]

    with journey.step("leaves an English draft with every segment translated"):
        twin.refresh_from_db()
        assert twin.get_parent().specific.course == course_page.course
        assert not twin.live  # instructors cannot publish: the reviewer does, in both languages
        job = Translation.objects.get(
            source__object_id=module.translation_key, target_locale=twin.locale
        )
        total, done = job.get_progress()
        assert total == done == len(ENGLISH) + 1  # and the slug
        english_module = job.source.get_ephemeral_translated_instance(twin.locale)
        assert (english_module.title, english_module.summary) == (ENGLISH[TITLE], ENGLISH[SUMMARY])
        assert english_module.slug == ENGLISH_SLUG
        procedure, reflection = english_module.body
        assert procedure.value["title"] == ENGLISH[PROCEDURE]
        assert procedure.value["steps"][0]["text"] == ENGLISH[STEP]
        assert reflection.value["prompt"] == ENGLISH[PROMPT]

    journey.report_admin_findings(capsys)


def translate_segment(page, source: str, english: str, language: str) -> None:
    """In wagtail-localize's editor: Translate the segment showing ``source``, type the
    English, Save, and see the segment marked done with it."""
    segment = page.locator("li.incomplete").filter(has=page.get_by_text(source, exact=True))
    expect(segment).to_have_count(1)
    segment.get_by_role("button", name=tr("Translate", language), exact=True).click()
    segment.locator("textarea").fill(english)
    segment.get_by_role("button", name=tr("Save", language), exact=True).click()
    done = page.locator("li.complete").filter(has=page.get_by_text(source, exact=True))
    expect(done).to_contain_text(english)


ESSAY = (
    "Qué: se cambió el dado del torquímetro; dónde: estación 4; cuándo: a las 14:20. "
    "Lo cambió mantenimiento. Hay que verificar el par en las primeras piezas."
)
FEEDBACK = "Muy claro. Falta decir cuántas piezas verificar: las primeras cinco."


def test_journey_instructor_grades_an_essay(open_journey, demo, enrolled_trainee, mailoutbox):
    """A trainee of the instructor's cohort has submitted the course's final quiz; only the
    essay waits. The instructor grades it in the browser and the trainee's result is final."""
    instructor = demo[Role.INSTRUCTOR]
    cohort = Cohort.objects.get(instructors=instructor, course__code="AUTO-CAL-101")
    trainee = enrolled_trainee(
        "marisol.garza@planta.example",
        "Marisol",
        "Garza Leal",
        cohort=cohort,
        enrolled_by=instructor,
    )
    quiz = Quiz.objects.get(code="auto-cal-101-final")
    attempt = submit_with_essay(quiz, trainee, ESSAY)
    essay = attempt.answers.get(points__isnull=True)
    journey = open_journey("instructor-grading")
    page = journey.page

    with journey.step("logs in and opens the essays to grade"):
        journey.log_in(instructor.email, DEMO_PASSWORD)
        journey.follow_nav(tr("Grading"), tr("Essays to grade"))
        row = page.get_by_role("row").filter(has_text=trainee.printed_name)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(quiz.title_es)
        journey.audit("queue")

    with journey.step("reads the answer beside the model answer"):
        row.get_by_role("link", name=tr("Grade")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(quiz.title_es)
        answer_by = tr("Answer by %(name)s", name=trainee.printed_name)
        expect(page.get_by_role("region", name=answer_by)).to_contain_text(ESSAY)
        model = page.get_by_role("region", name=tr("Model answer"))
        expect(model).to_contain_text("verificar el par en las primeras cinco piezas")
        expect(page.get_by_text(tr("From 0 to %(max)s.", max="2"))).to_be_visible()
        journey.audit("essay")

    with journey.step("gives 1.5 of 2 points with feedback"):
        page.get_by_label(tr("Points")).fill("1.5")
        page.get_by_label(tr("Feedback for the trainee")).fill(FEEDBACK)
        page.get_by_role("button", name=tr("Save grade")).click()
        expect(page.get_by_role("status")).to_contain_text(tr("Grade saved."))
        expect(page.get_by_role("row").filter(has_text=trainee.printed_name)).to_have_count(0)
        journey.audit("queue-after-grading", both_languages=False)

    with journey.step("leaves the trainee a final, passing result and tells her"):
        essay.refresh_from_db()
        assert (essay.points, essay.grader, essay.grader_feedback) == (1.5, instructor, FEEDBACK)
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.GRADED
        assert (attempt.score, attempt.passed) == (95, True)  # 8 of 8 + 1.5 of 2 points
        (mail,) = [m for m in mailoutbox if trainee.email in m.to]
        assert quiz.title_es in mail.subject


def submit_with_essay(quiz: Quiz, trainee, essay: str) -> Attempt:
    """The trainee's attempt, submitted through the services: every question right, and an
    essay that only an instructor can grade."""
    attempt, _created = attempt_start(quiz=quiz, user=trainee, language="es")
    answers = {}
    for answer in attempt.answers.select_related("item_version"):
        response = correct_response(answer.item_version.content)
        if isinstance(response, bool):
            response = "true" if response else "false"
        answers[answer.position] = (essay if response is None else response, answer.sequence + 1)
    attempt_answers_save(public_id=attempt.public_id, user=trainee, answers=answers, language="es")
    attempt, _closed = attempt_submit(public_id=attempt.public_id, user=trainee)
    assert attempt.status == Attempt.Status.SUBMITTED  # the essay waits for its grade
    return attempt
