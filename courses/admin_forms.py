"""Forms of the cohort's trainees screens in the Wagtail admin."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.languages import language_codes

from .roster import MAX_BYTES


class EnrolForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    first_name = forms.CharField(
        label=_("Given names"),
        max_length=150,
        required=False,
        help_text=_("Needed only when the person has no account yet."),
    )
    last_name = forms.CharField(
        label=_("Family names"),
        max_length=150,
        required=False,
        help_text=_("Both surnames when there are two, as printed on certificates."),
    )
    curp = forms.CharField(label=_("CURP (optional)"), max_length=18, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language of their e-mails and screens"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class MoveForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Move to the cohort"), queryset=None)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8, separated by commas or semicolons) or Excel .xlsx; first row: Nombres, "
            "Apellidos, Correo, CURP, Idioma — or Given names, Family names, E-mail, CURP, "
            "Language. CURP is optional; language one of %(languages)s (empty: %(default)s). "
            "Up to 1000 trainees."
        ) % {"languages": ", ".join(language_codes()), "default": settings.LANGUAGE_CODE}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; split it.") % {"size": MAX_BYTES // 2**20}
            )
        return upload


class RosterConfirmForm(forms.Form):
    roster = forms.CharField(widget=forms.HiddenInput)


class TraineeSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or CURP"), required=False, max_length=100)
