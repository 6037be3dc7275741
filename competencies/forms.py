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
