"""Issuing and revoking a certificate go to the security log with who did it."""

import pytest

from audit.models import SecurityEvent
from certificates.services import certificate_issue, certificate_revoke

pytestmark = pytest.mark.django_db


def test_issuance_and_revocation_are_in_the_security_log(
    competent, holder, standard, administrator
):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    certificate_revoke(certificate=certificate, reason="Evidencia falsificada", actor=administrator)
    issued, revoked = SecurityEvent.objects.filter(target_type="certificates.certificate").order_by(
        "pk"
    )
    assert (issued.action, issued.actor) == ("certificate_issued", administrator)
    assert issued.target_id == str(certificate.pk)
    assert issued.details == {"event": "issued", "code": certificate.code}
    assert (revoked.action, revoked.actor) == ("certificate_revoked", administrator)
    assert revoked.details["reason"] == "Evidencia falsificada"
