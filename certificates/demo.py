"""Demo certificates: the demo trainee holds one valid and one revoked certificate.

Eligibility comes from the other apps' demo data (the trainee's *Competente* judgement that
``assessments.demo_evidence.seed_evaluation`` records). Idempotent: run twice, same rows.
"""

from django.db import transaction

from accounts.demo import seed_people
from accounts.roles import Role
from assessments.models import Judgement

from .links import verification_url
from .models import Certificate
from .services import CertificateError, certificate_issue, certificate_revoke

REVOCATION_REASON = (
    "Emitido con el nombre mal escrito a petición de una captura errónea; se emitió uno nuevo. "
    "/ Issued with a misspelt name after a data-entry error; a new one was issued."
)


@transaction.atomic
def seed_certificates() -> dict[str, Certificate]:
    """{"valid": ..., "revoked": ...} for the demo trainee, or {} if nothing is eligible."""
    people = seed_people()
    trainee, administrator = people[Role.TRAINEE], people[Role.ADMINISTRATOR]
    judgement = (
        Judgement.objects.filter(candidate=trainee, result=Judgement.Result.COMPETENT)
        .select_related("standard")
        .order_by("-decided_at")
        .first()
    )
    if judgement is None:
        return {}
    standard = judgement.standard
    mine = Certificate.objects.filter(holder=trainee, standard=standard)
    revoked = mine.filter(status=Certificate.Status.REVOKED).first()
    if revoked is None:
        try:
            first = certificate_issue(holder=trainee, standard=standard, issued_by=administrator)
        except CertificateError:
            return {}
        revoked = certificate_revoke(
            certificate=first, reason=REVOCATION_REASON, actor=administrator
        )
    valid = certificate_issue(holder=trainee, standard=standard, issued_by=administrator)
    return {"valid": valid, "revoked": revoked}


def demo_verification_urls(certificates: dict[str, Certificate]) -> dict[str, str]:
    return {label: verification_url(c) for label, c in certificates.items()}
