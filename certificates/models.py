"""Certificates: what was certified, to whom, its life cycle and its audit trail.

A certificate keeps a snapshot of everything printed on it (name, titles, elements, hours,
dates, signatory), so later edits to a user, course or standard never change a certificate
already issued. Only the status moves: valid → revoked, or valid → superseded by a re-issue
or a renewal.

How a *Competente* judgement becomes a certificate is set per standard by an
``IssuanceRule`` (none: issued at once); a standard that asks for approval puts an
``IssuanceRequest`` in the administrators' queue instead.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from accounts.languages import LANGUAGE_CODES
from accounts.storage import private_storage
from assessments.models import Judgement
from competencies.models import Standard
from competencies.translation import TranslatedText, column, translated_value
from courses.models import Cohort, Course

from .codes import format_code


class Kind(models.TextChoices):
    COURSE = "course", _("Course completion")
    COMPETENCY = "competency", _("Competency")


# A certificate this close to its expiry (or past it) is renewed by a new Competente
# judgement; its holder is reminded as it enters this window.
RENEWAL_WINDOW_DAYS = 60


class CertificateQuerySet(models.QuerySet):
    """The expiry rule in SQL; ``Certificate.is_expired`` / ``expires_within`` state the same
    rule for one row: a certificate is expired from the day after its ``expires_on``."""

    def expired(self, today: datetime.date):
        """Valid certificates whose expiry date has passed (shown as expired everywhere)."""
        return self.filter(status=Certificate.Status.VALID, expires_on__lt=today)

    def in_force(self, today: datetime.date):
        """Valid certificates not expired (no expiry date, or not yet reached)."""
        return self.filter(status=Certificate.Status.VALID).exclude(expires_on__lt=today)

    def expiring(self, *, today: datetime.date, within_days: int):
        """In-force certificates that expire within ``within_days`` days from ``today``."""
        return self.in_force(today).filter(expires_on__lte=_horizon(today, within_days))


def _horizon(today: datetime.date, days: int) -> datetime.date:
    return today + datetime.timedelta(days=days)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    Kind = Kind

    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.VALID)
    judgement = models.ForeignKey(
        Judgement,
        verbose_name=_("judgement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The Competent judgement this competency certificate was earned by."),
    )

    # Snapshot at issue time: what is printed never changes afterwards.
    holder_name = models.CharField(_("printed name"), max_length=301)
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Its achievement’s source language when it was issued."),
    )
    title = TranslatedText(models.CharField(_("achievement"), max_length=400))
    standard_code = models.CharField(_("standard code"), max_length=40, blank=True)
    competencies = models.JSONField(
        _("competencies certified"),
        default=list,
        blank=True,
        help_text=_("A list of {code, title_es, title_en}: elements or target standards."),
    )
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_("Issued on a sample standard: marked “Sample” wherever it is shown."),
    )
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200)
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = TranslatedText(models.CharField(_("signatory title"), max_length=200))

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    pdf = models.FileField(
        _("PDF"), upload_to="certificates/%Y/%m/", storage=private_storage, blank=True
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # After revocation, downloads serve this copy marked REVOCADO / REVOKED; the original
    # above keeps its hash so the PDF checker still recognises it (and says it is revoked).
    revoked_pdf = models.FileField(
        _("PDF marked revoked"),
        upload_to="certificates/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    revoked_pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF marked revoked"), max_length=64, blank=True, db_index=True
    )
    expiry_reminder_sent_at = models.DateTimeField(
        _("expiry reminder sent at"), null=True, blank=True
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        # The admin's certificate list, newest first and paged: read from this index instead
        # of sorting every certificate ever issued on each request (issue 21).
        indexes = [models.Index(fields=["created_at", "id"], name="certificates_newest_first")]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "course"],
                condition=models.Q(status="valid", kind="course"),
                name="certificates_one_valid_per_holder_course",
            ),
            models.UniqueConstraint(
                fields=["holder", "standard"],
                condition=models.Q(status="valid", kind="competency"),
                name="certificates_one_valid_per_holder_standard",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="course", course__isnull=False, standard__isnull=True)
                    | models.Q(kind="competency", standard__isnull=False, course__isnull=True)
                ),
                name="certificates_kind_matches_achievement",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["valid", "revoked", "superseded"]),
                name="certificates_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="revoked")
                | (models.Q(revoked_at__isnull=False) & ~models.Q(revocation_reason="")),
                name="certificates_revoked_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gt=models.F("issued_on")),
                name="certificates_expires_after_issue",
            ),
        ]
        permissions = [("revoke_certificate", _("Can revoke and re-issue certificates"))]

    def __str__(self):
        return f"{self.holder_name} · {self.title} · {self.display_code}"

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    def is_expired(self, today: datetime.date | None = None) -> bool:
        """Past its expiry date (``CertificateQuerySet.expired`` is the same rule in SQL)."""
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on < today

    def expires_within(self, days: int, today: datetime.date | None = None) -> bool:
        """Expires within ``days`` days from ``today``, or already has."""
        today = today or timezone.localdate()
        return self.expires_on is not None and self.expires_on <= _horizon(today, days)

    @property
    def public_status(self) -> str:
        """valid, expired, revoked or superseded: what the verification page shows."""
        if self.status == self.Status.VALID and self.is_expired():
            return "expired"
        return self.status

    @property
    def achievement(self):
        return self.course if self.kind == Kind.COURSE else self.standard

    @property
    def competencies_listed(self) -> list[dict]:
        """The competencies certified, each ``{code, title}`` in the active language."""
        return [
            {
                "code": item["code"],
                "title": translated_value(
                    {code: item.get(column("title", code), "") for code in LANGUAGE_CODES},
                    source=self.source_language,
                ),
            }
            for item in self.competencies
        ]

    @property
    def download_file(self):
        """The PDF a holder downloads: the original, or once revoked the copy marked so."""
        if self.status == self.Status.REVOKED:
            return self.revoked_pdf or None
        return self.pdf or None


class CertificateEvent(models.Model):
    """The audit trail: who did what to a certificate, when and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENDERED = "rendered", _("PDF rendered")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Re-issued")
        SUPERSEDED = "superseded", _("Superseded")
        RENEWED = "renewed", _("Renewed")
        REMINDED = "reminded", _("Expiry reminder sent")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.certificate.display_code} · {self.get_action_display()}"


