from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import SecurityEvent
from .viewsets import SecurityLogPolicy, SecurityLogViewSet

register_permission_policy(SecurityEvent, SecurityLogPolicy(SecurityEvent))


@hooks.register("register_admin_viewset")
def register_security_log():
    return SecurityLogViewSet()
