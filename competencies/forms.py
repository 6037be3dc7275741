from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.upload_forms import UploadConfirmForm, check_upload_size

from .models import Framework


class StandardFilterForm(forms.Form):
    """The filters of the public standards list (GET)."""

    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All frameworks"),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("All countries")), *Framework.Country.choices],
        required=False,
    )


class StandardsImportForm(forms.Form):
    """The administrators' upload of a standards file: the JSON format of
    ``docs/standards-json.md`` or a CASE 1.1 package."""

    file = forms.FileField(
        label=_("Standards file (JSON or CASE)"),
        help_text=_(
            "The format of the import_standards command (frameworks, standards with their "
            "elements and criteria, and crosswalk entries) or a CASE 1.1 package (one "
            "framework). The whole file is imported or nothing is; importing it again changes "
            "nothing."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])


class StandardsConfirmForm(UploadConfirmForm):
    file_format = forms.ChoiceField(
        choices=[("json", "json"), ("case", "case")], widget=forms.HiddenInput
    )
