"""A learner's data rights on a phone: reads the privacy notice, downloads all her data and
asks to be erased, confirming with her password (issue 16, learners' data rights)."""

import json
import zipfile

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role
from privacy.models import DataRightsRequest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}


def test_journey_privacy(open_journey, demo):
    trainee = demo[Role.TRAINEE]
    journey = open_journey("privacy", viewport=PHONE)
    page = journey.page

    with journey.step("reads the privacy notice from the footer"):
        journey.goto("/es/")
        journey.audit("home", both_languages=False)
        page.locator(".site-footer").get_by_role("link", name="Aviso de privacidad").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Aviso de privacidad")
        expect(page.get_by_role("heading", name="5. Tus derechos ARCO y cómo ejercerlos"))
        journey.assert_fits_width()
        journey.audit("notice")

    with journey.step("logs in and opens My data from her profile"):
        journey.log_in(trainee.email, DEMO_PASSWORD)
        journey.goto("/es/accounts/profile/")
        journey.audit("profile")
        page.get_by_role("link", name="Mis datos: descargarlos, pedir que se borren").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mis datos")
        journey.assert_fits_width()
        journey.audit("my-data")

    with journey.step("downloads all her data as a ZIP"):
        with page.expect_download() as download:
            page.get_by_role("link", name="Descargar mis datos (ZIP)").click()
        archive = zipfile.ZipFile(download.value.path())
        data = json.loads(archive.read("data.json"))
        assert data["profile"]["email"] == trainee.email
        assert data["profile"]["curp"] == trainee.curp
        assert data["certificates"] and data["attempts"] and data["judgements"]
        for certificate in data["certificates"]:
            assert archive.read(certificate["pdf"]).startswith(b"%PDF")

    with journey.step("mistypes her password when asking to be erased, by keyboard"):
        password = page.get_by_label("Tu contraseña")
        journey.tab_to(password, presses=40)
        page.keyboard.type("no-es-la-mia")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Esa no es tu contraseña.")).to_be_visible()
        assert not DataRightsRequest.objects.exists()
        journey.audit("my-data-errors", both_languages=False)

    with journey.step("asks to be erased with her password"):
        page.get_by_label("Tu contraseña").fill(DEMO_PASSWORD)
        page.get_by_label("Algo que debamos saber (opcional)").fill("Cambié de empresa.")
        page.get_by_role("button", name="Solicitar el borrado de mis datos").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Recibimos tu solicitud de borrado."
        )
        expect(page.get_by_text("Tu solicitud de borrado está en trámite.")).to_be_visible()
        journey.assert_fits_width()
        journey.audit("erasure-requested")
        request = DataRightsRequest.objects.get(user=trainee)
        assert (request.kind, request.status) == ("cancellation", "received")
        assert request.details == "Cambié de empresa."
