from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments.models import Judgement
        from assessments.signals import judgement_recorded

        from . import checks  # noqa: F401  (registers the issuer key check)
        from .receivers import issue_on_judgement

        judgement_recorded.connect(
            issue_on_judgement, sender=Judgement, dispatch_uid="certificates_issue_on_judgement"
        )
