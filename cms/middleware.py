import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import translation

from csp.middleware import CSPMiddleware

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2,3}(?:-[a-z0-9]+)?)(?:/|$)", re.IGNORECASE)


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a path under an unsupported language prefix (``/fr/…``) is a
    404 in the visitor's language instead of a redirect to ``/es/fr/…``."""

    def process_response(self, request, response):
        if response.status_code == 404:
            match = LANGUAGE_LIKE_PREFIX.match(request.path_info)
            if match and match[1].lower() not in dict(settings.LANGUAGES):
                return response
        return super().process_response(request, response)


class RefuseNulCharactersMiddleware:
    """A NUL character in the address is refused before any view uses it: PostgreSQL cannot
    store or compare text holding one, so looking up an attempt, a certificate code or a
    standard by such a path or query value failed with a 500. A path with one names nothing
    (404); a query value with one is a bad request (400). Both pages are translated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The Wagtail admin speaks the signed-in user's preferred language (the one their
    e-mails and certificates use), not whichever language they last browsed the site in.
    A language chosen in the admin's own account settings still wins: Wagtail applies it
    inside each admin view, after this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/") and request.user.is_authenticated:
            language = getattr(request.user, "preferred_language", "")
            if language in dict(settings.LANGUAGES):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``settings.ADMIN_POLICY_ADDITIONS`` added to the policy of
    the Wagtail admin's pages (``cms.settings.headers`` says why)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        additions = getattr(settings, "ADMIN_POLICY_ADDITIONS", None)
        if additions and not report_only and request.path_info.startswith(admin_prefix()):
            update = dict(parts.update or {})
            for directive, sources in additions.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


class PermissionsPolicyMiddleware:
    """Sends ``settings.PERMISSIONS_POLICY`` (browser features the site may use) on every
    response; production sets it (cms.settings.production)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in policy.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
