"""A *Competente* judgement issues the certificate: at once, or through the approval queue;
a new judgement renews a certificate near or past its expiry. Driven through the evaluator's
judgement form, the admin approval screen and the trainee's pages."""

import datetime
import re

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from accounts.roles import Role
from assessments.models import EvidenceRecord, Judgement
from certificates.models import Certificate, CertificateEvent, IssuanceRequest, IssuanceRule
from certificates.services import (
    CertificateError,
    certificate_issue,
    certificate_issue_for_judgement,
    certificate_revoke,
    issuance_request_approve,
    issuance_request_decline,
)
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    """A candidate with every (observed) criterion of a 36-month standard evidenced as met."""
    standard = build.standard_with_criteria(kinds=(("performance",), ("product",)))
    standard.validity_months = 36
    standard.is_sample = False
    standard.save()
    candidate = build.trainee(
        first_name="María José", last_name="Hernández Peña", preferred_language="es"
    )
    evaluator = build.evaluator(first_name="Patricia", last_name="Gómez Salazar")
    build.enroll(candidate, build.classroom(standard, evaluators=[evaluator]))
    for criterion in build.criteria_of(standard):
        observe(evaluator, candidate, standard, criterion)
    return {"standard": standard, "candidate": candidate, "evaluator": evaluator}


def observe(evaluator, candidate, standard, criterion, **kwargs):
    from assessments.services.evidence import evidence_record

    return evidence_record(
        evaluator=evaluator,
        candidate=candidate,
        standard=standard,
        criterion=criterion,
        met=True,
        observed_on=datetime.date(2026, 11, 20),
        place="Centro de evaluación Saltillo",
        **kwargs,
    )


def record_judgement_on_screen(client, case, capture):
    """The evaluator opens the evaluation page and submits its judgement form as rendered."""
    client.force_login(case["evaluator"])
    url = reverse("assessments:evaluation", args=[case["standard"].pk, case["candidate"].pk])
    page = client.get(url).content.decode()
    action = re.search(r'<form method="post" action="([^"]+/judgement/)"', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    with capture(execute=True):
        response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    return Judgement.objects.filter(candidate=case["candidate"]).latest("decided_at")


def admin_client_for(client, *, language="en"):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], preferred_language=language)
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client.force_login(admin)
    return admin


def test_competent_judgement_on_the_evaluators_screen_issues_the_certificate_at_once(
    client, case, mailoutbox, django_capture_on_commit_callbacks
):
    judgement = record_judgement_on_screen(client, case, django_capture_on_commit_callbacks)
    assert judgement.is_competent
    certificate = Certificate.objects.get(holder=case["candidate"])
    assert certificate.status == "valid" and certificate.judgement == judgement
    assert certificate.issued_by is None  # the system, on the judgement
    assert certificate.pdf and certificate.pdf_sha256
    assert certificate.events.filter(action="issued", actor=None).exists()
    # The candidate hears of the verdict and of the certificate, in Spanish.
    subjects = sorted(message.subject for message in mailoutbox)
    assert any(certificate.title_es in subject for subject in subjects), subjects
    assert len(mailoutbox) == 2

    # Their progress page says so, with a link to the certificate.
    client.force_login(case["candidate"])
    page = client.get(f"/es/assessments/competencies/{case['standard'].pk}/").content.decode()
    assert "Certificado emitido" in page
    assert f'href="/es/verify/{certificate.code}/"' in page


def test_not_yet_competent_issues_nothing(case, django_capture_on_commit_callbacks):
    from assessments.services.evidence import evidence_record
    from assessments.services.judgement import judgement_record

    criterion = build.criteria_of(case["standard"])[0]
    current = EvidenceRecord.objects.current().get(candidate=case["candidate"], criterion=criterion)
    evidence_record(
        evaluator=case["evaluator"],
        candidate=case["candidate"],
        standard=case["standard"],
        criterion=criterion,
        met=False,
        observed_on=datetime.date(2026, 11, 21),
        place="Planta 2",
        replaces=current,
        correction_reason="Nueva observación",
    )
    judgement = judgement_record(
        evaluator=case["evaluator"], candidate=case["candidate"], standard=case["standard"]
    )
    assert not judgement.is_competent
    assert not Certificate.objects.exists()


