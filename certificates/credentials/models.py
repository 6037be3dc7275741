"""The signed credential of a certificate and its place in a revocation status list.

Imported by ``certificates.models`` (the app's models live there for Django); kept apart
so the certificate's own model stays about the certificate.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Entries per Bitstring Status List: 16 KiB uncompressed, the minimum the spec asks for
# so that a list reveals little about any one credential (herd privacy).
STATUS_LIST_SIZE = 131_072


class IssuedCredential(models.Model):
    """A certificate's Open Badges 3.0 credential, signed once at issue and served as is.

    ``document`` is the JSON text exactly as downloaded and embedded; its status entry
    points at bit ``status_index`` of list ``status_list``, set when the certificate is
    revoked.
    """

    certificate = models.OneToOneField(
        "certificates.Certificate",
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="credential",
    )
    document = models.TextField(_("signed credential (JSON)"))
    verification_method = models.CharField(_("signing key"), max_length=300)
    status_list = models.PositiveIntegerField(_("status list"), default=1)
    status_index = models.PositiveIntegerField(_("index in the status list"))
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("signed credential")
        verbose_name_plural = _("signed credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"],
                name="certificates_credential_one_status_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(status_index__lt=STATUS_LIST_SIZE)
                & models.Q(status_list__gte=1),
                name="certificates_credential_status_entry_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.certificate_id} · {self.status_list}/{self.status_index}"
