"""A bulk chunk is issued as one batch: what it writes is what issuing one by one writes."""

import io
import json

from django.utils import timezone

import pytest
from pypdf import PdfReader

from audit.models import SecurityEvent
from certificates import selectors
from certificates.credentials import verifier
from certificates.credentials.models import IssuedCredential
from certificates.models import BulkIssuance, Certificate, CertificateEvent
from certificates.services import bulk_issuance_start, certificate_issue, certificate_revoke
from tests.factories.accounts import UserFactory
from tests.factories.certificates import CohortFactory, EnrollmentFactory, JudgementFactory

from .conftest import public_documents


@pytest.fixture
def cohort_judged(standard):
    """A cohort whose three learners were judged competent in ``standard``."""
    cohort = CohortFactory()
    learners = [
        EnrollmentFactory(
            course=cohort.course,
            cohort=cohort,
            user=UserFactory(first_name="Lucía", last_name=f"Ramírez Soto {n}"),
        ).user
        for n in range(3)
    ]
    for learner in learners:
        JudgementFactory(candidate=learner, standard=standard)
    return cohort, learners


def _bulk(cohort, standard, administrator, capture):
    with capture(execute=True):  # after commit: the chunks, then their renders and e-mails
        bulk = bulk_issuance_start(
            cohort=cohort, kind="competency", standard=standard, requested_by=administrator
        )
    bulk.refresh_from_db()
    return bulk


def test_a_batch_signs_renders_and_logs_each_certificate(
    client, cohort_judged, standard, administrator, django_capture_on_commit_callbacks, mailoutbox
):
    cohort, learners = cohort_judged
    bulk = _bulk(cohort, standard, administrator, django_capture_on_commit_callbacks)
    assert (bulk.status, bulk.processed) == (BulkIssuance.Status.DONE, 3)
    certificates = list(Certificate.objects.filter(standard=standard).order_by("holder_id"))
    assert [c.holder_id for c in certificates] == sorted(learner.pk for learner in learners)

    # Each has its event and its line in the security log, as a single issue writes them.
    for certificate in certificates:
        assert list(
            CertificateEvent.objects.filter(certificate=certificate).values_list("action", "actor")
        ) == [("issued", administrator.pk), ("rendered", None)]
        line = SecurityEvent.objects.get(action="certificate_issued", target_id=str(certificate.pk))
        assert (line.actor, line.actor_label) == (administrator, administrator.email)
        assert line.target_type == "certificates.certificate"
        assert line.details == {"event": "issued", "code": certificate.code}

    # Each credential is its own, signed, at its own random status entry, and verifies.
    stored = IssuedCredential.objects.filter(certificate__in=certificates)
    assert len({(c.status_list, c.status_index) for c in stored}) == 3
    for certificate in certificates:
        document = json.loads(client.get(f"/en/verify/{certificate.code}/credential.json").content)
        assert verifier.schema_problems(document) == []
        subject = document["credentialSubject"]
        assert subject["identifier"][1]["identityHash"] == certificate.holder_name
        verdict = verifier.credential_verify(
            document, now=timezone.now(), documents=public_documents(client, document)
        )
        assert verdict.status == verifier.VALID, verdict.problems
        # The PDF rendered by the chunk's job carries that very credential.
        reader = PdfReader(io.BytesIO(certificate.pdf.open("rb").read()))
        embedded = reader.attachments["credential.json"][0]
        assert embedded == client.get(f"/en/verify/{certificate.code}/credential.json").content

    # The e-mails follow the renders, one each.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(learner.email for learner in learners)

    # Revoking one flips its bit only.
    revoked = certificates[1]
    certificate_revoke(certificate=revoked, reason="Error de captura", actor=administrator)
    document = json.loads(client.get(f"/en/verify/{revoked.code}/credential.json").content)
    verdict = verifier.credential_verify(
        document, now=timezone.now(), documents=public_documents(client, document)
    )
    assert verdict.status == verifier.REVOKED


def test_a_learner_issued_meanwhile_keeps_the_one_certificate(
    cohort_judged, standard, administrator, django_capture_on_commit_callbacks, monkeypatch
):
    """A certificate issued by someone else after the chunk read who holds one (here: the
    chunk reads nobody) makes the batch's INSERT fail on the one-valid-certificate
    constraint; the chunk then issues one by one and keeps the certificate that exists."""
    cohort, learners = cohort_judged
    meanwhile = certificate_issue(holder=learners[0], standard=standard, issued_by=administrator)
    monkeypatch.setattr(selectors, "certificates_valid_for", lambda **kwargs: {})
    bulk = _bulk(cohort, standard, administrator, django_capture_on_commit_callbacks)
    assert (bulk.status, bulk.processed) == (BulkIssuance.Status.DONE, 3)
    assert {row["holder"]: row["code"] for row in bulk.issued}[learners[0].pk] == meanwhile.code
    valid = Certificate.objects.filter(standard=standard, status="valid")
    assert sorted(valid.values_list("holder_id", flat=True)) == sorted(u.pk for u in learners)
    assert IssuedCredential.objects.filter(certificate__in=valid).count() == 3
