"""``benchmarks/settings.py`` plus the floors the benchmarks measure beside each endpoint: the
bare views of ``benchmarks/floor_urls.py`` (before the site's URLs) and the one-line template
of the bare Wagtail page (``benchmarks/templates/wagtailcore/page.html``)."""

from benchmarks.settings import *  # noqa: F403
from benchmarks.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "benchmarks.floor_urls"
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]},
    *TEMPLATES[1:],
]
