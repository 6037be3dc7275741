"""The registry of issued evaluation documents: what a document's verification code stands for.

Imported by ``certificates.models`` (the app's models live there for Django).

A *version* of a document is what it states: its fingerprint is the SHA-256 of the Spanish
document's HTML before the code, the QR and the date are added (``data_sha256``), so the
Spanish PDF and its English version of the same data share one code, and downloading the same
document again gives the same code. Each PDF delivered is recorded by the SHA-256 of its bytes
(``IssuedDocumentCopy``; WeasyPrint's output is the same for the same input), so an uploaded
file can be checked against the registry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..codes import format_code


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration record and diagnosis")
        IEC = "iec", _("Competency assessment instrument (IEC)")
        PLAN = "plan", _("Evaluation plan")
        CEDULA = "cedula", _("Evaluation record (cédula)")
        PORTFOLIO = "portfolio", _("Portfolio of evidence")

    code = models.CharField(_("verification code"), max_length=32, unique=True)
    kind = models.CharField(_("document"), max_length=12, choices=Kind)
    standard = models.ForeignKey(
        "competencies.Standard",
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    # As printed on the document, kept even if the account changes later.
    candidate_name = models.CharField(_("candidate's name as printed"), max_length=300, blank=True)
    candidate_curp = models.CharField(_("candidate's CURP as printed"), max_length=18, blank=True)
    evaluator_name = models.CharField(_("evaluator's name as printed"), max_length=300, blank=True)
    # The record the document prints, when it is one of several for the candidate.
    judgement = models.ForeignKey(
        "assessments.Judgement",
        verbose_name=_("judgement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan = models.ForeignKey(
        "assessments.EvaluationPlan",
        verbose_name=_("evaluation plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # ``kind:standard:candidate``: the versions of one document follow one another.
    subject = models.CharField(_("subject"), max_length=64)
    data_sha256 = models.CharField(_("SHA-256 of what it states"), max_length=64)
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("issued evaluation document")
        verbose_name_plural = _("issued evaluation documents")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["subject", "-issued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "data_sha256"], name="certificates_document_one_code_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.display_code}"

    @staticmethod
    def subject_of(kind: str, standard_id: int, candidate_id: int | None) -> str:
        return f"{kind}:{standard_id}:{candidate_id or ''}"

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def masked_curp(self) -> str:
        """The first four and last two characters: enough to match a paper, not to copy."""
        curp = self.candidate_curp
        return f"{curp[:4]}{'•' * (len(curp) - 6)}{curp[-2:]}" if curp else ""


class IssuedDocumentCopy(models.Model):
    """One PDF delivered for a version, in one language, by the SHA-256 of its bytes."""

    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="copies",
    )
    language = models.CharField(_("language"), max_length=8)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, unique=True)
    delivered_at = models.DateTimeField(_("first delivered at"))

    class Meta:
        verbose_name = _("issued evaluation document copy")
        verbose_name_plural = _("issued evaluation document copies")

    def __str__(self):
        return f"{self.document} · {self.language}"
