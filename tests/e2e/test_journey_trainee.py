"""Trainee: signs up in Spanish and goes all the way to a certificate anyone can verify."""

import hashlib
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from assessments.models import Attempt, Quiz
from certificates.models import Certificate
from courses.models import ModuleProgress

from .journey import tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "lucia.ramos@planta.example"
PASSWORD = "torque-calibrado-85"
COURSE = {
    "es": "Calidad en la línea de ensamble automotriz",
    "en": "Quality on the automotive assembly line",
}
FIRST_MODULE = {"es": "5S en la estación de trabajo", "en": "5S at the workstation"}
SECOND_MODULE = {"es": "Procedimientos de par de apriete", "en": "Torque procedures"}
REFLECTION = "En mi estación, las llaves sin etiqueta se quedaban en el carro; ahora las retiro."
REFLECTION_EDITED = REFLECTION + " También lo aviso al líder de celda."
QUICK_CHECK = "auto-cal-101-quick-check"  # the demo's four questions on torque and 5S
# Her first try: thinks over-torque is safer and converts N·m the wrong way (120 × 1.356).
FIRST_TRY = {"single": "The joint is firmer and never loosens", "numeric": "162.7"}
RETAKE = {
    "single": "The bolt stretches or the thread strips, and the joint loses its clamp",
    "numeric": "88.56",
}


