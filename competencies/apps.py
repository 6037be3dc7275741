from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = _("Competency standards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_choices

        admin_choices.register()
