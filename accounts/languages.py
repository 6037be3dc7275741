"""The languages Puente speaks: ``settings.LANGUAGES`` is the one list, read here for the apps
(every app may import ``accounts``, the lowest layer).

``language_codes()`` reads the setting when called, so code that runs per request (fallbacks,
validation) follows it even when a test overrides it; ``LANGUAGE_CODES`` is the same list read
once at start-up, for what is fixed when the models load (database constraints).
"""

from django.conf import settings


def language_codes() -> tuple[str, ...]:
    """The codes of ``settings.LANGUAGES``, in their order."""
    return tuple(code for code, _name in settings.LANGUAGES)


LANGUAGE_CODES: tuple[str, ...] = language_codes()
