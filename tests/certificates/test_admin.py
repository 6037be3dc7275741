import csv
import io
import re

from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from accounts.roles import Role
from certificates.models import BulkIssuance, BulkIssuanceOutcome, Certificate
from certificates.services import certificate_issue
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CohortFactory, EnrollmentFactory, JudgementFactory


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


def test_finished_bulk_run_lists_its_learners_a_page_at_a_time_and_as_csv(admin_client):
    """A run of a plant's cohort: the summary counts each result, lists the learners 100 at a
    time (issued, skipped or everyone) in the same queries whatever the run's size, and the
    CSV holds every learner."""
    cohort = CohortFactory()
    bulk = BulkIssuance.objects.create(cohort=cohort, kind="course", total=0, status="done")
    url = reverse("certificates_admin:bulk", args=[bulk.pk])

    def grow(issued: int, skipped: int) -> None:
        start = BulkIssuanceOutcome.objects.filter(bulk=bulk).count()
        rows = []
        for n in range(start, start + issued + skipped):
            holder = UserFactory(first_name="Aprendiz", last_name=f"{n:04d}")
            code = f"PNT{n:06d}" if n < start + issued else ""
            reasons = {} if code else {"es": "No ha terminado el curso.", "en": "Not finished."}
            rows.append(BulkIssuanceOutcome(bulk=bulk, holder=holder, name=holder.printed_name,
                                            code=code, reasons=reasons))  # fmt: skip
        BulkIssuanceOutcome.objects.bulk_create(rows)
        size = start + issued + skipped
        BulkIssuance.objects.filter(pk=bulk.pk).update(total=size, processed=size)

    def page_queries(query: str) -> tuple[int, str]:
        """The queries and HTML of the summary page with ``query``."""
        admin_client.get(url + query)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url + query)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    def listed(html: str) -> list[str]:
        return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]

    grow(issued=3, skipped=2)
    small, html = page_queries("")
    assert "3 certificates issued" in html and "2 learners skipped" in html
    assert len(listed(html)) == 5 and "Not finished." in html

    grow(issued=150, skipped=80)
    large, html = page_queries("")
    assert large == small  # the page costs the same with 235 learners as with 5
    assert "153 certificates issued" in html and "82 learners skipped" in html
    assert len(listed(html)) == 100 and "Page 1 of 3" in html
    assert re.search(r'class="pagination__end">\s*235 learners\s*</div>', html)
    assert len(listed(page_queries("?p=3")[1])) == 35
    skipped = listed(page_queries("?show=skipped")[1])
    assert len(skipped) == 82 and all("Not finished." in row for row in skipped)
    issued = listed(page_queries("?show=issued&p=2")[1])
    assert len(issued) == 53 and all("/verify/PNT" in row for row in issued)

    response = admin_client.get(url + "?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Learner", "Certificate code", "Verification link", "Why skipped"]
    assert len(rows) == 1 + 235
    issued = [row for row in rows[1:] if row[1]]
    assert len(issued) == 153
    base = django_settings.PUENTE_BASE_URL  # the canonical address, as QR codes and e-mails
    assert all(row[2] == f"{base}/en/verify/{row[1]}/" and not row[3] for row in issued)
    assert {row[3] for row in rows[1:] if not row[1]} == {"Not finished."}


def test_the_certificate_list_pages_with_its_filters(admin_client, standard, administrator):
    """Wagtail's own pager: the 51st certificate on page 2, the page links keep the search and
    the filters, and a page costs the same queries with 5 certificates as with 60."""
    url = reverse("certificates_admin:index")
    search = {"q": "Soldador", "status": "valid", "kind": "competency"}

    def issue(count: int) -> None:
        start = Certificate.objects.count()
        for n in range(start, start + count):
            holder = UserFactory(first_name="Soldador", last_name=f"N{n:02d}")
            JudgementFactory(candidate=holder, standard=standard)
            certificate_issue(holder=holder, standard=standard, issued_by=administrator)

    def page(**params) -> tuple[int, str]:
        admin_client.get(url, {**search, **params})
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url, {**search, **params})
        assert response.status_code == 200
        return len(captured), response.content.decode()

    issue(5)
    UserFactory(first_name="Otra", last_name="Persona")  # not found by the search
    small, _ = page()
    issue(55)
    large, first = page()
    assert large == small
    queries, second = page(p=2)
    assert queries == small
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    # newest first: N59 … N10 on page 1, the 51st (N09) to the oldest (N00) on page 2
    assert "Soldador N10" in first and "Soldador N09" not in first
    assert "Soldador N09" in second and "Soldador N00" in second and "Soldador N10" not in second
    link = "?q=Soldador&amp;status=valid&amp;kind=competency&amp;p="
    assert f'href="{link}2"' in first and f'href="{link}1"' in second
    assert f'href="{link}2" aria-current="page"' in re.sub(r"\s+", " ", second)
    # A filter value the list does not know: said so under its field, the others still apply.
    _queries, unknown = page(status="lost")
    assert "Select a valid choice. lost is not one of the available choices." in unknown
    assert "Soldador N59" in unknown and "Page 1 of 2" in unknown
    assert '<option value="competency" selected>' in unknown  # what was chosen stays chosen
