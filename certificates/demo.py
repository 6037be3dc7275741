"""Demo certificates: the demo trainee holds one valid and one revoked certificate.

Both were earned by the work the demo shows: ``assessments.demo_evidence.seed_evaluation``
has the trainee study the modules, pass the graded quiz and be observed, then records the
*Competente* judgement, on which the certificate is issued at once (EC9101 has no issuance
rule). Here the demo administrator revokes that first certificate (a misspelt name, the
story goes) and issues the trainee a new one, through the same services as the admin
screens. Idempotent: run twice, same rows.
"""

from django.db import transaction

from accounts.demo import seed_people
from accounts.roles import Role
from assessments.models import Judgement

from .links import verification_url
from .models import Certificate
from .services import certificate_issue, certificate_revoke

REVOCATION_REASON = (
    "Emitido con el nombre mal escrito a petición de una captura errónea; se emitió uno nuevo. "
    "/ Issued with a misspelt name after a data-entry error; a new one was issued."
)


@transaction.atomic
def seed_certificates() -> dict[str, Certificate]:
    """{"valid": ..., "revoked": ...} for the demo trainee, or {} if nothing was earned."""
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
    mine = Certificate.objects.filter(holder=trainee, standard=judgement.standard)
    revoked = mine.filter(status=Certificate.Status.REVOKED).order_by("pk").first()
    if revoked is None:
        first = mine.filter(status=Certificate.Status.VALID).first()
        if first is None:  # a judgement from before certificates were issued on it
            first = certificate_issue(
                holder=trainee, standard=judgement.standard, issued_by=administrator
            )
        revoked = certificate_revoke(
            certificate=first, reason=REVOCATION_REASON, actor=administrator
        )
    valid = certificate_issue(holder=trainee, standard=judgement.standard, issued_by=administrator)
    return {"valid": valid, "revoked": revoked}


def demo_verification_urls(certificates: dict[str, Certificate]) -> dict[str, str]:
    return {label: verification_url(c) for label, c in certificates.items()}
