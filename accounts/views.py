from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, ListView

from . import inbox
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


class NotificationListView(LoginRequiredMixin, ListView):
    """The person's inbox, newest first, a page at a time; unread ones are marked."""

    template_name = "accounts/notifications.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return inbox.notifications_of(user=self.request.user)


@require_GET
@login_required
def notification_open(request, pk: int):
    """Follow a notification's link; it is read from then on."""
    notification = inbox.notification_read(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    target = notification.link(get_language())
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("accounts:notifications")
    return HttpResponseRedirect(target)


@require_POST
@login_required
def notification_mark_read(request, pk: int):
    if inbox.notification_read(user=request.user, pk=pk) is None:
        raise Http404
    messages.success(request, _("Marked as read."))
    return HttpResponseRedirect(reverse("accounts:notifications"))


@require_POST
@login_required
def notifications_mark_all_read(request):
    inbox.notifications_read_all(user=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return HttpResponseRedirect(reverse("accounts:notifications"))