def test_standard_asking_for_approval_queues_then_an_administrator_approves_on_screen(
    client, case, mailoutbox, django_capture_on_commit_callbacks
):
    IssuanceRule.objects.create(standard=case["standard"], mode=IssuanceRule.Mode.APPROVAL)
    record_judgement_on_screen(client, case, django_capture_on_commit_callbacks)
    assert not Certificate.objects.exists()
    request = IssuanceRequest.objects.get(holder=case["candidate"])
    assert request.status == "pending"

    client.force_login(case["candidate"])
    page = client.get(f"/en/assessments/competencies/{case['standard'].pk}/").content.decode()
    assert "Awaiting approval" in page
    assert "Awaiting approval" in client.get("/en/certificates/").content.decode()

    admin_client_for(client)
    queue = client.get(reverse("certificates_admin:approvals")).content.decode()
    assert "María José Hernández Peña" in queue
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Approvals (1)" in menu
    approve = re.search(r'action="([^"]+/approve/)"', queue).group(1)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve, follow=True)
    assert "issued to María José Hernández Peña" in response.content.decode()
    certificate = Certificate.objects.get(holder=case["candidate"], status="valid")
    request.refresh_from_db()
    assert (request.status, request.certificate) == ("approved", certificate)
    assert [m.to for m in mailoutbox] == [[case["candidate"].email]]
    assert "Approvals (" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_declining_needs_a_reason_and_tells_the_holder(
    client, case, mailoutbox, django_capture_on_commit_callbacks
):
    IssuanceRule.objects.create(standard=case["standard"], mode=IssuanceRule.Mode.APPROVAL)
    record_judgement_on_screen(client, case, django_capture_on_commit_callbacks)
    request = IssuanceRequest.objects.get()
    admin_client_for(client)
    queue = client.get(reverse("certificates_admin:approvals")).content.decode()
    decline = re.search(r'action="([^"]+/decline/)"', queue).group(1)
    field = re.search(r'<textarea name="([^"]+)"', queue).group(1)
    assert field == f"r{request.pk}-reason"

    response = client.post(decline, {field: "  "})
    assert response.status_code == 400
    assert "Give the reason for declining" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decline, {field: "La evidencia de producto no tiene fecha."})
    request.refresh_from_db()
    assert request.status == "declined" and request.decided_by is not None
    assert not Certificate.objects.exists()
    (message,) = mailoutbox
    assert "La evidencia de producto no tiene fecha." in message.body
    assert "no fue emitido" in message.subject  # the holder's language: Spanish

    client.force_login(case["candidate"])
    mine = client.get("/es/certificates/").content.decode()
    assert "La evidencia de producto no tiene fecha." in mine


def test_the_approval_queue_is_paged_and_a_decision_returns_to_its_page(client, case, english):
    """51 requests: 50 on the first page, the oldest first; declining on the second page
    without a reason shows that page again with the refusal, and a decision lands back on
    it."""
    IssuanceRule.objects.create(standard=case["standard"], mode=IssuanceRule.Mode.APPROVAL)
    start = timezone.now() - datetime.timedelta(days=60)
    for number in range(51):
        holder = UserFactory(first_name="Candidata", last_name=f"N{number:02d}")
        IssuanceRequest.objects.create(
            holder=holder,
            standard=case["standard"],
            requested_at=start + datetime.timedelta(hours=number),
            judgement=Judgement.objects.create(
                candidate=holder,
                standard=case["standard"],
                result=Judgement.Result.COMPETENT,
                evaluator=case["evaluator"],
                decided_at=start + datetime.timedelta(hours=number),
            ),
        )
    admin_client_for(client)
    url = reverse("certificates_admin:approvals")
    first = client.get(url).content.decode()
    assert first.count('class="button">Approve and issue') == 50
    assert "Candidata N00" in first and "Candidata N50" not in first
    assert "Page 1 of 2" in first and f'href="{url}?p=2"' in first
    second = client.get(f"{url}?p=2").content.decode()
    assert "Candidata N50" in second and "Candidata N49" not in second
    last = IssuanceRequest.objects.get(holder__last_name="N50")
    decide = reverse("certificates_admin:approval_decide", args=[last.pk, "decline"])
    refused = client.post(decide, {"p": "2", f"r{last.pk}-reason": " "})
    assert refused.status_code == 400
    assert "Candidata N50" in refused.content.decode()
    assert "Give the reason for declining" in refused.content.decode()
    # the pager of the page shown again leads to the queue, not to the decision's address
    assert f'href="{url}?p=1"' in refused.content.decode()
    response = client.post(decide, {"p": "2", f"r{last.pk}-reason": "Sin evidencia fechada."})
    assert response["Location"] == f"{url}?p=2"
    last.refresh_from_db()
    assert last.status == "declined"


