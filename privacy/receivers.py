"""Asking for the current privacy notice after a log-in."""

from accounts.services import consent_is_current

#: Session key: this session's person still has to accept the current notice.
CONSENT_PENDING = "privacy_consent_pending"


def ask_consent_after_form_login(sender, request, user, **kwargs):
    """After a log-in through a form (the site's or the admin's), a person who has not accepted
    the current notice is asked to (``ConsentMiddleware``). Logins made without a form
    (``Client.force_login`` in tests) are not asked."""
    if request is not None and request.method == "POST" and not consent_is_current(user):
        request.session[CONSENT_PENDING] = True
