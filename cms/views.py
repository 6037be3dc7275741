"""Site-wide views: page serving, the language switch and error pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wagtail import views as wagtail_views
from wagtail.models import Locale, Page

from accounts.views import remember_language
from assessments.services import answer_too_long_message

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


def bad_request(request, exception):
    """The 400 page (``handler400``), in the visitor's language and the site's chrome.

    A request larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is answered 413 with what to do:
    an answer to a quiz question says the most characters an answer takes (the quiz's own
    limit, far below the upload limit), anything else the upload limit. The quiz's script
    (``X-Requested-With: fetch``) gets the message as JSON, as it gets its other refusals.
    """
    status = 400
    message = _("The request could not be understood. Go back, reload the page and try again.")
    if isinstance(exception, RequestDataTooBig):
        status = 413
        match = getattr(request, "resolver_match", None)
        if match is not None and match.namespace == "assessments":
            message = answer_too_long_message()
        else:
            message = _(
                "What you sent is too large: %(size)s at most. Send less and try again."
            ) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if request.headers.get("X-Requested-With") == "fetch" or "json" in request.headers.get(
        "Accept", ""
    ):
        return JsonResponse({"error": message}, status=status)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, "400.html", {"message": message, "back": back}, status=status)
