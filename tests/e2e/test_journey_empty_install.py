"""A training centre runs the whole cycle from an empty install, each role through its own
screens: no demo, no factories, no shell. The only step outside the browser is the one the
README gives for a new install: ``manage.py createsuperuser`` for the first administrator.

1. The administrator adds the instructor and the evaluator, uploads a standards file and
   creates the course.
2. The instructor writes the course and a module in Spanish, previews it, translates both into
   English and submits them; the administrator approves and publishes.
3. The instructor writes question items (options, feedback, criteria), previews them in both
   languages and builds a quiz that stays unpublished until she publishes it.
4. The administrator creates a cohort with the instructor and the evaluator and enrols two
   learners from a spreadsheet; each is invited in their own language.
5. A learner (English) sets her password, studies, takes the quiz; her essay reaches the
   instructor, who is told and grades it.
6. The evaluator records the observed criterion and the judgement *Competente*: the
   certificate is issued and the learner told.
7. The administrator revokes it: the learner is told, her page and the verification page say
   so; an unknown code gets the "no certificate has this code" page.
"""

import json
import re
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from wagtail.models import Locale

import pytest
from playwright.sync_api import expect

from assessments.models import Item, Quiz
from certificates.models import Certificate
from cms.models import CatalogPage, CoursePage, ModulePage
from competencies.models import Criterion, Standard
from courses.models import Cohort, Enrollment

from .journey import page_language, tr
from .test_journey_instructor import translate_segment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = {"email": "direccion@centro-tijuana.example", "first": "Rocío", "last": "Ibarra Soto"}
ADMIN_PASSWORD = "arranque-centro-2026"
INSTRUCTOR = {"email": "lucia.mendez@centro-tijuana.example", "first": "Lucía", "last": "Méndez"}
EVALUATOR = {"email": "jorge.pena@centro-tijuana.example", "first": "Jorge", "last": "Peña Ruiz"}
STAFF_PASSWORD = "inspeccion-visual-2026"

COURSE = {
    "code": "SOLD-INS-101",
    "es": "Inspección visual de soldadura",
    "en": "Visual weld inspection",
}
COURSE_INTRO = "Aprende a revisar uniones soldadas y a comunicar lo que encuentras."
MODULE = {"es": "Revisar el cordón", "en": "Checking the bead"}
MODULE_SUMMARY = "Cómo detectar porosidad, socavado y falta de fusión a simple vista."
PROCEDURE = "Revisar el cordón antes de liberar la pieza"
STEP = "Limpia la pieza y revisa el cordón con la lámpara de inspección."
PROMPT = "¿Cómo le avisarías al soldador que su cordón tiene porosidad, sin culparlo?"
COURSE_ENGLISH = {
    COURSE["es"]: COURSE["en"],
    COURSE_INTRO: "Learn to check welded joints and to tell others what you find.",
}
MODULE_ENGLISH = {
    MODULE["es"]: MODULE["en"],
    MODULE_SUMMARY: "How to spot porosity, undercut and lack of fusion with the naked eye.",
    PROCEDURE: "Check the bead before releasing the part",
    STEP: "Clean the part and check the bead with the inspection lamp.",
    PROMPT: "How would you tell the welder their bead is porous, without blaming them?",
}

