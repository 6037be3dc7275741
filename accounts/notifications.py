"""E-mail to one person, in their preferred language, with absolute links.

Every app that writes to a user goes through ``user_notify``: the subject and body are two
templates (``<template>_subject.txt`` and ``<template>.txt``) rendered with that user's
language active, so links built inside (``absolute_url(reverse(...))``) carry it too.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def absolute_url(path: str) -> str:
    """``PUENTE_BASE_URL`` + ``path``, for e-mails and QR codes (no request at hand)."""
    return settings.PUENTE_BASE_URL.rstrip("/") + path


def user_notify(*, user, template: str, context: Callable[[], dict] | dict) -> None:
    """Send ``template`` to ``user`` in their language. ``context`` may be a callable, called
    with that language active (for URLs and translated values built per language)."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        values = context() if callable(context) else context
        subject = render_to_string(f"{template}_subject.txt", values)
        body = render_to_string(f"{template}.txt", values)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def password_set_url(user) -> str:
    """An absolute link where ``user`` chooses their password (Django's password-reset token:
    valid for ``PASSWORD_RESET_TIMEOUT``, spent once the password changes). Built in the
    active language, like every link in ``user_notify``'s context."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)
