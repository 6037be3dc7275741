from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Course
from .selectors import COHORT_STATUSES
from .services import REFLECTION_MAX_LENGTH

STATUS_LABELS = {
    "all": _("All trainees"),
    "completed": _("Completed the course"),
    "in_progress": _("In progress"),
    "not_started": _("Not started"),
}


class EnrollForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.all(), widget=forms.HiddenInput)


class ModuleForm(forms.Form):
    module_key = forms.UUIDField(widget=forms.HiddenInput)


class ReflectionForm(ModuleForm):
    block_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    # No max_length here: the service refuses long answers with a message and the view
    # shows the text back, so nothing the trainee wrote is lost.
    answer = forms.CharField(
        label=_("Your private answer"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-limit": REFLECTION_MAX_LENGTH}),
    )


class CohortFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(status, STATUS_LABELS[status]) for status in COHORT_STATUSES],
    )
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
