"""E-mails to certificate holders, in their preferred language."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.inbox import notification_create
from accounts.models import Notification
from accounts.notifications import user_notify

from .links import my_certificates_url, verification_url


def _send(certificate, template: str) -> None:
    user_notify(
        user=certificate.holder,
        template=f"certificates/email/{template}",
        context=lambda: {
            "certificate": certificate,
            "holder": certificate.holder,
            "verification_url": verification_url(certificate),
            "my_certificates_url": my_certificates_url(certificate.holder.preferred_language),
        },
    )


def send_issued(certificate) -> None:
    notification_create(
        user=certificate.holder,
        kind=Notification.Kind.CERTIFICATE_ISSUED,
        subject=f"certificate:{certificate.pk}",
        render=lambda: (
            _("Your certificate “%(title)s” was issued.") % {"title": certificate.title},
            reverse("certificates:verify", kwargs={"code": certificate.code}),
        ),
    )
    _send(certificate, "issued")


def send_issued_many(certificate_ids: list[int]) -> int:
    """``send_issued`` for each certificate of a bulk chunk, in one job; one that fails is
    handed to a job of its own (retried alone), so the others are not sent twice."""
    import logging

    from . import tasks
    from .models import Certificate

    sent = 0
    for certificate in Certificate.objects.select_related("holder").filter(pk__in=certificate_ids):
        try:
            send_issued(certificate)
        except Exception:
            logging.getLogger("certificates").exception(
                "Issued e-mail of certificate %s failed; retried on its own", certificate.code
            )
            tasks.certificate_send_issued_email.enqueue(certificate.pk)
            continue
        sent += 1
    return sent


def send_expiry_reminder(certificate) -> None:
    notification_create(
        user=certificate.holder,
        kind=Notification.Kind.CERTIFICATE_EXPIRING,
        subject=f"certificate:{certificate.pk}:{certificate.expires_on}",
        render=lambda: (
            _("Your certificate “%(title)s” expires on %(date)s.")
            % {
                "title": certificate.title,
                "date": date_format(certificate.expires_on, "DATE_FORMAT"),
            },
            reverse("certificates:mine"),
        ),
    )
    _send(certificate, "expiry_reminder")


def send_revoked(certificate) -> None:
    _send(certificate, "revoked")


def send_declined(request) -> None:
    """The administrator declined to issue the certificate a judgement earned, and why."""
    user_notify(
        user=request.holder,
        template="certificates/email/declined",
        context=lambda: {
            "request": request,
            "holder": request.holder,
            "my_certificates_url": my_certificates_url(request.holder.preferred_language),
        },
    )
