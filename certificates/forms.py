import json

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from competencies.models import Standard
from courses.models import Cohort, Course

from .codes import normalize_code
from .models import Certificate, Kind

MAX_PDF_BYTES = 5 * 1024 * 1024


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=64,
        help_text=_("The 32 letters and digits printed under the QR code; dashes are optional."),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A certificate code has 32 letters and digits (A–Z, 2–7). Check what you typed.")
            )
        return code


class CheckPdfForm(forms.Form):
    file = forms.FileField(
        label=_("Certificate or evaluation document (PDF)"),
        help_text=_("The file you received, up to 5 MB. It is checked and then discarded."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 5 MB; no certificate issued by Puente is that big.")
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF. Upload the certificate PDF."))
        return upload


MAX_CREDENTIAL_BYTES = 1024 * 1024


class CheckCredentialForm(forms.Form):
    file = forms.FileField(
        label=_("Credential file (JSON)"),
        help_text=_(
            "The credential.json file you received, up to 1 MB. It is checked and then discarded."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CREDENTIAL_BYTES:
            raise forms.ValidationError(
                _("This file is larger than 1 MB; no credential issued by Puente is that big.")
            )
        try:
            document = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError(
                _("This file is not JSON. Upload the credential file (credential.json).")
            ) from None
        if not isinstance(document, dict):
            raise forms.ValidationError(_("This JSON file is not a credential."))
        return document


class IssueForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=_("Learner"), queryset=User.objects.filter(is_active=True)
    )
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.all(), required=False
    )
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.all(), required=False
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("standard")):
            raise forms.ValidationError(_("Choose either a course or a standard."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class RevokeForm(ReasonForm):
    """Revoking cannot be undone: the administrator confirms it in the same form, so a stray
    click never revokes a certificate (and the reason typed is kept when they have not)."""

    confirm = forms.BooleanField(
        label=_("I understand that revoking cannot be undone and that the holder is told."),
        error_messages={"required": _("Tick the box to confirm the revocation.")},
    )


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        help_text=_("For example: name corrected at the learner’s request."),
    )


class BulkForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.select_related("course")
    )
    kind = forms.ChoiceField(label=_("Certificate"), choices=Kind.choices)
    standard = forms.ModelChoiceField(
        label=_("Standard"),
        queryset=Standard.objects.all(),
        required=False,
        help_text=_("Only for competency certificates."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.COMPETENCY and not data.get("standard"):
            self.add_error("standard", _("Choose the standard to certify."))
        return data


EXPIRED = "expired"  # a status filter of its own: valid certificates past their date


class CertificateFilterForm(forms.Form):
    """The certificate list's filters. A value the choices do not know is left out (with
    the form's own message), the other filters still apply."""

    q = forms.CharField(label=_("Name, e-mail, code or standard"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *Certificate.Status.choices, (EXPIRED, _("Expired"))],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Kind.choices]
    )

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}  # q: stripped


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("The holder receives it by e-mail."),
    )
