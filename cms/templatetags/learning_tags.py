from django import template

from cms import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_url(context) -> str:
    """URL of the course catalog in the active language ("" when there is none)."""
    request = context.get("request")
    if request is None:
        return ""
    return selectors.catalog_page_url(request)
