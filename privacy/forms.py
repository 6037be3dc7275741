from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DataRightsRequest


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the privacy notice and I accept it."),
        error_messages={"required": _("Accept the privacy notice to go on, or log out.")},
    )


class ErasureRequestForm(forms.Form):
    """A learner asks to be erased, confirming with their password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    details = forms.CharField(
        label=_("Anything we should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="password")
        return password


class DataRightsRequestForm(forms.Form):
    """Any other ARCO request, written in the person's words."""

    KINDS = [
        (DataRightsRequest.Kind.ACCESS, _("Access to my data")),
        (DataRightsRequest.Kind.RECTIFICATION, _("Rectification of my data")),
        (DataRightsRequest.Kind.OPPOSITION, _("Opposition to a use of my data")),
    ]

    kind = forms.ChoiceField(label=_("Right"), choices=KINDS)
    details = forms.CharField(
        label=_("What do you ask for?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RequestHandlingForm(forms.Form):
    """An administrator's step on an ARCO request."""

    status = forms.ChoiceField(label=_("Status"), choices=DataRightsRequest.Status.choices)
    note = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ErasureConfirmForm(forms.Form):
    """An administrator confirms an erasure, which cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."),
        error_messages={"required": _("Confirm that you understand the erasure is final.")},
    )
    note = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
