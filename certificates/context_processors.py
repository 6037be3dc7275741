"""Context the certificates app contributes to every page (``TEMPLATES`` in settings).

``certificate_outcomes``: where the signed-in user's competency certificates stand, one
``selectors.CertificateOutcome`` per standard, read only when a template uses it. The
progress pages of ``assessments`` (which may not import this app) show with it whether the
certificate a *Competente* judgement earned was issued or awaits approval.
"""

from django.utils.functional import SimpleLazyObject

from . import selectors


def certificate_outcomes(request) -> dict:
    user = getattr(request, "user", None)

    def read():
        if user is None or not user.is_authenticated:
            return []
        return selectors.certificate_outcomes(holder=user)

    return {"certificate_outcomes": SimpleLazyObject(read)}
