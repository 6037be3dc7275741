from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import DataRightsRequest

admin_urlpatterns = [
    path("", admin_views.RequestIndexView.as_view(), name="index"),
    path("<int:pk>/", admin_views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/erase/", admin_views.RequestEraseView.as_view(), name="erase"),
]


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    return [path("arco/", include((admin_urlpatterns, "privacy_admin"), namespace="privacy_admin"))]


class RequestsMenuItem(MenuItem):
    """Shown to administrators, with how many requests are open in its label."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = DataRightsRequest.objects.filter(
            status__in=DataRightsRequest.OPEN_STATUSES
        ).count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(
        _("ARCO requests"), reverse("privacy_admin:index"), icon_name="lock", order=460
    )


@hooks.register("before_delete_user")
def erase_users_whose_records_must_stay(request, user):
    return admin_views.erase_instead_of_delete(request, user)


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_people_whose_records_must_stay(request, action_type, objects, action):
    """Deleting several users at once cannot erase anyone: when one of them has records that
    must be kept, nothing is deleted and the screen says to delete them one by one."""
    if action_type != "delete" or action.model is not get_user_model():
        return None
    kept = [user for user in objects if admin_views.has_protected_records(user)]
    if not kept:
        return None
    messages.error(
        request,
        gettext(
            "Nothing was deleted: %(people)s must be kept for their certificates, judgements "
            "or evidence. Delete them one by one to erase their personal data instead."
        )
        % {"people": ", ".join(user.email for user in kept)},
    )
    return redirect("wagtailusers_users:index")
