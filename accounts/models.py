from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import LANGUAGE_CODES
from .validators import validate_curp


def printed_name(first_name: str, last_name: str) -> str:
    """The name as printed on certificates: given names, then family names (also for reports
    that read names as plain values, without a ``User``)."""
    return " ".join(part for part in (first_name.strip(), last_name.strip()) if part)


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person: the name fields are the name printed on certificates."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Wagtail's user forms expect first_name / last_name; here they are relabelled as the
    # given names and the family names (both surnames when there are two).
    first_name = models.CharField(_("given names"), max_length=150)
    last_name = models.CharField(
        _("family names"),
        max_length=150,
        help_text=_("Both surnames when you have two, as they should be printed."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    curp = models.CharField(
        _("CURP"),
        max_length=18,
        blank=True,
        validators=[validate_curp],
        help_text=_("Optional. Mexico’s population registry key, 18 characters."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name"]
        # Cohort reports list trainees by name (``cohort_trainees``): read in this order, a
        # cohort's CSV streams its standings without sorting them all first.
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="accounts_user_name_order")
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(
                fields=["curp"], condition=~models.Q(curp=""), name="accounts_user_curp_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=LANGUAGE_CODES),
                name="accounts_user_language_valid",
            ),
        ]

    def __str__(self):
        return self.printed_name or self.email

    @property
    def printed_name(self) -> str:
        """The name as printed on certificates: given names, then family names."""
        return printed_name(self.first_name, self.last_name)

    def get_full_name(self) -> str:
        return self.printed_name

    def get_short_name(self) -> str:
        return self.first_name


class PrivacyConsent(models.Model):
    """A person accepted a version of the privacy notice (``accounts.privacy_notice``)."""

    class Occasion(models.TextChoices):
        SIGN_UP = "sign_up", _("Sign-up")
        LOGIN = "login", _("At log-in")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="privacy_consents",
    )
    version = models.CharField(_("notice version"), max_length=20)
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to the privacy notice")
        verbose_name_plural = _("consents to the privacy notice")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="accounts_consent_once_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.version}"


class Notification(models.Model):
    """A message in a person's in-app inbox, beside the e-mail sent for the same event.

    Its text and link are kept in every language of the site, written when the event
    happened (``accounts.inbox.notification_create``), so the inbox reads in the language
    the person is using. One notification per event (``kind`` and ``subject``, such as
    ``attempt:12``): an e-mail task that runs twice does not notify twice."""

    class Kind(models.TextChoices):
        ATTEMPT_GRADED = "attempt_graded", _("Quiz graded")
        JUDGEMENT = "judgement", _("Judgement")
        CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
        CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")
        ENROLLED = "enrolled", _("New enrolment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    subject = models.CharField(_("subject"), max_length=64)
    texts = models.JSONField(_("text in each language"), default=dict)
    links = models.JSONField(_("link in each language"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject"], name="accounts_notification_once_per_event"
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="accounts_notification_unread")]

    def __str__(self):
        return f"{self.user_id} · {self.kind} · {self.subject}"

    def text(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "")

    def link(self, language: str) -> str:
        return self.links.get(language) or next(iter(self.links.values()), "")
