from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from accounts.roles import Role
from certificates.models import BulkIssuance, Certificate
from certificates.services import certificate_issue
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CohortFactory, EnrollmentFactory


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language="en")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"  # the Wagtail admin's own language setting
    profile.save()
    client.force_login(admin)
    return client


def test_trainee_cannot_open_certificate_admin(client, db):
    client.force_login(UserFactory(roles=[Role.TRAINEE]))
    response = client.get(reverse("certificates_admin:index"))
    assert response.status_code in (302, 403)


def test_admin_lists_and_filters(admin_client, competent, holder, standard, administrator):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    html = admin_client.get(reverse("certificates_admin:index"), {"q": "Hernández"}).content
    assert certificate.display_code.encode() in html
    html = admin_client.get(reverse("certificates_admin:index"), {"status": "revoked"}).content
    assert certificate.display_code.encode() not in html


def test_admin_issues_manually_and_sees_ineligibility(admin_client, holder, standard):
    url = reverse("certificates_admin:issue")
    response = admin_client.post(url, {"holder": holder.pk, "standard": standard.pk})
    assert response.status_code == 200
    assert "has no judgement on EC0301" in response.content.decode()
    assert not Certificate.objects.exists()


def test_admin_revokes_with_reason_then_twice_gets_a_message(
    admin_client, competent, holder, standard, administrator
):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    response = admin_client.post(url, {"reason": "Evidence was forged"})  # not confirmed
    assert response.status_code == 200
    assert "Tick the box to confirm the revocation." in response.content.decode()
    assert "Evidence was forged" in response.content.decode()  # what was typed is kept
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    response = admin_client.post(url, {"reason": "Evidence was forged", "confirm": "on"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    response = admin_client.post(url, {"reason": "again", "confirm": "on"}, follow=True)
    assert "already revoked" in response.content.decode()


def test_admin_reissues(admin_client, competent, holder, standard, administrator):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    url = reverse("certificates_admin:reissue", args=[certificate.pk])
    response = admin_client.post(url, {"reason": "Name corrected"})
    new = Certificate.objects.get(status="valid")
    assert response["Location"] == reverse("certificates_admin:detail", args=[new.pk])
    certificate.refresh_from_db()
    assert certificate.superseded_by == new


def test_bulk_issuance_progress_page_and_json(admin_client, db, django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    EnrollmentFactory(course=cohort.course, cohort=cohort)
    EnrollmentFactory(course=cohort.course, cohort=cohort, completed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("certificates_admin:bulk_create"), {"cohort": cohort.pk, "kind": "course"}
        )
    bulk = BulkIssuance.objects.get()
    assert response["Location"] == reverse("certificates_admin:bulk", args=[bulk.pk])
    status = admin_client.get(reverse("certificates_admin:bulk_status", args=[bulk.pk])).json()
    assert status == {
        "status": "done",
        "status_label": "Finished",
        "total": 2,
        "processed": 2,
        "issued": 1,
        "skipped": 1,
        "percent": 100,
    }
    html = admin_client.get(response["Location"]).content.decode()
    assert "1 certificate issued" in html
    assert "has not completed the course" in html
    assert 'http-equiv="refresh"' not in html  # finished: no more refreshing


def test_running_bulk_page_refreshes_without_javascript(admin_client, db):
    cohort = CohortFactory()
    bulk = BulkIssuance.objects.create(cohort=cohort, kind="course", total=3)
    html = admin_client.get(reverse("certificates_admin:bulk", args=[bulk.pk])).content.decode()
    assert 'http-equiv="refresh"' in html
    assert "bulk_progress.js" in html
