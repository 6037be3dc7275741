"""One gate for links that authors and translators write.

The rich-text editor drops ``javascript:`` and ``data:`` links when a page is saved, but other
routes write page content without it: wagtail-localize's URL overrides and imported or
programmatic content. So the check sits where every link is rendered: every rich text goes
through Wagtail's ``wagtailcore/shared/richtext.html`` (overridden in ``cms/templates``, it
calls :func:`sanitise_links`), and templates that print a URL an author typed use the
``safe_href`` filter (``cms.templatetags.puente_tags``). Only web, e-mail and phone links and
relative addresses pass (Wagtail's own list, ``wagtail.whitelist.ALLOWED_URL_SCHEMES``).
"""

import re
from html import unescape

from wagtail.whitelist import check_url

TAG = re.compile(r"<[a-zA-Z][^>]*>")
URL_ATTRIBUTE = re.compile(
    r"""\s(?:href|src|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)


def safe_href(url) -> str:
    """``url`` when it is relative or its scheme is allowed; ``""`` otherwise (entities and
    the control characters browsers ignore are taken into account)."""
    if not url:
        return ""
    url = str(url)
    return url if check_url(unescape(url)) is not None else ""


def _clean_attribute(match: re.Match) -> str:
    value = next(group for group in match.groups() if group is not None)
    return match.group(0) if safe_href(value) else ""


def _clean_tag(match: re.Match) -> str:
    return URL_ATTRIBUTE.sub(_clean_attribute, match.group(0))


def sanitise_links(html: str) -> str:
    """``html`` with every URL attribute whose scheme is not allowed removed (the link stays,
    without an address)."""
    if "=" not in html:
        return html
    return TAG.sub(_clean_tag, html)
