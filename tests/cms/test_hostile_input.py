"""The payload corpus (``tests/cms/payloads.py``, issue 16) in people's names and a login
name, rendered in the cohort grid and its CSV, the admin's user listing, the security log and
the profile. No markup survives unescaped; no CSV cell starts a formula."""

import csv
import io

from django.urls import reverse

import pytest

from accounts.roles import Role
from tests.cms.payloads import PAYLOADS, assert_inert_html, assert_no_formula
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    cohort = CohortFactory(name=PAYLOADS[0])
    for number, payload in enumerate(PAYLOADS):
        learner = UserFactory(
            first_name=payload, last_name=f"Apellido {number}", email=f"l{number}@example.mx"
        )
        EnrollmentFactory(user=learner, cohort=cohort)
    return cohort


@pytest.fixture
def administrator(client):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(user)
    return user


def test_the_cohort_grid_and_its_csv_contain_the_payloads(client, cohort, administrator):
    url = reverse("courses:cohort", args=[cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert_inert_html(page.text)
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page.text
    download = client.get(url, {"format": "csv"})
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)  # the payloads are there ...
    assert_no_formula(text)  # ... and no cell starts a formula


def test_the_admin_user_listing_escapes_names(client, cohort, administrator):
    page = client.get(reverse("wagtailusers_users:index"), {"q": "Apellido"})
    assert page.status_code == 200
    assert_inert_html(page.text)


def test_a_hostile_login_name_is_inert_in_the_security_log(client, administrator):
    for payload in PAYLOADS:
        client.post("/admin/login/", {"username": payload, "password": "x"})
    client.force_login(administrator)
    page = client.get(reverse("security_log:index"), {"action": "login_failed"})
    assert page.status_code == 200
    assert_inert_html(page.text)
    assert "&lt;svg/onload=alert(1)&gt;" in page.text


def test_the_profile_shows_a_hostile_name_as_text(client):
    learner = UserFactory(first_name=PAYLOADS[1], last_name=PAYLOADS[2])
    client.force_login(learner)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert_inert_html(page.text)
