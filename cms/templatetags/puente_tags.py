from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import user_enters_admin

register = template.Library()


@register.filter
def enters_admin(user) -> bool:
    return user.is_authenticated and (user.is_staff or user_enters_admin(user))


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in each interface language."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        query = {"next": request.get_full_path()}
        if page is not None and getattr(page, "pk", None):
            query["page"] = page.pk
        with translation.override(code):
            label = str(name)
        links.append(
            {
                "code": code,
                "label": label,
                "url": reverse("switch-language", args=[code]) + "?" + urlencode(query),
                "current": code == current,
            }
        )
    return links
