"""A background worker's URLconf (``cms.site_urls``) links exactly as the site serves."""

from django.urls import get_resolver
from django.utils import translation

import pytest


def named_paths(urlconf: str) -> dict[str, set[str]]:
    """Every named pattern of ``urlconf`` as ``reverse`` builds it, e.g.
    ``{"certificates:verify": {"es/verify/%(code)s/"}}`` with Spanish active."""
    resolver = get_resolver(urlconf)
    named = {}
    for namespace, (prefix, sub) in [("", ("", resolver)), *resolver.namespace_dict.items()]:
        for key in sub.reverse_dict:
            if isinstance(key, str):
                named[f"{namespace}:{key}".lstrip(":")] = {
                    prefix + path
                    for possibilities, *_rest in sub.reverse_dict.getlist(key)
                    for path, _params in possibilities
                }
    return named


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_worker_reverses_every_site_url_as_the_site_does(language):
    with translation.override(language):
        worker = named_paths("cms.site_urls")
        site = named_paths("cms.urls")

    assert worker["certificates:verify"] == {f"{language}/verify/%(code)s/"}
    assert {"certificates:mine", "assessments:attempt_result", "wagtail_serve"} <= set(worker)
    for name, paths in worker.items():
        assert paths <= site[name], name
    only_on_the_site = {path for name in set(site) - set(worker) for path in site[name]}
    assert only_on_the_site
    assert all(path.startswith(("admin/", "documents/", "language/")) for path in only_on_the_site)
