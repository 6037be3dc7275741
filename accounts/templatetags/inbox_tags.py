"""The inbox in templates: a notification's text in the active language, the unread count."""

from django import template
from django.utils.translation import get_language

from accounts import inbox

register = template.Library()


@register.filter
def notification_text(notification) -> str:
    return notification.text(get_language())


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context.get("user")
    return inbox.unread_count(user=user) if user is not None else 0
