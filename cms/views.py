"""Site-wide views: page serving, the language switch and error pages."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wagtail import views as wagtail_views
from wagtail.models import Locale, Page

from accounts.views import remember_language

from .selectors import page_route, site_for_request


def serve(request, path: str):
    """Wagtail's page serving, told the site and, for a published page, the route in
    advance (Wagtail reads both from the request when they are there: ``_wagtail_site``
    and ``_wagtail_route_for_request``). Anything else is Wagtail's own routing."""
    site = request._wagtail_site = site_for_request(request)
    if site is not None and (route := page_route(site=site, request=request, path=path)):
        request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def switch_language(request, language: str):
    """Land on the same page in ``language``; on a Wagtail page without a translation yet,
    land on its nearest translated ancestor and say so."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    with translation.override(translation.get_language_from_path(next_url) or language):
        target = translate_url(next_url, language)

    page_id = request.GET.get("page", "")
    if page_id.isdigit():
        page = Page.objects.filter(pk=int(page_id)).first()
        if page is not None:
            target = _translated_page_url(request, page, language) or target

    translation.activate(language)
    request.LANGUAGE_CODE = language
    return remember_language(HttpResponseRedirect(target), language)


def _translated_page_url(request, page: Page, language: str) -> str | None:
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    for candidate in [page, *reversed(page.get_ancestors().filter(depth__gt=1))]:
        translated = candidate.get_translation_or_none(locale)
        if translated is not None and translated.live:
            if candidate.pk != page.pk:
                with translation.override(language):
                    messages.info(
                        request,
                        _(
                            "“%(title)s” is not translated into this language yet; "
                            "here is the nearest page that is."
                        )
                        % {"title": page.title},
                    )
            return translated.get_url(request)
    return None
