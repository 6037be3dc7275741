"""The test settings with a third language, Canadian French (the T-MEC partner), added in the
one place languages are stated. Used only by ``check_third_language.py``, run in its own
process (``tests/competencies/test_third_language.py``): model fields are made when the models
load, so a language cannot be added to a running test process."""

from cms.settings.test import *  # noqa: F403
from cms.settings.test import DATABASES

LANGUAGES = [("es", "Español"), ("en", "English"), ("fr-ca", "Canadian French")]
WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Its own test database on PostgreSQL: the suite that starts this run holds ``test_<name>``.
# (SQLite tests run in memory.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_third_language"}