def test_issuance_rule_is_edited_in_the_admin(client, case):
    admin_client_for(client)
    url = reverse("certificate_issuance_rules:add")
    form = client.get(url).content.decode()
    assert 'name="standard"' in form and 'name="mode"' in form
    response = client.post(url, {"standard": case["standard"].pk, "mode": "approval"})
    assert response.status_code == 302
    assert IssuanceRule.objects.get(standard=case["standard"]).mode == "approval"


def test_only_administrators_issue_revoke_and_decide(case, django_capture_on_commit_callbacks):
    judgement = Judgement.objects.create(
        candidate=case["candidate"],
        standard=case["standard"],
        result=Judgement.Result.COMPETENT,
        evaluator=case["evaluator"],
        decided_at=timezone.now(),
    )
    with pytest.raises(PermissionDenied):
        certificate_issue(holder=case["candidate"], standard=case["standard"], issued_by=None)
    with pytest.raises(PermissionDenied):
        certificate_issue(
            holder=case["candidate"], standard=case["standard"], issued_by=case["evaluator"]
        )
    certificate = certificate_issue_for_judgement(judgement=judgement)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=certificate, reason="x", actor=case["candidate"])
    IssuanceRule.objects.create(standard=case["standard"], mode=IssuanceRule.Mode.APPROVAL)
    request = IssuanceRequest.objects.create(
        holder=case["evaluator"], standard=case["standard"], judgement=judgement
    )
    with pytest.raises(PermissionDenied):
        issuance_request_approve(request=request, actor=case["evaluator"])
    with pytest.raises(PermissionDenied):
        issuance_request_decline(request=request, actor=case["evaluator"], reason="no")


def competent(case, *, days_ago=0):
    return Judgement.objects.create(
        candidate=case["candidate"],
        standard=case["standard"],
        result=Judgement.Result.COMPETENT,
        evaluator=case["evaluator"],
        decided_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def issued_years_ago(case, judgement, *, expires_in_days):
    certificate = certificate_issue_for_judgement(judgement=judgement)
    issued_on = timezone.localdate() + datetime.timedelta(days=expires_in_days - 3 * 365)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=issued_on,
        expires_on=timezone.localdate() + datetime.timedelta(days=expires_in_days),
        created_at=timezone.now() - datetime.timedelta(days=3 * 365 - expires_in_days),
    )
    certificate.refresh_from_db()
    return certificate


@pytest.mark.parametrize("expires_in_days", [20, -30])
def test_a_new_competent_judgement_renews_a_certificate_near_or_past_expiry(
    client, case, expires_in_days
):
    old = issued_years_ago(case, competent(case, days_ago=3 * 365), expires_in_days=expires_in_days)
    new = certificate_issue_for_judgement(judgement=competent(case))
    old.refresh_from_db()
    assert new.pk != old.pk and new.status == "valid"
    assert (old.status, old.superseded_by) == ("superseded", new)
    assert old.events.filter(action=CertificateEvent.Action.SUPERSEDED).exists()
    assert new.events.filter(action=CertificateEvent.Action.RENEWED).exists()
    assert new.expires_on > timezone.localdate() + datetime.timedelta(days=365)

    for language, replaced, renews in (
        ("en", "Replaced by", "Renews"),
        ("es", "Sustituido por", "Renueva"),
    ):
        old_page = client.get(f"/{language}/verify/{old.code}/").content.decode()
        assert replaced in old_page and f'href="/{language}/verify/{new.code}/"' in old_page
        new_page = client.get(f"/{language}/verify/{new.code}/").content.decode()
        assert renews in new_page and old.display_code in new_page


def test_a_certificate_far_from_expiry_is_not_renewed(case):
    old = issued_years_ago(case, competent(case, days_ago=400), expires_in_days=400)
    again = certificate_issue_for_judgement(judgement=competent(case))
    assert again == old
    assert Certificate.objects.count() == 1


def test_an_approval_request_is_withdrawn_by_a_later_not_yet_competent_judgement(case, english):
    IssuanceRule.objects.create(standard=case["standard"], mode=IssuanceRule.Mode.APPROVAL)
    request = certificate_issue_for_judgement(judgement=competent(case, days_ago=1))
    assert request.status == "pending"
    not_yet = Judgement.objects.create(
        candidate=case["candidate"],
        standard=case["standard"],
        result=Judgement.Result.NOT_YET_COMPETENT,
        evaluator=case["evaluator"],
        decided_at=timezone.now(),
    )
    assert certificate_issue_for_judgement(judgement=not_yet) is None
    request.refresh_from_db()
    assert request.status == "withdrawn"
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    with pytest.raises(CertificateError, match="already decided"):
        issuance_request_approve(request=request, actor=admin)
