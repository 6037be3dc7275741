"""Browser journeys: the real site (pytest-django's live server) in the system Chromium.

Never downloads a browser. Without /usr/bin/chromium the journeys are skipped with a line
saying how to install it, except under ``PUENTE_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
where they fail instead.
"""

import os
import threading
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections
from django.test.testcases import LiveServerThread

import pytest

from accounts.demo import DEMO_PEOPLE
from accounts.models import User
from accounts.roles import Role
from tests.database import database_restore

from .journey import Journey, axe_source

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and every request thread of the live server
    shares the test's one connection to it. Two requests at once (Wagtail's live preview
    posting while the page saves) then fail with "database table is locked", now and then,
    more often on a loaded machine. Each request still has its thread (keep-alive
    connections stay served); only the application runs one request at a time.
    """

    def set_app(self, application):
        one_at_a_time = threading.Lock()

        def serialised(environ, start_response):
            with one_at_a_time:
                return application(environ, start_response)

        super().set_app(serialised)


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "browser journeys need the system Chromium at /usr/bin/chromium: "
    "sudo apt-get install chromium chromium-driver"
)
STEP_TIMEOUT_MS = 10_000
TRAINEE_PASSWORD = "soldadura-y-par-2026"  # for trainees the journeys create


def browser_required() -> bool:
    return os.environ.get("PUENTE_REQUIRE_BROWSER") == "1"


def journeys_skipped() -> bool:
    return not CHROMIUM.exists() and not browser_required()


class _MigratedBaseline:
    """Keeps what the migrations created (locales, role groups, the page tree), as Django
    serialized it when it built the test database for these ``serialized_rollback`` tests.

    Registered for the whole session, so it is taken before any other test runs; the
    journeys cannot read it from the connection later: earlier transactional tests may have
    flushed the rows, and under Playwright's running event loop the ORM hands out a fresh
    connection object that never carried Django's ``_test_serialized_contents``."""

    snapshots: ClassVar[dict[str, str]] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        result = yield
        if fixturedef.argname == "django_db_setup":
            for alias in connections:
                contents = getattr(connections[alias], "_test_serialized_contents", None)
                if contents is not None:
                    self.snapshots.setdefault(alias, contents)
        return result


def pytest_configure(config):
    config.pluginmanager.register(_MigratedBaseline(), "puente-e2e-migrated-baseline")


def pytest_ignore_collect(collection_path, config):
    """Without the system Chromium the journeys are not collected at all (no database
    is set up for them); ``pytest_terminal_summary`` says so in one line."""
    if journeys_skipped() and collection_path.name.startswith("test_"):
        return True
    return None


def pytest_terminal_summary(terminalreporter):
    if journeys_skipped():
        terminalreporter.write_line(
            f"SKIPPED tests/e2e (all journeys): {INSTALL_HINT}", yellow=True
        )


@pytest.fixture(scope="session")
def system_chromium() -> Path:
    if not CHROMIUM.exists():  # only under PUENTE_REQUIRE_BROWSER=1, see journeys_skipped()
        pytest.fail(f"PUENTE_REQUIRE_BROWSER=1 and {INSTALL_HINT}", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(system_chromium):
    """One Chromium for the journeys, stopped after the last of them: while Playwright's
    sync API is active its event loop counts as running in this thread, so asgiref hands the
    ORM other connection objects than Django's test set-up made; tests after the journeys
    (``serialized_rollback`` ones above all) must get the original ones back."""
    axe_source()  # fail at once, with the fix, when `npm ci` was not run
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(system_chromium), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


# The seeded demo as Django serializes a test database, kept per database for the session.
_seeded_demo: dict[str, str] = {}


@pytest.fixture
def demo(transactional_db) -> dict[Role, User]:
    """The bilingual demo, loaded by the real ``seed_demo`` command; its people by role.

    The command runs once per session; later journeys get the very same rows back from a
    snapshot taken right after it (as Django's ``serialized_rollback`` restores what the
    migrations created), which saves each journey the several seconds of seeding."""
    baseline = _migrated_baseline()
    seeded = _seeded_demo.get(connection.alias)
    if seeded is None:
        # Start from what the migrations created, whatever earlier transactional tests
        # (some without serialized_rollback) left in the database.
        database_restore(baseline)
        call_command("seed_demo", force=True, stdout=StringIO())
        _seeded_demo[connection.alias] = connection.creation.serialize_db_to_string()
    else:
        database_restore(seeded)
    return {person.role: User.objects.get(email=person.email) for person in DEMO_PEOPLE}


@pytest.fixture
def empty_install(transactional_db) -> None:
    """The database as a new install has it: what the migrations created, nothing else (no
    demo, no factories)."""
    database_restore(_migrated_baseline())


def _migrated_baseline() -> str:
    """What the migrations created, for this database; caches start afresh too."""
    cache.clear()  # rate limits and cached fragments start afresh for every journey
    baseline = _MigratedBaseline.snapshots.get(connection.alias)
    if baseline is None:
        pytest.fail(
            "no snapshot of the migrated test database: mark the journey "
            "django_db(transaction=True, serialized_rollback=True)",
            pytrace=False,
        )
    # The connection the journeys get (see ``browser``) lacks Django's copy; with it, the
    # flush after the journey leaves the database empty, as later serialized tests expect.
    if not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = baseline
    return baseline


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_passed = report.passed
    return report


@pytest.fixture
def enrolled_trainee(demo) -> Callable[..., User]:
    """A new trainee, created and enrolled through the real services, for journeys that need
    someone the demo has not touched yet: self-enrolled in the demo course ``course_code``,
    or put in ``cohort`` by ``enrolled_by``."""
    from accounts.services import user_create
    from courses.models import Course
    from courses.services import enrollment_create

    def create(
        email: str,
        first_name: str,
        last_name: str,
        course_code: str = "",
        *,
        cohort=None,
        enrolled_by=None,
    ) -> User:
        user = user_create(
            email=email, password=TRAINEE_PASSWORD, first_name=first_name, last_name=last_name
        )
        course = cohort.course if cohort else Course.objects.get(code=course_code)
        enrollment_create(user=user, course=course, cohort=cohort, enrolled_by=enrolled_by)
        return user

    return create


@pytest.fixture
def open_journey(browser, live_server, request) -> Iterator[Callable[..., Journey]]:
    """``open_journey("trainee")`` gives a Journey in a fresh browser session (own cookies);
    ``viewport`` and ``locale`` may be given for phone-sized or English-speaking visitors.

    After a journey that passed, every kind of site page it showed must have been checked
    with axe (``Journey.audit``): otherwise the test errors, naming the pages."""
    contexts, journeys = [], []

    def open_(name: str, *, viewport=None, locale: str = "es-MX") -> Journey:
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 800},
            locale=locale,
            accept_downloads=True,
            bypass_csp=True,  # lets axe-core be injected whatever policy the site sets
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        journey = Journey(name=name, page=context.new_page(), base_url=live_server.url)
        journeys.append(journey)
        return journey

    yield open_
    for context in contexts:
        context.close()
    if getattr(request.node, "journey_passed", False):
        unaudited = {journey.name: journey.unaudited() for journey in journeys}
        unaudited = {name: pages for name, pages in unaudited.items() if pages}
        assert not unaudited, "journeys showed pages they never checked with axe: " + "; ".join(
            f"journey '{name}': " + ", ".join(pages) for name, pages in unaudited.items()
        )
