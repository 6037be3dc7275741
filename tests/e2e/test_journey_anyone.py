"""Anyone (an employer in Monterrey or Detroit, a school): no account, either language."""

import re

import pytest
from playwright.sync_api import expect

from .journey import tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNKNOWN_CODE = "QZ7K-M2XW-4RTA-LB6N-PC3D-YH5F-GJ2S-E7VU"  # well formed, never issued


def test_journey_anyone(open_journey, demo):
    journey = open_journey("anyone")
    page = journey.page

    with journey.step("arrives at the site root and is sent to Spanish"):
        page.goto(journey.url("/"))
        assert journey.path() == "/es/"
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", level=1)).to_have_text("Puente")
        journey.audit("home")

    with journey.step("reaches the main content with the skip link"):
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Saltar al contenido principal")
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()

    with journey.step("switches the interface to English"):
        journey.switch_language("English")
        assert journey.path() == "/en/"
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".language-switcher [aria-current]")).to_have_text("English")
        expect(page.get_by_role("link", name="Sign up")).to_be_visible()

    with journey.step("mistypes a certificate code on the verification page"):
        journey.follow_nav("Verify", "Verify a certificate")
        journey.audit("verify")
        page.get_by_label("Certificate code").fill("ABCD-1234")
        page.get_by_role("button", name="Verify").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        expect(page.get_by_text("A certificate code has 32 letters and digits")).to_be_visible()
        expect(page.get_by_label("Certificate code")).to_have_value("ABCD-1234")
        journey.audit("verify-errors", both_languages=False)

    with journey.step("verifies an unknown code and gets the not-found page"):
        page.get_by_label("Certificate code").fill(UNKNOWN_CODE.lower())
        page.get_by_role("button", name="Verify").click()
        assert journey.path() == f"/en/verify/{UNKNOWN_CODE.replace('-', '')}/"
        expect(page.get_by_role("heading", level=1)).to_have_text("No certificate has this code")
        journey.audit("verify-unknown", both_languages=False)
        journey.goto(f"/es/verify/{UNKNOWN_CODE.replace('-', '')}/", status=404)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Ningún certificado tiene este código"
        )
        journey.audit("verify-unknown", both_languages=False)

    with journey.step("switches back to Spanish"):
        journey.switch_language("English")
        journey.switch_language("Español")
        assert journey.path().startswith("/es/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(journey.main_nav().get_by_role("link", name="Registrarme")).to_be_visible()

    with journey.step("asks for a page that does not exist"):
        journey.goto("/es/no-existe/", status=404)
        expect(page.get_by_role("heading", level=1)).to_have_text("Página no encontrada")
        journey.audit("not-found", both_languages=False)
        journey.goto("/en/does-not-exist/", status=404)
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        journey.audit("not-found", both_languages=False)


def test_journey_anyone_checks_demo_certificates(open_journey, demo):
    """An employer checks the demo trainee's certificates: by code and by the PDF itself."""
    from accounts.roles import Role
    from certificates.models import Certificate

    held = Certificate.objects.filter(holder=demo[Role.TRAINEE])
    valid = held.get(status=Certificate.Status.VALID)
    revoked = held.get(status=Certificate.Status.REVOKED)
    journey = open_journey("anyone-certificates")
    page = journey.page

    for certificate, status in ((valid, "Valid"), (revoked, "Revoked")):
        for language in ("es", "en"):
            with journey.step(f"opens the {status.lower()} certificate's page ({language})"):
                journey.goto(f"/{language}/verify/{certificate.code}/")
                expect(page.locator("#status-heading")).to_contain_text(tr(status, language))
                expect(page.get_by_text(certificate.display_code)).to_be_visible()
                if certificate == revoked:
                    expect(page.get_by_text(certificate.revocation_reason)).to_be_visible()
                journey.audit(f"verify-{status.lower()}", both_languages=False)

    for language in ("es", "en"):
        with journey.step(f"uploads the valid PDF to Check a PDF ({language})"):
            journey.goto(f"/{language}/verify/{valid.code}/")
            check = tr("Check that a PDF is exactly the issued file", language)
            page.get_by_role("link", name=check).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(tr("Check a PDF", language))
            page.get_by_label(
                tr("Certificate or evaluation document (PDF)", language)
            ).set_input_files(valid.pdf.path)
            page.get_by_role("button", name=tr("Check the file", language)).click()
            result = page.locator("#result-heading")
            expect(result).to_have_text(tr("This is the file Puente issued.", language))
            expect(page.get_by_text(tr("Valid", language), exact=True)).to_be_visible()
            journey.audit("check-pdf-issued", both_languages=False)
            page.get_by_role("link", name=tr("See its verification page", language)).click()
            assert journey.path() == f"/{language}/verify/{valid.code}/"


KEYBOARD_ANSWERS = {  # what a keyboard user types into each kind of question
    "short": "válvula",
    "numeric": "54,24",
    "essay": "Le diría al siguiente turno qué quedó pendiente, con datos y sin culpar a nadie.",
}


def test_journey_keyboard_quiz(open_journey, enrolled_trainee):
    """Someone who uses no mouse, on a 375-px phone, takes a whole quiz with the keyboard."""
    from assessments.models import Attempt, Quiz

    from .conftest import TRAINEE_PASSWORD

    trainee = enrolled_trainee(
        "rosa.medina@planta.example", "Rosa Elena", "Medina Treviño", "AUTO-CAL-101"
    )
    quiz = Quiz.objects.get(code="auto-cal-101-final")
    journey = open_journey("keyboard-quiz", viewport={"width": 375, "height": 740})
    page = journey.page

    with journey.step("finds the menu folded at phone width and opens it with the keyboard"):
        journey.goto("/es/")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 150, header  # 240-273 px with every link shown
        toggle = page.get_by_role("button", name="Menú")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name=tr("Log in"))).to_be_hidden()
        journey.tab_to(toggle, presses=4)
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(journey.main_nav().get_by_role("link", name=tr("Log in"))).to_be_visible()
        journey.audit("menu-open", both_languages=False)
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        expect(toggle).to_be_focused()
        expect(page.get_by_role("link", name=tr("Log in"))).to_be_hidden()

    with journey.step("logs in and opens the quiz"):
        journey.log_in(trainee.email, TRAINEE_PASSWORD)
        journey.goto(f"/es/assessments/quizzes/{quiz.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title_es)
        journey.assert_fits_width()
        journey.audit("quiz")

    with journey.step("starts the attempt with the keyboard"):
        journey.tab_to(page.get_by_role("button", name=tr("Start the quiz")), presses=40)
        page.keyboard.press("Enter")
        expect(page.locator("fieldset.question")).to_have_count(1)
        journey.assert_fits_width()
        journey.audit("question")

    questions = Attempt.objects.get(user=trainee, quiz=quiz).answers.count()
    for number in range(1, questions + 1):
        with journey.step(f"answers question {number} of {questions} with the keyboard"):
            question = page.locator("fieldset.question")
            expect(question).to_have_attribute("data-position", str(number))
            kind = question.get_attribute("data-kind")
            answer_with_keyboard(journey, question, kind)
            # Saved as typed, and said so in the page's language; the navigator follows.
            expect(question.locator("[data-status]")).to_have_text(tr("Saved"))
            entry = page.locator(f"[data-nav='{number}']")
            expect(entry).to_have_class(re.compile(r"\bis-answered\b"))
            label = tr("Question %(n)s", n=number)
            expect(entry).to_have_accessible_name(f"{label}, {tr('answered')}")
            if number == 2:  # unsure of this one: flags it to come back to it
                flag = question.get_by_role("button", name=tr("Flag for review"))
                journey.tab_to(flag, presses=8)
                page.keyboard.press("Enter")
                expect(flag).to_have_attribute("aria-pressed", "true")
                expect(entry).to_have_class(re.compile(r"\bis-flagged\b"))
                expect(entry).to_have_accessible_name(f"{label}, {tr('answered')}, {tr('flagged')}")
                journey.audit("question-flagged", both_languages=False)
            # The timer stays in view at the bottom of the page.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            if page.evaluate("window.scrollY") > 300:
                timer = page.locator(".countdown").bounding_box()
                assert 0 <= timer["y"] < 5, timer
            journey.assert_fits_width()
            last = number == questions
            button = tr("Save and finish") if last else tr("Save and next")
            journey.tab_to(page.get_by_role("button", name=button, exact=True), presses=8)
            page.keyboard.press("Enter")
            if not last:
                expect(page.locator("fieldset.question")).to_have_attribute(
                    "data-position", str(number + 1)
                )

    with journey.step("submits the answers with the keyboard"):
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("Finish the attempt"))
        expect(page.get_by_text(tr("Unanswered questions:"))).to_have_count(0)
        flagged = page.get_by_text(tr("Flagged for review:"))
        expect(flagged.get_by_role("link")).to_have_text(["2"])
        journey.audit("finish", both_languages=False)
        journey.tab_to(page.get_by_role("button", name=tr("Submit my answers")), presses=40)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title_es)
        attempt = Attempt.objects.get(user=trainee, quiz=quiz)
        assert attempt.status != Attempt.Status.IN_PROGRESS
        assert all(answer.response not in (None, "", [], {}) for answer in attempt.answers.all())
        # Every question is marked in words, the essay waiting for its grader.
        marks = page.locator("[data-mark]")
        expect(marks).to_have_count(questions)
        essays = attempt.answers.filter(item_version__content__kind="essay").count()
        expect(page.locator("[data-mark=pending]")).to_have_count(essays)
        expect(page.locator("[data-mark=pending]").first).to_contain_text(tr("Awaiting grading"))
        journey.assert_fits_width()
        journey.audit("result")


