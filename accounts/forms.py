from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .validators import normalize_curp


class CurpFieldMixin:
    def clean_curp(self):
        curp = normalize_curp(self.cleaned_data.get("curp", ""))
        if curp and User.objects.filter(curp=curp).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this CURP."))
        return curp


class SignUpForm(CurpFieldMixin, BaseUserCreationForm):
    accept_privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice and I accept it."),
        help_text=_(
            "It says what Puente does with your data, your CURP and your evaluation results, "
            "and how to exercise your rights."
        ),
        error_messages={"required": _("To create an account, accept the privacy notice.")},
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language", "curp"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "curp": forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
        }

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def _get_validation_exclusions(self):
        # An address that already has an account is no error here: sign-up answers it like a
        # new one and e-mails its owner (accounts.services.user_sign_up), so the form never
        # says whether an address has an account.
        return super()._get_validation_exclusions() | {"email"}


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProfileForm(CurpFieldMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language", "curp"]


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches people who were invited and never chose a
    password (their account was created with an unusable one by an enrolment): "Forgot your
    password?" is how they recover an expired invitation. Accounts whose password was
    disabled after they had logged in stay out, as in Django."""

    def get_users(self, email):
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.has_usable_password() or user.last_login is None)
