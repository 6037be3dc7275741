from django import template

from cms import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def catalog_url(context) -> str:
    """URL of the course catalog in the active language ("" when there is none)."""
    request = context.get("request")
    if request is None:
        return ""
    if not hasattr(request, "_puente_catalog_url"):
        request._puente_catalog_url = selectors.catalog_page_url(request)
    return request._puente_catalog_url
