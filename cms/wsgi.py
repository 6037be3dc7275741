import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 — configured by the line above

from cms.process import web_prepare  # noqa: E402

if settings.PUENTE_WORKER:
    raise ImproperlyConfigured(
        "PUENTE_WORKER=1 is for background workers: a web process with it would serve neither "
        "pages nor the admin. Unset it for gunicorn and runserver."
    )

web_prepare()
