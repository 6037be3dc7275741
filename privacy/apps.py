from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Learners' data rights under Mexico's LFPDPPP: the privacy notice and consent to it,
    the download of one's data, and ARCO requests (access, rectification, cancellation,
    opposition) that administrators handle."""

    name = "privacy"
    verbose_name = _("Privacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .receivers import ask_consent_after_form_login

        user_logged_in.connect(ask_consent_after_form_login, dispatch_uid="privacy_consent_login")
