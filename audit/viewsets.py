"""The security log in the Wagtail admin (Reports → Security log): administrators search it
by who, what or address and filter it by action and date; nobody adds, edits or deletes."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from accounts.roles import Role, user_has_role

from .models import SecurityEvent


def _administrators():
    from accounts.models import User

    return User.objects.filter(groups__name=Role.ADMINISTRATOR.value, is_active=True).distinct()


class SecurityLogPolicy(BasePermissionPolicy):
    """Administrators read; the log is written by ``audit.services.record`` only."""

    def user_has_permission(self, user, action):
        return action == "view" and user_has_role(user, Role.ADMINISTRATOR)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return _administrators() if "view" in actions else _administrators().none()


class SecurityLogViewSet(ModelViewSet):
    model = SecurityEvent
    name = "security_log"
    icon = "history"
    menu_label = _("Security log")
    menu_hook = "register_reports_menu_item"
    menu_order = 1100
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False  # an insert per event, nothing more
    list_display = ["occurred_at", "action", "actor_label", "target_label", "ip_address"]
    list_filter = {"action": ["exact"], "occurred_at": ["date__gte", "date__lte"]}
    search_fields = ["actor_label", "target_label", "target_id"]
    inspect_view_fields = [
        "occurred_at",
        "action",
        "actor_label",
        "actor",
        "target_type",
        "target_id",
        "target_label",
        "ip_address",
        "details",
    ]
    form_fields = []

    def get_index_view_kwargs(self, **kwargs):
        # The listing is the log; its count reads "6 security events" (verbose_name_plural).
        return super().get_index_view_kwargs(page_title=self.menu_label, **kwargs)

    def get_permissions_to_register(self):
        return Permission.objects.none()  # who reads it is a role, not a group permission