def answer_with_keyboard(journey, question, kind: str) -> None:
    """Tab into the question and answer it with keys only (no clicks, no fills)."""
    keyboard = journey.page.keyboard
    if kind in ("single", "situational", "true_false", "multiple"):
        journey.tab_to(question.locator("input:not([type=hidden])").first, presses=40)
        keyboard.press("Space")
        expect(question.locator("input:checked")).to_have_count(1)
    elif kind in KEYBOARD_ANSWERS:
        journey.tab_to(question.locator("input[type=text], textarea").first, presses=40)
        keyboard.type(KEYBOARD_ANSWERS[kind])
    elif kind == "matching":
        for index, select in enumerate(question.locator("select").all()):
            journey.tab_to(select, presses=40 if index == 0 else 2)
            keyboard.press("ArrowDown")
            expect(select).not_to_have_value("")
    elif kind == "ordering":
        for index, rank in enumerate(question.locator("input[type=number]").all()):
            journey.tab_to(rank, presses=40 if index == 0 else 2)
            keyboard.type(str(index + 1))
    else:
        raise AssertionError(f"no keyboard recipe for a {kind!r} question")


def test_journey_quiz_timer_warns_before_the_end(open_journey, enrolled_trainee):
    """The timer warns out loud (aria-live) five minutes and one minute before the end."""
    from datetime import timedelta

    from django.utils import timezone

    from assessments.models import Attempt, Quiz

    from .conftest import TRAINEE_PASSWORD

    trainee = enrolled_trainee("ana.solis@planta.example", "Ana", "Solís", "AUTO-CAL-101")
    quiz = Quiz.objects.get(code="auto-cal-101-final")
    journey = open_journey("quiz-timer", viewport={"width": 375, "height": 740})
    page = journey.page
    with journey.step("starts the timed quiz"):
        journey.log_in(trainee.email, TRAINEE_PASSWORD)
        journey.goto(f"/es/assessments/quizzes/{quiz.pk}/")
        journey.audit("quiz", both_languages=False)
        page.get_by_role("button", name=tr("Start the quiz")).click()
        expect(page.locator("[data-countdown-warning]")).to_have_text("")
    attempt = Attempt.objects.get(user=trainee, quiz=quiz)
    with journey.step("hears five minutes left as the time passes"):
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=timezone.now() + timedelta(minutes=5, seconds=3)
        )
        page.reload()
        warning = page.locator("[data-countdown-warning]")
        expect(warning).to_have_attribute("aria-live", "assertive")
        expect(warning).to_have_text(tr("Five minutes left."), timeout=10000)
        expect(page.locator(".countdown")).to_have_class(re.compile(r"\bcountdown--urgent\b"))
        journey.audit("timer-five-minutes", both_languages=False)
    with journey.step("hears one minute left, once, on the next page"):
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=timezone.now() + timedelta(seconds=58)
        )
        page.get_by_role("button", name=tr("Save and next")).click()
        expect(page.locator("[data-countdown-warning]")).to_have_text(tr("One minute left."))
        journey.audit("timer-one-minute", both_languages=False)
        page.reload()  # said already: not repeated
        expect(page.locator("[data-countdown-warning]")).to_have_text("")
