"""E-mails to certificate holders, in their preferred language."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .links import my_certificates_url, verification_url


def _send(certificate, template: str) -> None:
    holder = certificate.holder
    language = holder.preferred_language
    with translation.override(language):
        context = {
            "certificate": certificate,
            "holder": holder,
            "verification_url": verification_url(certificate, language),
            "my_certificates_url": my_certificates_url(language),
        }
        subject = render_to_string(f"certificates/email/{template}_subject.txt", context)
        body = render_to_string(f"certificates/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [holder.email])


def send_issued(certificate) -> None:
    _send(certificate, "issued")


def send_expiry_reminder(certificate) -> None:
    _send(certificate, "expiry_reminder")
