"""Evaluator evidence: one checklist record per candidate and criterion, append-only.

A correction never edits a record: it adds a new one that ``supersedes`` the old, so who
changed what and when stays visible. The database keeps the chain straight: one first record
per candidate and criterion, and each record superseded at most once (a one-to-one link), so
every chain has exactly one current record.
"""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps

from accounts.storage import private_storage
from competencies.models import Criterion, Standard


class AppendOnlyError(RuntimeError):
    """Evidence is never changed or deleted; record a correction instead."""


class EvidenceRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Evidence records are append-only; record a correction.")

    def delete(self):
        raise AppendOnlyError("Evidence records are append-only; record a correction.")

    def current(self):
        """Records no later record supersedes."""
        return self.filter(superseded_by__isnull=True)


PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb
PHOTO_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
#: The one extension each accepted format is stored under.
PHOTO_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def evidence_photo_path(instance, filename: str) -> str:
    """A random name with the canonical extension of the photo's format (given by
    ``photo_reencoded``): the URL reveals nothing about the candidate, and an uploaded name such
    as ``x.html`` cannot choose how the file is served."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in PHOTO_EXTENSIONS.values():
        suffix = ""
    return f"evidence/{uuid.uuid4().hex}{suffix}"


def validate_evidence_photo(value) -> None:
    """A real JPEG, PNG or WebP image of at most 5 MB (checked by content, not by name)."""
    if not value:
        return
    if value.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s. Take it at a lower resolution."),
            code="photo_too_large",
            params={
                "size": filesizeformat(value.size),
                "limit": filesizeformat(PHOTO_MAX_BYTES),
            },
        )
    handle = getattr(value, "file", value)
    try:
        handle.seek(0)
        with Image.open(handle) as image:
            image_format = image.format
            pixels = image.width * image.height
            image.verify()
    except Exception as error:  # Pillow raises many types for a file that is not an image
        raise ValidationError(
            _("The file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="photo_not_image",
        ) from error
    finally:
        handle.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP photo."),
            code="photo_format",
            params={"format": image_format},
        )
    if pixels > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("The photo is too large in pixels. Take it at a lower resolution."),
            code="photo_too_many_pixels",
        )


def photo_reencoded(value) -> ContentFile:
    """A fresh encoding of a photo that passed ``validate_evidence_photo``: only the decoded
    pixels are kept (whatever else the file carried, metadata and location included, is
    dropped), turned upright, under a name with its format's canonical extension."""
    handle = getattr(value, "file", value)
    handle.seek(0)
    with Image.open(handle) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        image.save(buffer, format=image_format, **options)
    handle.seek(0)
    return ContentFile(buffer.getvalue(), name=f"photo{PHOTO_EXTENSIONS[image_format]}")


class EvidenceRecord(models.Model):
    """An evaluator's observation of one criterion: met or not, with notes, photo, date, place."""

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="evidence_received",
    )
    standard = models.ForeignKey(
        Standard,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="evidence_records",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="evidence_records",
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="evidence_recorded",
    )
    met = models.BooleanField(_("criterion met"))
    notes = models.TextField(_("notes"), blank=True)
    photo = models.ImageField(
        _("photo evidence"),
        upload_to=evidence_photo_path,
        storage=private_storage,
        blank=True,
        max_length=200,
        validators=[validate_evidence_photo],
        help_text=_("Optional. JPEG, PNG or WebP, up to 5 MB."),
    )
    observed_on = models.DateField(_("date observed"))
    place = models.CharField(_("place"), max_length=200)
    recorded_at = models.DateTimeField(_("recorded at"))
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    objects = EvidenceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence record")
        verbose_name_plural = _("evidence records")
        ordering = ["candidate", "criterion", "recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "criterion"],
                condition=models.Q(supersedes__isnull=True),
                name="assessments_evidence_one_first_record",
                violation_error_message=_(
                    "This criterion already has evidence for this candidate; record a correction."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(evaluator=models.F("candidate")),
                name="assessments_evidence_no_self_evaluation",
                violation_error_message=_("Nobody can evaluate themselves."),
            ),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True) | ~models.Q(correction_reason=""),
                name="assessments_evidence_correction_has_reason",
                violation_error_message=_("Say why the earlier record is corrected."),
            ),
        ]
        indexes = [models.Index(fields=["candidate", "standard"])]

    def __str__(self):
        return f"{self.candidate} · {self.criterion_id} · {self.met}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Evidence records are append-only; record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Evidence records are append-only; record a correction.")
