"""Public forms of the site pages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from competencies.models import Standard
from courses.models import Course


class CatalogFilterForm(forms.Form):
    """The catalog's GET filter. Every field is optional; invalid values are ignored."""

    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Course.Sector.choices]
    )
    skill_focus = forms.ChoiceField(
        label=_("Skill focus"),
        required=False,
        choices=[("", _("All skill focuses")), *Course.SkillFocus.choices],
    )
    standard = forms.ModelChoiceField(
        label=_("Competency standard"),
        required=False,
        queryset=Standard.objects.filter(courses__isnull=False).distinct(),
        empty_label=_("All standards"),
    )
    language = forms.ChoiceField(
        label=_("Available in"),
        required=False,
        choices=[("", _("Any language")), *settings.LANGUAGES],
    )