class BulkIssuance(models.Model):
    """A background run issuing certificates to a cohort, with its progress and summary."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    total = models.PositiveIntegerField(_("learners"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk issuance")
        verbose_name_plural = _("bulk issuances")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="course", standard__isnull=True)
                | models.Q(kind="competency", standard__isnull=False),
                name="certificates_bulk_kind_matches_standard",
            ),
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")),
                name="certificates_bulk_processed_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.cohort} · {self.get_kind_display()} · {self.get_status_display()}"

    @property
    def issued(self) -> list[dict]:
        """Learners issued a certificate (or who held one already), by name: ``holder``,
        ``name``, ``code``."""
        return [
            {"holder": o.holder_id, "name": o.name, "code": o.code} for o in self.outcomes.issued()
        ]

    @property
    def skipped(self) -> list[dict]:
        """Learners skipped, by name, with the reason in every language (``reason_<code>``)."""
        return [
            {
                "holder": o.holder_id,
                "name": o.name,
                **{f"reason_{code}": o.reasons.get(code, "") for code in LANGUAGE_CODES},
            }
            for o in self.outcomes.skipped()
        ]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0


class BulkIssuanceOutcomeQuerySet(models.QuerySet):
    """A run's outcomes as its summary lists them: by name (then learner), the issued ones
    (a certificate code) apart from the skipped ones (none)."""

    def by_name(self):
        return self.order_by("name", "holder")

    def issued(self):
        return self.exclude(code="").by_name()

    def skipped(self):
        return self.filter(code="").by_name()

    def counts(self) -> dict[str, int]:
        """``{"issued": n, "skipped": m}`` in one query."""
        return self.aggregate(
            issued=models.Count("pk", filter=~models.Q(code="")),
            skipped=models.Count("pk", filter=models.Q(code="")),
        )


class BulkIssuanceOutcome(models.Model):
    """One learner of a bulk run: issued (the certificate) or skipped (why, in every
    language). One row per learner and run, written by the chunk that handled the learner,
    so a run's progress is a count and a retried chunk never counts anyone twice."""

    bulk = models.ForeignKey(
        BulkIssuance, verbose_name=_("bulk issuance"), on_delete=models.CASCADE,
        related_name="outcomes",
    )  # fmt: skip
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=300)
    certificate = models.ForeignKey(
        "Certificate", verbose_name=_("certificate"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    code = models.CharField(_("code"), max_length=64, blank=True)
    reasons = models.JSONField(_("why skipped"), default=dict, blank=True)

    objects = BulkIssuanceOutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk issuance outcome")
        verbose_name_plural = _("bulk issuance outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["bulk", "holder"], name="certificates_bulk_outcome_once_per_learner"
            ),
        ]

    def __str__(self):
        return f"{self.bulk_id} · {self.holder_id}: {self.code or '—'}"

    @property
    def reason(self) -> str:
        """Why the learner was skipped, in the active language."""
        return translated_value(self.reasons)


class IssuanceRule(models.Model):
    """How a *Competente* judgement on one standard becomes its certificate.

    A standard without a rule issues at once; administrators add a rule to make its
    certificates wait for their approval.
    """

    class Mode(models.TextChoices):
        AT_ONCE = "at_once", _("Issue at once")
        APPROVAL = "approval", _("Wait for an administrator’s approval")

    standard = models.OneToOneField(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.CASCADE,
        related_name="issuance_rule",
    )
    mode = models.CharField(
        _("on a Competent judgement"), max_length=10, choices=Mode, default=Mode.AT_ONCE
    )

    class Meta:
        verbose_name = _("issuance rule")
        verbose_name_plural = _("issuance rules")
        ordering = ["standard__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode__in=["at_once", "approval"]),
                name="certificates_issuance_rule_mode_known",
            )
        ]

    def __str__(self):
        return f"{self.standard.code} · {self.get_mode_display()}"


