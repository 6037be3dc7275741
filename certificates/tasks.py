"""Background work, through the Django tasks API (immediate in tests, RQ in production)."""

from django_tasks import task


@task()
def certificate_render_pdf(certificate_id: int) -> str:
    from .services import certificate_store_pdf

    return certificate_store_pdf(certificate_id=certificate_id).pdf_sha256


@task()
def certificates_render_pdfs(certificate_ids: list[int]) -> int:
    """The PDFs of a bulk chunk's certificates: one job for the chunk, not one each."""
    from .services import certificates_store_pdfs

    return certificates_store_pdfs(certificate_ids=certificate_ids)


@task()
def certificate_send_issued_emails(certificate_ids: list[int]) -> int:
    """The issued e-mails of a rendered bulk chunk, one job for the chunk."""
    from .emails import send_issued_many

    return send_issued_many(certificate_ids)


@task()
def certificate_send_issued_email(certificate_id: int) -> None:
    from .emails import send_issued
    from .models import Certificate

    send_issued(Certificate.objects.select_related("holder").get(pk=certificate_id))


@task()
def bulk_issuance_run(bulk_id: int) -> int:
    from .services import bulk_issuance_run as run

    return run(bulk_id=bulk_id).processed


@task()
def bulk_issuance_issue(bulk_id: int, holder_ids: list[int]) -> int:
    from .services import bulk_issuance_issue as issue

    return issue(bulk_id=bulk_id, holder_ids=holder_ids).processed


@task()
def certificate_render_revoked_pdf(certificate_id: int) -> str:
    from .services import certificate_store_revoked_pdf

    return certificate_store_revoked_pdf(certificate_id=certificate_id).revoked_pdf_sha256


@task()
def certificate_send_revoked_email(certificate_id: int) -> None:
    from .emails import send_revoked
    from .models import Certificate

    send_revoked(Certificate.objects.select_related("holder").get(pk=certificate_id))


@task()
def issuance_request_send_declined_email(request_id: int) -> None:
    from .emails import send_declined
    from .models import IssuanceRequest

    send_declined(IssuanceRequest.objects.select_related("holder", "standard").get(pk=request_id))


@task()
def background_reconcile() -> str:
    """Enqueue again what lost tasks left undone (``services.reconcile``); scheduled."""
    from .services import background_reconcile as reconcile

    return str(reconcile())


@task()
def certificate_send_expiry_reminder(certificate_id: int) -> None:
    from .emails import send_expiry_reminder
    from .models import Certificate

    send_expiry_reminder(Certificate.objects.select_related("holder").get(pk=certificate_id))


@task()
def certificate_send_expiry_reminders() -> int:
    """E-mail holders whose certificate expires soon, once each; scheduled daily."""
    from .services import certificate_send_expiry_reminders as remind

    return remind()
