from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Puente site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the page_published receivers that keep courses in step with pages.
        from . import fragments, wagtail_hooks  # noqa: F401
        from .workflow_names import connect

        connect()
        fragments.connect()
