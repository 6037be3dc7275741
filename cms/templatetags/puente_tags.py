from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.roles import user_enters_admin
from cms import links

register = template.Library()


@register.filter
def sanitise_links(html) -> str:
    """Rich text already expanded by Wagtail, without links of a scheme not allowed."""
    return mark_safe(links.sanitise_links(str(html)))  # noqa: S308 - Wagtail's own rich text HTML


@register.filter
def safe_href(url) -> str:
    """An address an author typed, or ``""`` when its scheme is not allowed."""
    return links.safe_href(url)


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


@register.filter
def page_numbers(page) -> list:
    """The page numbers a pager shows around ``page``: the first and last, the current one
    and its neighbours, ``Paginator.ELLIPSIS`` for the gaps (1 … 4 5 6 … 47)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
