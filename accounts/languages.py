"""The languages Puente speaks: ``settings.LANGUAGES`` is the one list, read here once for the
apps (every app may import ``accounts``, the lowest layer)."""

from django.conf import settings

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
