"""One row per security-relevant action, append-only.

The actor and target are kept as labels too (e-mail, printed name, certificate code) so an
event still reads the same after the person or object is deleted.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SecurityEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", pgettext_lazy("security event", "Login")
        LOGIN_FAILED = "login_failed", pgettext_lazy("security event", "Failed login")
        LOCKED_OUT = "locked_out", pgettext_lazy("security event", "Account locked out")
        LOGOUT = "logout", pgettext_lazy("security event", "Logout")
        ROLES_CHANGED = "roles_changed", pgettext_lazy("security event", "Roles changed")
        EXPORT = "export", pgettext_lazy("security event", "Export")
        DATA_EXPORT = "data_export", pgettext_lazy("security event", "Personal data export")
        ARCO_REQUEST = "arco_request", pgettext_lazy("security event", "ARCO request")
        ERASURE = "erasure", pgettext_lazy("security event", "Erasure")
        CERTIFICATE_ISSUED = (
            "certificate_issued",
            pgettext_lazy("security event", "Certificate issued"),
        )
        CERTIFICATE_REVOKED = (
            "certificate_revoked",
            pgettext_lazy("security event", "Certificate revoked"),
        )

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("who (as recorded)"),
        max_length=254,
        blank=True,
        help_text=_("The e-mail address given, kept when the account is deleted."),
    )
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["action", "-occurred_at"], name="audit_action_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor_label or '—'}"
