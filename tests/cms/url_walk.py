"""Walk every URL pattern of the project (Wagtail's included) and ask it as each role.

``url_patterns()`` yields ``(name, path)`` for each pattern, the path filled with sample
arguments (objects that do not exist: 999999, ``x``); ``outcome(response)`` reads a response
as ``A`` (allowed), ``R`` (refused: 403, 404, or Wagtail's redirect to the admin home
with "no permission"), ``L`` (sent to a login page) or ``M`` (405: the view does not serve
the verb, so nothing ran whoever asked; it agrees with any expectation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

SAMPLES = {
    "int": "999999",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}
REGEX_SAMPLES = {
    r"^pages/": "pages/",
    r"^documents/": "documents/",
    r"^images/": "images/",
    r"^.*/$": "no-such-admin-page/",
    r"^(\d+)/(.*)$": "999999/x",
    r"^((?:[\w\-]+/)*)$": "",
}
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _fill(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        if text in REGEX_SAMPLES:
            return REGEX_SAMPLES[text]
        if "revisions/compare" in text:
            return "999999/revisions/compare/live...latest/"
        raise LookupError(f"no sample path for the pattern {text!r}")
    return CONVERTER.sub(lambda m: SAMPLES[m.group("converter") or "str"], text)


def url_patterns() -> Iterator[tuple[str, str]]:
    def walk(patterns, prefix: str, namespace: str | None):
        for pattern in patterns:
            path = prefix + _fill(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, path, inner)
            else:
                name = pattern.name or f"<unnamed> {pattern.pattern}"
                yield (f"{namespace}:{name}" if namespace and pattern.name else name), "/" + path

    seen = set()
    for name, path in walk(get_resolver().url_patterns, "", None):
        if (name, path) not in seen:
            seen.add((name, path))
            yield name, path


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        asked = response.request["PATH_INFO"]
        if location in (f"/es{asked}", f"/en{asked}"):
            return "R"  # not found, so the locale middleware tried the path with a language
        if "/login/" in location:
            return "L"
        if location.rstrip("/").endswith("/admin"):
            return "R"  # Wagtail: "Sorry, you do not have permission to access this area."
        return "A"
    if response.status_code == 405:
        return "M"  # the view does not serve this verb: nothing ran, whoever asked
    if response.status_code in (401, 403, 404, 410):
        return "R"
    return "A"