def test_journey_trainee(open_journey, demo):
    journey = open_journey("trainee")
    page = journey.page

    with journey.step("opens the sign-up form from the Spanish home page"):
        journey.goto("/es/")
        journey.audit("home", both_languages=False)
        journey.follow_nav("Registrarme", "Crea tu cuenta")
        journey.audit("sign-up")

    with journey.step("mistypes the CURP and keeps everything typed"):
        page.get_by_label("Correo electrónico").fill(EMAIL)
        page.get_by_label("Nombre(s)").fill("Lucía")
        page.get_by_label("Apellidos").fill("Ramos Núñez")
        page.get_by_label("CURP").fill("MAHJ280603MSPRRV08")
        page.get_by_label("Contraseña:", exact=True).fill(PASSWORD)
        page.get_by_label("Confirmación de contraseña").fill(PASSWORD)
        page.get_by_label("He leído el aviso de privacidad y lo acepto.").check()
        page.get_by_role("button", name="Registrarme").click()
        expect(page.get_by_role("alert")).to_contain_text("Corrige los errores")
        expect(page.get_by_text("El dígito verificador de la CURP no coincide")).to_be_visible()
        expect(page.get_by_label("Apellidos")).to_have_value("Ramos Núñez")
        expect(page.get_by_label("He leído el aviso de privacidad y lo acepto.")).to_be_checked()
        journey.audit("sign-up-errors", both_languages=False)

    with journey.step("corrects the CURP and creates the account"):
        page.get_by_label("CURP").fill("MAHJ280603MSPRRV09")
        page.get_by_label("Contraseña:", exact=True).fill(PASSWORD)
        page.get_by_label("Confirmación de contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Registrarme").click()
        # The same answer whether or not the address had an account (issue 16): check the
        # e-mail, then log in.
        expect(page.get_by_role("heading", name="Revisa tu correo")).to_be_visible()
        journey.audit("sign-up-sent")
        user = User.objects.get(email=EMAIL)
        assert user.preferred_language == "es"
        page.get_by_role("link", name="Iniciar sesión").last.click()
        journey.audit("login")
        page.get_by_label("Correo electrónico").fill(EMAIL)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page.get_by_text("Lucía Ramos Núñez")).to_be_visible()
        journey.audit("home")

    with journey.step("browses the catalog and filters it by sector"):
        journey.follow_nav(tr("Catalog"), "Catálogo de cursos")
        journey.audit("catalog")
        page.get_by_label(tr("Sector")).select_option(label=tr("Automotive"))
        page.get_by_role("button", name=tr("Show courses")).click()
        courses = page.locator(".card-list > li")
        expect(courses).to_have_count(1)
        expect(courses.first.get_by_role("heading")).to_have_text(COURSE["es"])
        journey.audit("catalog-filtered", both_languages=False)

    with journey.step("opens the course and enrolls"):
        page.get_by_role("link", name=COURSE["es"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(COURSE["es"])
        journey.audit("course")
        page.get_by_role("button", name=tr("Enroll in this course")).click()
        expect(page.get_by_role("status")).to_contain_text(COURSE["es"])
        expect(page.get_by_role("button", name=tr("Enroll in this course"))).to_have_count(0)
        journey.audit("course-enrolled", both_languages=False)

    with journey.step("studies the first module and writes a private reflection"):
        page.get_by_role("link", name=FIRST_MODULE["es"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_MODULE["es"])
        journey.audit("module")
        page.get_by_label(tr("Your private answer")).first.fill(REFLECTION)
        save = page.get_by_role("button", name=tr("Save my answer")).first
        # A secondary action is drawn as one (white, not the primary's teal).
        assert save.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
        save.click()
        expect(page.get_by_role("status")).to_contain_text(
            tr("Your answer is saved. Only you can read it.")
        )
        expect(page.get_by_label(tr("Your private answer")).first).to_have_value(REFLECTION)

    with journey.step("adds to the reflection and marks the module done without saving it"):
        page.get_by_label(tr("Your private answer")).first.fill(REFLECTION_EDITED)
        page.get_by_role("button", name=tr("Mark this module as done")).click()
        expect(page.get_by_role("status")).to_contain_text(
            tr("Module done. Your progress is saved.")
        )
        expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_MODULE["es"])
        journey.audit("module-next", both_languages=False)

    with journey.step("switches to English in the middle of the next module"):
        spanish_path = journey.path()
        journey.switch_language("English")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_MODULE["en"])
        assert journey.path() != spanish_path
        expect(page.get_by_role("button", name="Mark this module as done")).to_be_visible()
        journey.audit("module-english", both_languages=False)

    with journey.step("finds the first module done and the reflection kept, in English"):
        page.get_by_role("link", name=FIRST_MODULE["en"]).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_MODULE["en"])
        expect(page.get_by_text("You completed this module.")).to_be_visible()
        expect(page.get_by_label("Your private answer").first).to_have_value(REFLECTION_EDITED)
        progress = ModuleProgress.objects.filter(enrollment__user__email=EMAIL)
        assert progress.count() == 1, "one progress record, whichever the language"

    with journey.step("sees the course progress on the dashboard"):
        journey.main_nav().get_by_role("link", name="My learning").click()
        course = page.locator(".dashboard-courses > li").filter(has_text=COURSE["en"])
        ring = course.get_by_role("img", name=re.compile(r"^1 of \d+ modules done"))
        expect(ring).to_be_visible()
        expect(course.get_by_role("link", name=SECOND_MODULE["en"])).to_be_visible()
        journey.audit("dashboard")

    quiz = Quiz.objects.get(code=QUICK_CHECK)
    with journey.step("opens the quick check from the course page"):
        course.get_by_role("link", name=COURSE["en"]).click()
        page.get_by_role("link", name=quiz.title_en).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title_en)
        expect(page.get_by_text(quiz.intro_en)).to_be_visible()
        journey.audit("quick-check")

    with journey.step("answers the quick check, two questions wrong"):
        page.get_by_role("button", name="Start the quiz").click()
        expect(page.locator("fieldset.question")).to_have_count(4)
        journey.audit("quick-check-questions")
        answer_quick_check(page, FIRST_TRY)
        journey.audit("quick-check-finish", both_languages=False)
        page.get_by_role("button", name="Submit my answers").click()

    with journey.step("fails and sees which criteria to study, and where"):
        expect(page.get_by_text(quiz.fail_message_en)).to_be_visible()
        expect(page.locator(".score")).to_have_text("Score: 50 % (pass mark 75 %)")
        attempt = Attempt.objects.get(user__email=EMAIL, quiz=quiz)
        assert (attempt.status, attempt.passed) == (Attempt.Status.GRADED, False)
        results = page.get_by_role("region", name="Results by competency criterion")
        for code in ("EC9101 E2.4", "EC9101 E2.5"):
            row = criterion_row(results, code)
            expect(row).to_contain_text("Not yet mastered")
            expect(row.get_by_role("link")).to_have_text([SECOND_MODULE["en"]])
        mastered = criterion_row(results, "EC9101 E1.4")
        expect(mastered).to_contain_text("Mastered")
        expect(mastered.get_by_role("link")).to_have_count(0)
        # Each question says how it did in words (the icon is decoration) and with its points.
        wrong = page.locator("[data-mark=incorrect]")
        expect(wrong).to_have_count(2)
        expect(wrong).to_have_text([re.compile(r"^\W*Incorrect\s+0 / 1 points\s*$")] * 2)
        right = page.locator("[data-mark=correct]")
        expect(right).to_have_count(2)
        expect(right).to_have_text([re.compile(r"^\W*Correct\s+1 / 1 points\s*$")] * 2)
        journey.audit("quick-check-failed")

    with journey.step("follows the remediation link to the module that teaches torque"):
        criterion_row(results, "EC9101 E2.5").get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_MODULE["en"])
        expect(page.get_by_text("1 N·m ≈ 0.738 lbf·ft")).to_be_visible()

    with journey.step("goes back to the quick check and sees the first attempt"):
        page.locator("article header").get_by_role("link", name=COURSE["en"]).click()
        page.get_by_role("link", name=quiz.title_en).click()
        attempts = page.locator("table tbody tr")
        expect(attempts).to_have_count(1)
        expect(attempts.first).to_contain_text("Not passed yet")
        journey.audit("quick-check-second-visit", both_languages=False)

    with journey.step("retakes the quick check and passes"):
        page.get_by_role("button", name="Start the quiz").click()
        answer_quick_check(page, RETAKE)
        page.get_by_role("button", name="Submit my answers").click()
        expect(page.get_by_text(quiz.pass_message_en)).to_be_visible()
        expect(page.locator(".score")).to_have_text("Score: 100 % (pass mark 75 %)")
        results = page.get_by_role("region", name="Results by competency criterion")
        expect(results.locator("li.criterion")).to_have_count(3)
        expect(results.get_by_text("Not yet mastered")).to_have_count(0)
        expect(results.get_by_role("link")).to_have_count(0)
        expect(page.locator("[data-mark=correct]")).to_have_count(4)
        passed = Attempt.objects.filter(user__email=EMAIL, quiz=quiz).order_by("number")
        assert [a.passed for a in passed] == [False, True]
        journey.audit("quick-check-passed", both_languages=False)

    with journey.step("sees her progress per competency"):
        journey.follow_nav("My competencies", "My competencies")
        journey.audit("competencies")
        page.get_by_role("link", name="EC9101", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("EC9101")
        expect(page.get_by_role("progressbar", name="Criteria mastered").first).to_have_attribute(
            "value", "3"
        )
        for code in ("E1.4", "E2.4", "E2.5"):
            row = page.locator("li.criterion").filter(
                has=page.locator(".criterion__code", has_text=code)
            )
            expect(row.locator(".status")).to_have_text("Mastered")
            expect(row.get_by_role("progressbar")).to_have_attribute("value", "100")
        still = page.get_by_role("region", name="Still to master")
        expect(still).not_to_contain_text("E2.5")
        expect(still.get_by_role("link", name=FIRST_MODULE["en"]).first).to_be_visible()
        journey.audit("competency-progress")


def answer_quick_check(page, answers: dict[str, str]) -> None:
    """Fill the four questions of the quick check (all on one page) and finish the attempt:
    the single-choice and numeric answers come from ``answers``, the other two are right."""
    question = page.locator("fieldset.question")
    question.and_(page.locator("[data-kind=single]")).get_by_label(answers["single"]).check()
    question.and_(page.locator("[data-kind=true_false]")).get_by_label("True").check()
    question.and_(page.locator("[data-kind=numeric]")).get_by_role("textbox").fill(
        answers["numeric"]
    )
    question.and_(page.locator("[data-kind=short]")).get_by_role("textbox").fill("seiri")
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish the attempt")
    expect(page.get_by_text("Unanswered questions:")).to_have_count(0)


def criterion_row(results, code: str):
    """The row of the criterion ``code`` ("EC9101 E2.5") in an attempt's results."""
    return results.locator("li.criterion").filter(
        has=results.page.locator(".criterion__code", has_text=code)
    )


def test_journey_trainee_downloads_certificate(open_journey, demo, tmp_path):
    """The demo trainee finds her certificate, downloads exactly the issued file, and its QR
    code and link both lead to a verification page that says it is valid."""
    trainee = demo[Role.TRAINEE]
    valid = Certificate.objects.get(holder=trainee, status=Certificate.Status.VALID)
    journey = open_journey("trainee-certificate")
    page = journey.page

    with journey.step("logs in and opens My certificates"):
        journey.log_in(trainee.email, DEMO_PASSWORD)
        journey.follow_nav(tr("My certificates"), tr("My certificates"))
        expect(page.get_by_text(valid.display_code)).to_be_visible()
        journey.audit("my-certificates")

    with journey.step("downloads the PDF: the very file Puente issued"):
        card = page.locator("li, article").filter(has_text=valid.display_code).last
        with page.expect_download() as download:
            card.get_by_role("link", name=tr("Download PDF")).click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == valid.pdf_sha256

    with journey.step("follows the verification link and sees it valid"):
        card.get_by_role("link", name=tr("Verification page")).click()
        assert journey.path() == f"/es/verify/{valid.code}/"
        expect(page.locator("#status-heading")).to_contain_text(tr("Valid"))

    with journey.step("scans the QR code printed on the PDF and sees the certificate valid"):
        scanned = urlsplit(qr_code_of(data, tmp_path))
        assert scanned.path == f"/es/verify/{valid.code}/"
        journey.goto(scanned.path)  # the QR holds the public site's address; same path here
        expect(page.locator("#status-heading")).to_contain_text(tr("Valid"))
        expect(page.get_by_text(valid.display_code)).to_be_visible()
        journey.audit("verify-from-qr")


def qr_code_of(pdf: bytes, folder: Path) -> str:
    """What a phone reads from the QR code on the PDF's page (poppler renders, zbar reads)."""
    path = folder / "certificate.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", path, folder / "page"], check=True
    )
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", folder / "page.png"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.strip()