QUIZ = {"es": "Evaluación final: inspección del cordón", "en": "Final quiz: bead inspection"}
CHOICE = {
    "stem": {
        "es": "¿Qué defecto se ve como pequeños poros en la superficie del cordón?",
        "en": "Which defect shows as small pores on the surface of the bead?",
    },
    "explanation": {
        "es": "La porosidad es gas atrapado al solidificar el metal.",
        "en": "Porosity is gas trapped as the metal solidifies.",
    },
    "options": [
        {
            "es": "Porosidad",
            "en": "Porosity",
            "correct": True,
            "feedback_es": "Correcto: gas atrapado.",
            "feedback_en": "Right: trapped gas.",
        },
        {
            "es": "Socavado",
            "en": "Undercut",
            "feedback_es": "El socavado es una ranura en el borde.",
            "feedback_en": "Undercut is a groove at the toe.",
        },
        {
            "es": "Falta de fusión",
            "en": "Lack of fusion",
            "feedback_es": "No se ve en la superficie.",
            "feedback_en": "It does not show on the surface.",
        },
    ],
}
ESSAY = {
    "stem": {
        "es": "Escribe cómo le avisarías al soldador que su cordón tiene porosidad.",
        "en": "Write how you would tell the welder that their bead is porous.",
    },
    "model": {
        "es": "Describe el defecto y la pieza, sin culpar, y propone revisar el gas.",
        "en": "Describes the defect and the part, without blame, and suggests checking the gas.",
    },
}
COHORT = "Soldadura — turno matutino, diciembre 2026"
EMILY, ANA = "emily.rodriguez@planta-otay.example", "ana.salas@planta-otay.example"
ROSTER_ROWS = [
    ("Ana Karen", "Salas Ortiz", ANA, "", "es"),
    ("Emily", "Rodríguez", EMILY, "", "en"),
]
BROKEN_ROW = ("Emily", "Rodríguez", "emily.rodriguez@", "", "en")
TRAINEE_PASSWORD = "cordon-limpio-2026"
EMILY_ESSAY = (
    "I would show the welder the pores on part 12, without blame, and ask to check the gas."
)
REVOCATION_REASON = "La evidencia de la estación 2 se registró para otra persona."

