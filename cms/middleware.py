import re

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

LANGUAGE_LIKE_PREFIX = re.compile(r"^/([a-z]{2,3}(?:-[a-z0-9]+)?)(?:/|$)", re.IGNORECASE)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a path under an unsupported language prefix (``/fr/…``) is a
    404 in the visitor's language instead of a redirect to ``/es/fr/…``."""

    def process_response(self, request, response):
        if response.status_code == 404:
            match = LANGUAGE_LIKE_PREFIX.match(request.path_info)
            if match and match[1].lower() not in dict(settings.LANGUAGES):
                return response
        return super().process_response(request, response)
