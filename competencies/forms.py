from django import forms
from django.utils.translation import gettext_lazy as _

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
    """The administrators' upload of a standards JSON file (``docs/standards-json.md``)."""

    MAX_SIZE = 10 * 1024 * 1024

    file = forms.FileField(
        label=_("Standards file (JSON)"),
        help_text=_(
            "The format of the import_standards command: frameworks, standards with their "
            "elements and criteria, and crosswalk entries. The whole file is imported or "
            "nothing is; importing it again changes nothing."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": self.MAX_SIZE // 2**20}
            )
        return upload