STANDARDS = {
    "format": "puente-standards",
    "version": 1,
    "frameworks": [
        {
            "slug": "centro-muestra",
            "name": {"es": "Estándares de muestra del centro", "en": "Centre sample standards"},
            "country": "MX",
            "publisher": "Centro de Capacitación Tijuana (muestra)",
            "source_language": "es",
            "standards": [
                {
                    "code": "EC9201",
                    "is_sample": True,
                    "title": {
                        "es": "Inspección visual de uniones soldadas",
                        "en": "Visual inspection of welded joints",
                    },
                    "level": 2,
                    "validity_months": 24,
                    "elements": [
                        {
                            "number": 1,
                            "title": {
                                "es": "Inspeccionar el cordón de soldadura",
                                "en": "Inspect the weld bead",
                            },
                            "criteria": [
                                {
                                    "number": 1,
                                    "kind": "performance",
                                    "text": {
                                        "es": "Revisa el cordón con lámpara de inspección antes "
                                        "de liberar la pieza.",
                                        "en": "Checks the bead with an inspection lamp before "
                                        "releasing the part.",
                                    },
                                },
                                {
                                    "number": 2,
                                    "kind": "knowledge",
                                    "knowledge_level": "comprehension",
                                    "text": {
                                        "es": "Distingue porosidad, socavado y falta de fusión.",
                                        "en": "Tells porosity, undercut and lack of fusion apart.",
                                    },
                                },
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "slug": "us-weld-sample",
            "name": {
                "es": "Modelo de soldadura de EE. UU. (muestra)",
                "en": "US welding model (sample)",
            },
            "country": "US",
            "publisher": "Sample US welding programme",
            "source_language": "en",
            "standards": [
                {
                    "code": "WLD-INS-1",
                    "is_sample": True,
                    "title": {
                        "en": "Weld visual inspection",
                        "es": "Inspección visual de soldadura",
                    },
                    "level": 2,
                    "elements": [
                        {
                            "number": 1,
                            "title": {"en": "Inspect welds", "es": "Inspeccionar soldaduras"},
                            "criteria": [
                                {
                                    "number": 1,
                                    "kind": "performance",
                                    "text": {"en": "Inspects welds visually under good light."},
                                }
                            ],
                        }
                    ],
                }
            ],
        },
    ],
    "crosswalk": [
        {
            "source": {"framework": "centro-muestra", "standard": "EC9201", "element": 1},
            "target": {"framework": "us-weld-sample", "standard": "WLD-INS-1", "element": 1},
            "equivalence": "full",
            "rationale": {
                "es": "Ambos exigen inspeccionar el cordón con buena luz antes de liberar.",
                "en": "Both require inspecting the bead under good light before release.",
            },
        }
    ],
}


@pytest.fixture
def first_administrator(empty_install, monkeypatch):
    """The one step the README gives outside the screens: createsuperuser."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email=ADMIN["email"],
        first_name=ADMIN["first"],
        last_name=ADMIN["last"],
        verbosity=0,
    )


def test_journey_from_an_empty_install(open_journey, first_administrator, tmp_path, capsys):
    admin = open_journey("empty-install-administrator")
    page = admin.page

    with admin.step("the administrator logs into the admin of an empty install"):
        admin.log_in_admin(ADMIN["email"], ADMIN_PASSWORD)
        language = page_language(page)

    with admin.step("adds the instructor and the evaluator with their roles"):
        for person, role in ((INSTRUCTOR, "Instructors"), (EVALUATOR, "Evaluators")):
            admin.goto("/admin/users/new/")
            page.locator("#id_email").fill(person["email"])
            page.locator("#id_first_name").fill(person["first"])
            page.locator("#id_last_name").fill(person["last"])
            page.locator("#id_password1").fill(STAFF_PASSWORD)
            page.locator("#id_password2").fill(STAFF_PASSWORD)
            page.locator("#tab-label-roles").click()
            page.get_by_label(role, exact=True).check()
            page.locator("form button[type=submit]").last.click()
            expect(page.locator(".messages")).to_contain_text(f"{person['first']} {person['last']}")
        admin.audit_admin("users")

    with admin.step("uploads the standards file with its crosswalk"):
        upload_standards(admin, standards_file(tmp_path), language)

    with admin.step("creates the course, led by the instructor"):
        admin.goto("/admin/courses/new/")
        page.locator("#id_code").fill(COURSE["code"])
        page.locator("#id_title_es").fill(COURSE["es"])
        page.locator("#id_title_en").fill(COURSE["en"])
        page.locator("#id_hours").fill("12")
        page.locator("#id_sector").select_option("automotive")
        page.locator("#id_skill_focus").select_option("mixed")
        page.get_by_label(re.compile("EC9201")).check()
        page.get_by_label(re.compile(INSTRUCTOR["email"])).check()
        admin.audit_admin("course-form")
        page.locator("form button[type=submit]").last.click()
        expect(page.locator(".messages")).to_contain_text(COURSE["es"])

    instructor = open_journey("empty-install-instructor")
    author = instructor.page

    with instructor.step("the instructor writes the course page in Spanish"):
        instructor.log_in_admin(INSTRUCTOR["email"], STAFF_PASSWORD)
        language = page_language(author)
        catalog = CatalogPage.objects.get(locale__language_code="es")
        instructor.goto(f"/admin/pages/add/cms/coursepage/{catalog.pk}/")
        author.locator("#id_title").fill(COURSE["es"])
        author.locator("#id_course").select_option(label=COURSE["es"])
        author.locator("#id_intro").fill(COURSE_INTRO)
        promote(author, "inspeccion-de-soldadura", language)
        author.get_by_role("button", name=tr("Save draft", language)).click()
        expect(author.locator(".messages")).to_contain_text(COURSE["es"])
        course_page = CoursePage.objects.get(title=COURSE["es"])

    with instructor.step("adds a module mixing a procedure and a reflection, and previews it"):
        instructor.goto(f"/admin/pages/add/cms/modulepage/{course_page.pk}/")
        author.locator("#id_title").fill(MODULE["es"])
        author.locator("#id_summary").fill(MODULE_SUMMARY)
        promote(author, "revisar-el-cordon", language)
        author.locator("#id_criteria").select_option(
            [
                str(pk)
                for pk in Criterion.objects.filter(element__standard__code="EC9201").values_list(
                    "pk", flat=True
                )
            ]
        )
        author.locator(".c-sf-add-button").first.click()
        author.get_by_role("option", name=tr("Step-by-step procedure", language)).click()
        author.locator("[name='body-0-value-title']").fill(PROCEDURE)
        author.locator("[name='body-0-value-steps-0-value-text']").fill(STEP)
        author.locator(".c-sf-add-button").last.click()
        author.get_by_role("option", name=tr("Reflection prompt", language)).click()
        author.locator("[name='body-1-value-prompt']").fill(PROMPT)
        author.get_by_role("button", name=tr("Save draft", language)).click()
        expect(author.locator(".messages")).to_contain_text(MODULE["es"])
        module = ModulePage.objects.get(title=MODULE["es"])
        preview = live_preview(author)
        expect(preview.get_by_role("heading", level=1)).to_have_text(MODULE["es"])
        expect(preview.get_by_text(STEP)).to_be_visible()
        instructor.screenshot("module-live-preview-es")

    with instructor.step("translates the course and its module into English"):
        instructor.goto(f"/admin/pages/{course_page.pk}/edit/")
        author.get_by_role("button", name=tr("Actions", language), exact=True).click()
        author.get_by_role("link", name=tr("Translate this page", language)).click()
        with translation.override(language):
            english = str(Locale.objects.get(language_code="en").get_display_name())
        author.get_by_label(english).check()
        author.locator("input[name='include_subtree']").check()
        author.get_by_role("button", name=tr("Submit", language)).click()
        expect(author.locator(".messages")).to_contain_text(english)
        for spanish, text in COURSE_ENGLISH.items():
            translate_segment(author, spanish, text, language)
        author.get_by_role("tab", name=tr("Promote", language)).click()
        translate_segment(author, course_page.slug, "weld-inspection", language)
        english_module = ModulePage.objects.get(
            translation_key=module.translation_key, locale__language_code="en"
        )
        instructor.goto(f"/admin/pages/{english_module.pk}/edit/")
        for spanish, text in MODULE_ENGLISH.items():
            translate_segment(author, spanish, text, language)
        author.get_by_role("tab", name=tr("Promote", language)).click()
        translate_segment(author, module.slug, "checking-the-bead", language)
        expect(author.locator("li.incomplete")).to_have_count(0)
        instructor.audit_admin("translation-editor")

    with instructor.step("submits both languages of both pages for review"):
        english_course = CoursePage.objects.get(
            translation_key=course_page.translation_key, locale__language_code="en"
        )
        for pk in (course_page.pk, module.pk):  # the page editor's action menu
            instructor.goto(f"/admin/pages/{pk}/edit/")
            author.locator("footer .w-dropdown__toggle").first.click()
            author.locator("button[name='action-submit']").click()
            expect(author.locator(".messages")).to_be_visible()
        for pk in (english_course.pk, english_module.pk):  # the translation editor's
            instructor.goto(f"/admin/pages/{pk}/edit/")
            submit = author.locator("#translation-review-actions").get_by_role(
                "button", name=tr("Submit for review", language)
            )
            submit.click()
            expect(author.locator(".messages")).to_be_visible()
        instructor.audit_admin("translation-submitted")
        for page_ in (course_page, module, english_course, english_module):
            page_.refresh_from_db()
            assert page_.workflow_in_progress and not page_.live, page_

    with admin.step("the administrator approves and publishes both languages"):
        for pk in (course_page.pk, module.pk):
            admin.goto(f"/admin/pages/{pk}/edit/")
            page.locator("footer .w-dropdown__toggle").first.click()
            page.locator("button[data-workflow-action-name='approve']").first.click()
            expect(page.locator(".messages")).to_be_visible()
        for pk in (english_course.pk, english_module.pk):
            admin.goto(f"/admin/pages/{pk}/edit/")
            page.locator("footer button[name='action'][value='publish']").click()
            expect(page.locator(".messages")).to_be_visible()
        for page_ in (course_page, module, english_course, english_module):
            page_.refresh_from_db()
            assert page_.live, page_
        admin.goto("/en/courses/weld-inspection/")
        expect(page.get_by_role("link", name=MODULE["en"])).to_be_visible()
        admin.audit("course-page", both_languages=False)

    knowledge = Criterion.objects.get(element__standard__code="EC9201", number=2)
    observed = Criterion.objects.get(element__standard__code="EC9201", number=1)

    with instructor.step("writes a single-choice item with feedback and the criterion it measures"):
        instructor.goto("/admin/snippets/assessments/item/add/")
        author.locator("#id_name").fill("Porosidad en el cordón")
        author.locator("#id_kind").select_option("single")
        rich_text(author, "stem_es", CHOICE["stem"]["es"])
        rich_text(author, "stem_en", CHOICE["stem"]["en"])
        rich_text(author, "explanation_es", CHOICE["explanation"]["es"])
        rich_text(author, "explanation_en", CHOICE["explanation"]["en"])
        author.get_by_role("tab", name=tr("Answer key", language)).click()
        for n, option in enumerate(CHOICE["options"]):
            author.locator("#id_options-ADD").click()
            author.locator(f"#id_options-{n}-text_es").fill(option["es"])
            author.locator(f"#id_options-{n}-text_en").fill(option["en"])
            author.locator(f"#id_options-{n}-feedback_es").fill(option["feedback_es"])
            author.locator(f"#id_options-{n}-feedback_en").fill(option["feedback_en"])
            if option.get("correct"):
                author.locator(f"#id_options-{n}-is_correct").check()
        author.get_by_role("tab", name=tr("Criteria", language)).click()
        author.locator("#id_criteria-ADD").click()
        author.locator("#id_criteria-0-criterion").select_option(str(knowledge.pk))
        author.locator(".w-form-width ~ footer button, footer button[type=submit]").first.click()
        expect(author.locator(".messages")).to_contain_text("Porosidad en el cordón")
        instructor.audit_admin("item-saved")

    with instructor.step("previews the item as trainees see it, in both languages"):
        item = Item.objects.get(name="Porosidad en el cordón")
        assert [o.is_correct for o in item.options.all()] == [True, False, False]
        assert list(item.criteria.values_list("criterion", flat=True)) == [knowledge.pk]
        instructor.goto(f"/admin/snippets/assessments/item/edit/{item.pk}/")
        preview = live_preview(author)
        expect(preview.get_by_text(CHOICE["options"][0]["es"])).to_be_visible()
        author.locator("#id_preview_mode").select_option("en")
        expect(preview.get_by_text(CHOICE["options"][0]["en"])).to_be_visible()
        instructor.screenshot("item-preview-en")

    with instructor.step("writes an essay item with a model answer"):
        instructor.goto("/admin/snippets/assessments/item/add/")
        author.locator("#id_name").fill("Avisar al soldador")
        author.locator("#id_kind").select_option("essay")
        author.locator("#id_points").fill("2")
        rich_text(author, "stem_es", ESSAY["stem"]["es"])
        rich_text(author, "stem_en", ESSAY["stem"]["en"])
        author.get_by_role("tab", name=tr("Answer key", language)).click()
        author.locator("#id_model_answer_es").fill(ESSAY["model"]["es"])
        author.locator("#id_model_answer_en").fill(ESSAY["model"]["en"])
        author.get_by_role("tab", name=tr("Criteria", language)).click()
        author.locator("#id_criteria-ADD").click()
        author.locator("#id_criteria-0-criterion").select_option(str(knowledge.pk))
        author.locator("footer button[type=submit]").first.click()
        expect(author.locator(".messages")).to_contain_text("Avisar al soldador")

    with instructor.step("builds the quiz, which stays a draft until she publishes it"):
        instructor.goto("/admin/snippets/assessments/quiz/add/")
        author.locator("#id_code").fill("sold-ins-101-final")
        author.locator("#id_course").select_option(label=COURSE["es"])
        author.locator("#id_title_es").fill(QUIZ["es"])
        author.locator("#id_title_en").fill(QUIZ["en"])
        author.get_by_role("tab", name=tr("Composition", language)).click()
        author.locator("#id_slots-ADD").click()
        author.locator("#id_slots-0-draw_count").fill("2")
        author.locator("#id_slots-0-draw_criterion").select_option(str(knowledge.pk))
        author.locator("#id_layout").select_option("all")
        author.locator("footer button[type=submit]").first.click()
        expect(author.locator(".messages")).to_contain_text(QUIZ["es"])
        quiz = Quiz.objects.get(code="sold-ins-101-final")
        assert (quiz.is_active, quiz.is_required) == (False, False)
        instructor.goto(f"/admin/snippets/assessments/quiz/edit/{quiz.pk}/")
        author.locator("#id_is_active").check()
        author.locator("#id_is_required").check()
        author.locator("footer button[type=submit]").first.click()
        expect(author.locator(".messages")).to_contain_text(QUIZ["es"])
        quiz.refresh_from_db()
        assert (quiz.is_active, quiz.is_required) == (True, True)

    with admin.step("the administrator creates a cohort with the instructor and the evaluator"):
        admin.goto("/admin/cohorts/new/")
        page.locator("#id_course").select_option(label=COURSE["es"])
        page.locator("#id_name").fill(COHORT)
        page.locator("#id_starts_on").fill("2026-12-01")
        page.locator("#id_ends_on").fill("2027-02-26")
        page.get_by_label(re.compile(INSTRUCTOR["email"])).check()
        page.get_by_label(re.compile(EVALUATOR["email"])).check()
        admin.audit_admin("cohort-form")
        page.locator("form button[type=submit]").last.click()
        expect(page.locator(".messages")).to_contain_text(COHORT)
        cohort = Cohort.objects.get(name=COHORT)

    with admin.step("uploads a roster with a mistake: told which row, nothing written"):
        admin.goto(f"/admin/cohorts/{cohort.pk}/trainees/import/")
        broken = roster(tmp_path, "grupo-con-error.csv", ROSTER_ROWS[0], BROKEN_ROW)
        page.locator("input[type=file]").set_input_files(broken)
        page.locator("form button[type=submit]", has_text=tr("Preview", language)).click()
        errors = page.get_by_role("table", name=tr("Rows with errors", language))
        expect(errors.get_by_role("row").filter(has_text=BROKEN_ROW[2])).to_contain_text("3")
        assert not Enrollment.objects.filter(cohort=cohort).exists()
        admin.audit_admin("roster-errors")

    with admin.step("uploads the corrected roster, checks the preview and confirms"):
        fixed = roster(tmp_path, "grupo.csv", *ROSTER_ROWS)
        page.locator("input[type=file]").set_input_files(fixed)
        page.locator("form button[type=submit]", has_text=tr("Preview", language)).click()
        for row in ROSTER_ROWS:
            expect(page.get_by_text(row[2])).to_be_visible()
        admin.audit_admin("roster-preview")
        page.locator("form button[type=submit]").filter(has_text=re.compile("2")).click()
        expect(page.locator(".messages")).to_be_visible()
        assert Enrollment.objects.filter(cohort=cohort).count() == 2
        invitations = {m.to[0]: m for m in mail.outbox if m.to[0] in (EMILY, ANA)}
        assert set(invitations) == {EMILY, ANA}
        assert COURSE["en"] in invitations[EMILY].body
        assert COURSE["es"] in invitations[ANA].body

    trainee = open_journey("empty-install-trainee", locale="en-US")
    learner = trainee.page

    with trainee.step("the learner opens her invitation and chooses her password"):
        trainee.goto(
            urlsplit(link_in(invitations[EMILY], r"https?://\S+/password-reset/\S+/\S+/")).path
        )
        expect(learner.get_by_role("heading", level=1)).to_have_text(
            tr("Choose a new password", "en")
        )
        trainee.audit("choose-password", both_languages=False)
        learner.locator("#id_new_password1").fill(TRAINEE_PASSWORD)
        learner.locator("#id_new_password2").fill(TRAINEE_PASSWORD)
        learner.get_by_role("button", name=tr("Save my new password", "en")).click()
        trainee.audit("password-saved", both_languages=False)
        trainee.log_in(EMILY, TRAINEE_PASSWORD, language="en")

    with trainee.step("studies the module and marks it done"):
        trainee.goto("/en/courses/weld-inspection/")
        trainee.audit("course")
        learner.get_by_role("link", name=MODULE["en"]).click()
        expect(learner.get_by_role("heading", level=1)).to_have_text(MODULE["en"])
        expect(learner.get_by_text(MODULE_ENGLISH[STEP])).to_be_visible()
        trainee.audit("module")
        learner.get_by_role("button", name=tr("Mark this module as done", "en")).click()
        expect(learner.get_by_role("status")).to_be_visible()

    with trainee.step("takes the quiz: the choice and the essay"):
        trainee.goto("/en/courses/weld-inspection/")
        learner.get_by_role("link", name=QUIZ["en"]).click()
        expect(learner.get_by_role("heading", level=1)).to_have_text(QUIZ["en"])
        trainee.audit("quiz")

        learner.get_by_role("button", name=tr("Start the quiz", "en")).click()
        learner.get_by_label(CHOICE["options"][0]["en"]).check()
        learner.get_by_label(tr("Your answer", "en")).fill(EMILY_ESSAY)
        trainee.audit("attempt", both_languages=False)
        learner.get_by_role("button", name=tr("Save and finish", "en")).click()
        trainee.audit("submit", both_languages=False)
        learner.get_by_role("button", name=tr("Submit my answers", "en")).click()
        graded_by_hand = tr(
            "Some answers are graded by hand. Your score will appear when grading is complete.",
            "en",
        )
        expect(learner.get_by_text(graded_by_hand)).to_be_visible()
        trainee.audit("result", both_languages=False)

    with instructor.step("the instructor is told, and grades the essay"):
        (notice,) = [
            m for m in mail.outbox if m.to == [INSTRUCTOR["email"]] and "/grading/" in m.body
        ]
        instructor.goto(urlsplit(link_in(notice, r"https?://\S+/grading/\S*")).path)
        instructor.accept_privacy_notice_if_asked("es")  # the instructor's first site page
        row = author.get_by_role("row").filter(has_text="Emily")
        row.get_by_role("link", name=tr("Grade")).click()
        expect(author.get_by_text(EMILY_ESSAY)).to_be_visible()
        instructor.audit("essay", both_languages=False)
        author.get_by_label(tr("Points")).fill("2")
        author.get_by_label(tr("Feedback for the trainee")).fill("Claro y respetuoso.")
        author.get_by_role("button", name=tr("Save grade")).click()
        expect(author.get_by_role("status")).to_contain_text(tr("Grade saved."))
        instructor.audit("grading")

    evaluator = open_journey("empty-install-evaluator", viewport={"width": 375, "height": 740})
    floor = evaluator.page

    with evaluator.step("the evaluator records the observed criterion"):
        evaluator.log_in(EVALUATOR["email"], STAFF_PASSWORD)
        evaluator.goto("/es/assessments/evaluation/")
        evaluator.audit("candidates", both_languages=False)
        floor.get_by_label(tr("Competency standard")).select_option(
            label=floor.get_by_role("option", name=re.compile("EC9201"))
            .first.text_content()
            .strip()
        )
        floor.get_by_label(tr("Candidate name or e-mail")).fill("Emily")
        floor.get_by_role("button", name=tr("Find candidates")).click()
        floor.locator(".card").filter(has_text="Emily").get_by_role(
            "link", name=tr("Open evaluation")
        ).click()
        form = floor.locator("li.criterion").filter(has_text=observed.text_es).locator("form")
        form.get_by_label(tr("Met"), exact=True).check()
        form.get_by_label(tr("Date observed")).fill(timezone.localdate().isoformat())
        form.get_by_label(tr("Place")).fill("Taller de soldadura, estación 2")
        form.get_by_role("button", name=tr("Save")).click()
        expect(floor.get_by_role("status")).to_contain_text("EC9201")
        # Saved in place: the verdict above follows without a reload.
        expect(floor.get_by_role("button", name=tr("Record the judgement"))).to_be_visible()
        evaluator.audit("evaluation")

    with evaluator.step("records Competente: the certificate is issued and the learner told"):
        floor.get_by_role("button", name=tr("Record the judgement")).click()
        expect(floor.get_by_role("status")).to_be_visible()
        certificate = Certificate.objects.get(holder__email=EMILY)
        assert certificate.status == Certificate.Status.VALID
        assert any(EMILY in m.to and certificate.code in m.body for m in mail.outbox)

    with trainee.step("the learner finds her certificate and its verification page"):
        trainee.goto("/en/certificates/")
        card = learner.locator("li, article").filter(has_text=certificate.display_code).first
        expect(card).to_contain_text(tr("Sample", "en"))
        trainee.audit("certificates")
        trainee.goto(f"/en/verify/{certificate.code}/")
        expect(learner.get_by_text(tr("Sample", "en")).first).to_be_visible()
        expect(learner.get_by_text("WLD-INS-1").first).to_be_visible()
        trainee.audit("verify")

    with admin.step("the administrator revokes it: the learner is told, every page says so"):
        admin.goto("/admin/certificates/")  # found in the list by the learner's name
        search = page.locator("main form[role=search]")
        search.get_by_label(tr("Name, e-mail, code or standard", page_language(page))).fill("Emily")
        search.locator("button[type=submit]").click()
        expect(page.locator("main tbody tr")).to_have_count(1)
        page.locator("main tbody").get_by_role("link", name=certificate.holder_name).click()
        assert admin.path() == f"/admin/certificates/{certificate.pk}/", admin.path()
        revoke = page.locator("form[action$='/revoke/']")
        revoke.locator("#id_reason").fill(REVOCATION_REASON)
        revoke.get_by_role("checkbox").check()  # revoking cannot be undone: she confirms
        revoke.locator("button[type=submit]").click()
        expect(page.locator(".messages")).to_be_visible()
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.REVOKED
        assert any(EMILY in m.to and REVOCATION_REASON in m.body for m in mail.outbox)

    with trainee.step("the learner's page and the verification page say revoked"):
        trainee.goto("/en/certificates/")
        expect(learner.get_by_text(REVOCATION_REASON)).to_be_visible()
        expect(
            learner.get_by_role("link", name=tr("Download PDF (marked revoked)", "en"))
        ).to_be_visible()
        trainee.goto(f"/en/verify/{certificate.code}/")
        expect(learner.get_by_text(tr("Revoked", "en")).first).to_be_visible()

    with trainee.step("an unknown code gets the no-certificate page, in each language"):
        for language_ in ("en", "es"):
            trainee.goto(f"/{language_}/verify/ZZZZZZZZZZZZZZZZZZZZZZZZZZ/", status=404)
            expect(learner.get_by_role("heading", level=1)).to_have_text(
                tr("No certificate has this code", language_)
            )
        trainee.audit("unknown-code")

    admin.report_admin_findings(capsys)
    instructor.report_admin_findings(capsys)


def live_preview(page):
    """Open the editor's live preview panel (Wagtail remembers whether it was open)."""
    toggle = page.locator("[data-side-panel-toggle='preview']")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.frame_locator("#w-preview-iframe")


def rich_text(page, field: str, text: str) -> None:
    """Type into a Draftail rich-text field."""
    editor = page.locator(f"[data-contentpath='{field}'] [contenteditable='true']")
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_have_text(text)
    # Draftail writes its content into the form's hidden input as it changes: wait for it,
    # or a quick save would post the field empty.
    last_word = re.findall(r"[A-Za-z]+", text)[-1]
    expect(page.locator(f"input[name='{field}']")).to_have_value(re.compile(last_word))


def roster(tmp_path, name: str, *rows) -> str:
    path = tmp_path / name
    lines = ["Nombre(s),Apellidos,Correo electrónico,CURP,Idioma", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def promote(page, slug: str, language: str) -> None:
    """Set the page's slug on the Promote tab and come back to the content."""
    page.get_by_role("tab", name=tr("Promote", language)).click()
    page.locator("#id_slug").fill(slug)
    page.get_by_role("tab", name=tr("Content", language)).click()


def upload_standards(journey, path, language):
    """Standards › Import standards: a file with a mistake is refused with the problem's
    place in the file and nothing saved; the corrected file is previewed, then imported."""
    page = journey.page
    broken = json.loads(path.read_text(encoding="utf-8"))
    broken["frameworks"][0]["standards"][0]["elements"][0]["criteria"][0]["kind"] = "skill"
    broken_path = path.with_name("estandares-con-error.json")
    broken_path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    journey.goto("/admin/competency_standards/import/")
    page.locator("input[type=file]").set_input_files(str(broken_path))
    page.locator("form button[type=submit]").last.click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("$.frameworks[0].standards[0].elements[0].criteria[0].kind")
    assert not Standard.objects.exists()
    journey.audit_admin("standards-refused")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("form button[type=submit]").last.click()
    # A preview first (what would be created), nothing saved until the import is confirmed.
    expect(page.locator("#import-counts")).to_be_visible()
    assert not Standard.objects.exists()
    journey.audit_admin("standards-preview")
    page.locator("#import-confirm button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(path.name)
    journey.goto("/es/standards/centro-muestra/EC9201/")
    journey.accept_privacy_notice_if_asked("es")  # the administrator's first site page
    expect(page.get_by_role("heading", level=1)).to_contain_text("EC9201")
    expect(page.get_by_text(tr("Sample", "es")).first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("WLD-INS-1")).first).to_be_visible()
    journey.audit(
        "standard", both_languages=False
    )  # the switcher would change the admin's language


def standards_file(tmp_path):
    path = tmp_path / "estandares-centro.json"
    path.write_text(json.dumps(STANDARDS, ensure_ascii=False), encoding="utf-8")
    return path


def link_in(message, pattern: str) -> str:
    (url,) = re.findall(pattern, message.body)[:1]
    return url
