"""The CONOCER documents in the browser: the evaluator completes the cédula of the demo
candidate's judgement and proposes an evaluation plan on a phone; the candidate accepts the
plan and downloads their cédula at a desk, then answers the self-assessment on a phone and
reads the diagnosis. Every new screen is photographed at 375 and 1280 px in Spanish and
English (``test-artifacts/screenshots/conocer-*``)."""

import subprocess

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from assessments.models import EvaluationPlan, EvaluationReport, Judgement, SelfAssessment

from .journey import tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}
DESK = {"width": 1280, "height": 800}
STANDARD = "EC9101"


def test_journey_conocer_documents(open_journey, demo, tmp_path):
    evaluator, candidate = demo[Role.EVALUATOR], demo[Role.TRAINEE]
    judgement = Judgement.objects.get(candidate=candidate, standard__code=STANDARD)
    standard_id = judgement.standard_id
    evaluation = f"/es/assessments/evaluation/{standard_id}/{candidate.pk}/"
    journey = open_journey("conocer-evaluator", viewport=PHONE)
    page = journey.page

    with journey.step("logs in on a phone and opens the candidate's evaluation"):
        journey.log_in(evaluator.email, DEMO_PASSWORD)
        journey.goto(evaluation)
        expect(page.get_by_role("heading", level=1)).to_contain_text(candidate.printed_name)
        journey.audit("evaluation-with-documents")

    with journey.step("opens the cédula, writes a draft, then confirms it"):
        page.get_by_role("link", name=tr("Evaluation record (cédula)")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("Evaluation record (cédula)"))
        expect(page.locator(".verdict__result")).to_have_text(tr("Competent"))
        journey.assert_fits_width()
        journey.audit("cedula-form")
        page.get_by_label(tr("Best practices")).fill("Bloqueó la energía antes de ajustar.")
        page.get_by_label(tr("Areas of opportunity")).fill("Registrar el par en la bitácora.")
        page.get_by_role("button", name=tr("Save draft")).click()
        expect(page.get_by_role("status").first).to_be_visible()
        assert not EvaluationReport.objects.get(judgement=judgement).is_confirmed
        page.get_by_label(tr("Training recommendations")).fill("Módulo de metrología.")
        page.get_by_role("button", name=tr("Confirm the cédula")).click()
        expect(page.get_by_label(tr("Best practices"))).to_have_count(0)
        report = EvaluationReport.objects.get(judgement=judgement)
        assert report.is_confirmed and report.recommendations == "Módulo de metrología."
        expect(page.locator("main")).to_contain_text("Bloqueó la energía antes de ajustar.")
        journey.assert_fits_width()
        journey.audit("cedula-confirmed")

    with journey.step("proposes the evaluation plan"):
        journey.goto(evaluation)
        page.get_by_role("link", name=tr("Evaluation plan")).click()
        journey.audit("plan-form")
        page.get_by_label(tr("Evaluation date")).fill(timezone.localdate().isoformat())
        page.get_by_label(tr("Place")).fill("Planta Apodaca, estación 4")
        for index, area in enumerate(page.locator("textarea").all(), start=1):
            area.fill(f"Observar el elemento {index} y revisar la pieza terminada.")
        page.get_by_role("button", name=tr("Propose the plan")).click()
        expect(page.locator(".status--pending")).to_be_visible()
        journey.assert_fits_width()
        journey.audit("plan-proposed")

    desk = open_journey("conocer-candidate", viewport=DESK)
    with desk.step("the candidate reads and accepts the plan"):
        desk.log_in(candidate.email, DEMO_PASSWORD)
        desk.goto(f"/es/assessments/competencies/{standard_id}/")
        desk.audit("progress-with-plan-link")
        desk.page.get_by_role("link", name=tr("My evaluation plan")).click()
        expect(desk.page.locator("main")).to_contain_text("Planta Apodaca, estación 4")
        desk.audit("plan-to-accept")
        desk.page.get_by_role("button", name=tr("Accept the plan")).click()
        expect(desk.page.get_by_role("alert").first).to_be_visible()  # the box is required
        assert EvaluationPlan.objects.get(candidate=candidate).accepted_at is None
        desk.page.get_by_label(
            tr(
                "I have read the plan and agree to be evaluated on this date, at this place, "
                "with this evidence."
            )
        ).check()
        desk.page.get_by_role("button", name=tr("Accept the plan")).click()
        expect(desk.page.locator(".status--mastered")).to_be_visible()
        assert EvaluationPlan.objects.get(candidate=candidate).is_accepted
        desk.audit("plan-accepted")

    with desk.step("the candidate downloads their cédula"):
        desk.goto(f"/es/assessments/competencies/{standard_id}/")
        documents = desk.page.locator("p.documents").filter(
            has_text=tr("Your evaluation record (cédula):")
        )
        link = documents.get_by_role("link", name=tr("PDF in Spanish"))
        response = desk.page.request.get(desk.url(link.get_attribute("href")))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        path = tmp_path / "cedula.pdf"
        path.write_bytes(response.body())
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert "Cédula de evaluación" in text and "Competente" in text
        assert "Bloqueó la energía antes de ajustar." in text

    phone = open_journey("conocer-self-assessment", viewport=PHONE)
    with phone.step("the candidate answers the self-assessment on a phone"):
        phone.log_in(candidate.email, DEMO_PASSWORD)
        phone.goto(f"/es/assessments/competencies/{standard_id}/")
        phone.audit("progress-with-self-assessment-link")
        phone.page.get_by_role("link", name=tr("My self-assessment and diagnosis")).click()
        expect(phone.page.get_by_role("heading", level=1)).to_have_text(
            tr("My self-assessment for %(code)s", code=STANDARD)
        )
        phone.assert_fits_width()
        phone.audit("self-assessment-form")
        save = phone.page.get_by_role("button", name=tr("Save my self-assessment"))
        save.click()  # nothing answered: refused, each question says why
        expect(phone.page.get_by_role("alert").first).to_be_visible()
        questions = phone.page.locator("fieldset.self-criterion")
        expect(questions.first).to_contain_text(tr("Choose one answer."))
        assert not SelfAssessment.objects.filter(candidate=candidate).exists()
        phone.audit("self-assessment-refused")
        # The first with the keyboard: "without help", then the arrow key to "with help".
        questions.first.get_by_label(tr("I can do this without help")).focus()
        phone.page.keyboard.press("Space")
        phone.page.keyboard.press("ArrowDown")
        expect(questions.first.get_by_label(tr("I can do this with help"))).to_be_checked()
        for index in range(1, questions.count()):
            questions.nth(index).get_by_label(tr("I can do this without help")).check()
        save.click()
        expect(phone.page.locator(".verdict__result")).to_have_text(tr("Train first"))
        weak = SelfAssessment.objects.get(candidate=candidate, level="with_help")
        expect(phone.page.locator("#diagnosis")).to_contain_text(weak.criterion.code)
        assert SelfAssessment.objects.filter(candidate=candidate).count() == questions.count()
        phone.assert_fits_width()
        phone.audit("self-assessment-diagnosis")

    # The new screens at the other width, in both languages.
    for journey_, width, paths in (
        (
            journey,
            DESK,
            [
                f"/es/assessments/evaluation/{standard_id}/{candidate.pk}/cedula/{judgement.pk}/",
                f"/es/assessments/evaluation/{standard_id}/{candidate.pk}/plan/",
            ],
        ),
        (desk, PHONE, [f"/es/assessments/competencies/{standard_id}/plan/"]),
        (phone, DESK, [f"/es/assessments/competencies/{standard_id}/self-assessment/"]),
    ):
        journey_.page.set_viewport_size(width)
        for number, path in enumerate(paths):
            journey_.goto(path)
            journey_.assert_fits_width()
            journey_.audit(f"width-{width['width']}-{number}")
