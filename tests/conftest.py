from django.core.cache import caches
from django.utils import translation

import pytest

from cms.demo.site import seed_site


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Each test starts without cached page fragments (``cms.fragments``): the database is
    rolled back between tests, and with it the content version a fragment was cached under."""
    caches["template_fragments"].clear()


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
