from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .forms import ProfileForm, SignUpForm
from .services import user_sign_up, user_update_profile


class SignUpView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignUpForm
    success_url = reverse_lazy("accounts:signup_sent")

    def get_initial(self):
        return {"preferred_language": translation.get_language()}

    def form_valid(self, form):
        data = form.cleaned_data
        user_sign_up(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            preferred_language=data["preferred_language"],
            curp=data["curp"],
        )
        # The same answer whether the address was new or already had an account.
        return super().form_valid(form)


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        user = user_update_profile(
            user=self.request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            preferred_language=data["preferred_language"],
            curp=data["curp"],
        )
        with translation.override(user.preferred_language):
            messages.success(self.request, _("Your profile was saved."))
            url = reverse("accounts:profile")
        return remember_language(HttpResponseRedirect(url), user.preferred_language)


def remember_language(response, language: str):
    """Keep the chosen interface language in the language cookie."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (site or admin): why, and for how long."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
