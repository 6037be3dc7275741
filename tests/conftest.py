from django.core.cache import caches
from django.utils import translation

import pytest

from cms.demo.site import seed_site


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: the database is rolled back between tests and
    primary keys come again, so an entry left by another test (a page fragment under a
    content version, ``cms.fragments``; a standard's rebuild claim, ``standings``) could
    otherwise answer for this one."""
    caches["template_fragments"].clear()
    caches["default"].clear()


@pytest.fixture
def home_pages(db):
    """The Spanish home page (source) and its English translation, as the demo builds them."""
    return seed_site()


@pytest.fixture
def english():
    """Messages asserted in English (``pytest.mark.usefixtures("english")``); the Spanish
    catalogue has tests of its own."""
    with translation.override("en"):
        yield