class IssuanceRequest(models.Model):
    """A competency certificate waiting for an administrator: approved (issued) or declined."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by a later judgement")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="issuance_requests",
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="+"
    )
    judgement = models.ForeignKey(
        Judgement, verbose_name=_("judgement"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate issued"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate awaiting approval")
        verbose_name_plural = _("certificates awaiting approval")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "standard"],
                condition=models.Q(status="pending"),
                name="certificates_one_pending_request_per_holder_standard",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "declined", "withdrawn"]),
                name="certificates_issuance_request_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined")
                | (models.Q(decided_at__isnull=False) & ~models.Q(decline_reason="")),
                name="certificates_declined_request_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(certificate__isnull=False),
                name="certificates_approved_request_has_certificate",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.standard.code} · {self.get_status_display()}"


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """Who issues and signs certificates and on what paper; edited in Settings."""

    class Paper(models.TextChoices):
        A4 = "a4", _("A4 landscape")
        LETTER = "letter", _("US Letter landscape")

    issuer = models.CharField(_("issuer"), max_length=200, default="Puente")
    signatory_name = models.CharField(
        _("signatory name"), max_length=200, default="Ana Sofía Treviño Garza"
    )
    signatory_title = TranslatedText(
        models.CharField(_("signatory title"), max_length=200, default=""),
        {
            "es": {"default": "Directora de Certificación"},
            "en": {"default": "Director of Certification"},
        },
    )
    paper = models.CharField(_("paper size"), max_length=6, choices=Paper, default=Paper.A4)

    class Meta:
        verbose_name = _("certificate settings")


# Models of this app kept in their own modules: the signed credential and its status entry;
# the registry of issued evaluation documents.
from .credentials.models import IssuedCredential  # noqa: E402, F401
from .documents.models import IssuedDocument, IssuedDocumentCopy  # noqa: E402, F401
