"""E-mails to certificate holders, in their preferred language."""

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
    _send(certificate, "issued")


def send_expiry_reminder(certificate) -> None:
    _send(certificate, "expiry_reminder")
