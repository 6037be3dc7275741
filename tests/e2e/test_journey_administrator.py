"""Administrator: bulk-issues a cohort's certificates in the Wagtail admin, revokes one, and
sees the public verification page say so in both languages."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from assessments.models import Judgement
from certificates.models import BulkIssuance, Certificate
from courses.models import Cohort

from .journey import page_language, tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASON = "El aprendiz pidió corregir su nombre. / The trainee asked to correct their name."


def test_journey_administrator(open_journey, demo, enrolled_trainee, capsys):
    trainee, administrator = demo[Role.TRAINEE], demo[Role.ADMINISTRATOR]
    cohort = Cohort.objects.get(enrollments__user=trainee)
    standard = Judgement.objects.get(candidate=trainee, result=Judgement.Result.COMPETENT).standard
    # A second learner in the cohort with no evidence yet: the run must skip them, saying why.
    newcomer = enrolled_trainee(
        "jorge.castillo@example.mx",
        "Jorge",
        "Castillo Ruiz",
        cohort=cohort,
        enrolled_by=demo[Role.INSTRUCTOR],
    )

    journey = open_journey("administrator")
    page = journey.page

    with journey.step("logs into the Wagtail admin"):
        journey.log_in_admin(administrator.email, DEMO_PASSWORD)

    with journey.step("bulk-issues the cohort's competency certificates"):
        journey.goto("/admin/certificates/bulk/")
        language = page_language(page)
        page.get_by_label(tr("Cohort", language)).select_option(value=str(cohort.pk))
        page.get_by_label(tr("Certificate", language)).select_option(value="competency")
        page.locator("main #id_standard").select_option(value=str(standard.pk))
        journey.audit_admin("bulk-form")
        page.locator("main form button[type=submit]").click()
        bulk = BulkIssuance.objects.get(cohort=cohort)
        assert journey.path() == f"/admin/certificates/bulk/{bulk.pk}/"

    with journey.step("watches the progress page reach its summary"):
        expect(page.locator("[data-bulk-label]")).to_have_text(tr("Finished", language))
        expect(page.locator("[data-bulk-count]")).to_have_text("2/2")
        expect(page.locator("progress[data-bulk-bar]")).to_have_attribute("value", "100")
        main = page.locator("main")
        issued = main.get_by_role("row").filter(has_text=trainee.printed_name)
        expect(issued.get_by_role("link")).to_have_count(1)  # the certificate's code
        skipped = main.get_by_role("row").filter(has_text=newcomer.printed_name)
        expect(skipped).to_have_count(1)
        expect(skipped.get_by_role("cell").nth(1)).not_to_be_empty()
        journey.audit_admin("bulk-summary")
        certificate = Certificate.objects.get(code=bulk.issued[0]["code"])
        assert certificate.status == Certificate.Status.VALID

    with journey.step("revokes the certificate with a reason"):
        journey.goto(f"/admin/certificates/{certificate.pk}/")
        revoke = page.locator(f"form[action$='/certificates/{certificate.pk}/revoke/']")
        revoke.get_by_role("button").click()  # without a reason first: refused, nothing lost
        expect(revoke.locator("[aria-invalid=true], .error-message").first).to_be_visible()
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.VALID
        revoke.get_by_label(tr("Reason", language)).fill(REASON)
        revoke.get_by_role("button").click()  # not confirmed yet: refused, the reason kept
        expect(revoke.get_by_label(tr("Reason", language))).to_have_value(REASON)
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.VALID
        revoke.get_by_role("checkbox").check()
        revoke.get_by_role("button").click()
        expect(page.get_by_text(tr("The certificate is revoked.", language))).to_be_visible()
        expect(page.get_by_text(REASON).first).to_be_visible()
        journey.audit_admin("certificate-revoked")
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.REVOKED

    with journey.step("finds the certificate in the list on a phone"):
        page.set_viewport_size({"width": 375, "height": 740})
        journey.goto("/admin/certificates/")
        search = page.locator("main form[role=search]")
        search.get_by_label(tr("Name, e-mail, code or standard", language)).fill(certificate.code)
        search.locator("button[type=submit]").click()
        expect(page.locator("main tbody tr")).to_have_count(1)
        journey.assert_fits_width()  # the filters wrap; the table scrolls within its box
        journey.audit_admin("certificate-list-phone")
        page.set_viewport_size({"width": 1280, "height": 800})

    for language in ("es", "en"):
        with journey.step(f"sees the public verification page say revoked ({language})"):
            journey.goto(f"/{language}/verify/{certificate.code}/")
            status = page.locator("#status-heading")
            expect(status).to_contain_text(tr("Revoked", language))
            expect(page.get_by_text(REASON)).to_be_visible()
            expect(page.get_by_text(certificate.display_code)).to_be_visible()
            journey.audit("verify-revoked", both_languages=False)

    journey.report_admin_findings(capsys)
