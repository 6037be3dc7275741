"""ARCO requests and their log, and the responsible party named in the privacy notice.

Consents to the notice are ``accounts.PrivacyConsent`` (sign-up records one)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """Who is responsible for learners' personal data and where they exercise their rights;
    shown in the privacy notice. Edited in Settings."""

    controller = models.CharField(
        _("responsible party"),
        max_length=200,
        default="Puente Formación y Certificación, S.C.",
        help_text=_("The legal name of whoever operates this site."),
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        default="Av. Constitución 2050, Centro, 64000 Monterrey, N.L., México",
    )
    contact_email = models.EmailField(
        _("privacy contact e-mail"),
        default="privacidad@puente.example",
        help_text=_("Where people send ARCO requests that they cannot make from their profile."),
    )

    class Meta:
        verbose_name = _("privacy settings")


class DataRightsRequest(models.Model):
    """An ARCO request: a person asks for access to, rectification or cancellation of their
    data, or opposes a use of it. An administrator handles it; each step is logged."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access")
        RECTIFICATION = "rectification", _("Rectification")
        CANCELLATION = "cancellation", _("Cancellation (erasure)")
        OPPOSITION = "opposition", _("Opposition")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="data_rights_requests",
    )
    kind = models.CharField(_("right"), max_length=14, choices=Kind)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ARCO request")
        verbose_name_plural = _("ARCO requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status__in=["received", "in_progress"]),
                name="privacy_request_one_open_per_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class DataRightsRequestEvent(models.Model):
    """One step in handling an ARCO request: received, a status change with a note, erased."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        STATUS = "status", _("Status changed")
        NOTE = "note", _("Note")
        ERASED = "erased", _("Personal data erased")

    request = models.ForeignKey(
        DataRightsRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action)
    status = models.CharField(
        _("status"), max_length=12, choices=DataRightsRequest.Status, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ARCO request event")
        verbose_name_plural = _("ARCO request events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
