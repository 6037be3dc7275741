"""A journey: one person's path through the real site, step by step, in a real browser.

Each step is named, so a failure says which step of which journey broke; every page a
journey looks at is checked with axe-core in both languages and photographed into
``test-artifacts/screenshots/<journey>/``, so a person can look at what the browser saw.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
BLOCKING_IMPACTS = ("serious", "critical")
LANGUAGES = ("es", "en")
MAIN_NAV = {"es": "Principal", "en": "Main"}  # aria-label of the site navigation
SITE_PAGE = re.compile(r"^/(es|en)/(?!.*\.pdf$)")  # the public site's pages, not its files


def page_kind(path: str) -> str:
    """Pages of one kind share a URL pattern and a language (a quiz's second question and
    its fifth); each Wagtail page is a kind of its own."""
    with translation.override(path.split("/")[1]):
        try:
            match = resolve(path)
        except Resolver404:
            return path
    return path if match.url_name == "wagtail_serve" else match.route


class JourneyFailure(AssertionError):
    """A step of a journey failed; the message names the journey and the step."""


def tr(message: str, language: str = "es", **values) -> str:
    """The interface text ``message`` as the site shows it in ``language`` (so journeys
    follow the real catalogue instead of copying its wording)."""
    with translation.override(language):
        text = gettext(message)
    return text % values if values else text


@cache
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(
            f"{AXE_SCRIPT.relative_to(ROOT)} is missing: run `npm ci` in the project root "
            "to install axe-core for the browser journeys."
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page: Page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core on the page as it is now; return its serious and critical violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (exclude) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            return await axe.run(context, {resultTypes: ["violations"]});
        }""",
        list(exclude),
    )
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  - {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            target = " ".join(json.dumps(t, ensure_ascii=False) for t in node["target"])
            lines.append(f"      at {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "page"


def page_language(page: Page) -> str:
    return page.evaluate("() => document.documentElement.lang")


@dataclass
class Journey:
    """Drives ``page`` through named steps for the journey called ``name``."""

    name: str
    page: Page
    base_url: str
    step_number: int = 0
    current_step: str = ""
    shots: int = 0
    audited: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    admin_findings: list[str] = field(default_factory=list)
    visited: dict[str, str] = field(default_factory=dict)  # path of each site page -> step

    def __post_init__(self) -> None:
        self.folder = SCREENSHOTS / slug(self.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink(missing_ok=True)  # a run of the suite on the other engine may be at it too
        self.watch(self.page)

    def watch(self, page: Page) -> None:
        """Record uncaught JavaScript errors and server errors (5xx) of ``page``: a step
        during which one happens fails, naming it."""
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))
        page.on("response", self._record_server_error)
        page.on("framenavigated", lambda frame: self._record_visit(page, frame))

    def _record_visit(self, page: Page, frame) -> None:
        path = urlsplit(frame.url).path
        if frame is page.main_frame and SITE_PAGE.match(path):
            self.visited.setdefault(page_kind(path), f"{path} (step '{self.current_step}')")

    def unaudited(self) -> list[str]:
        """Kinds of site page this journey showed but never checked with axe, each with the
        first such page and the step that showed it (admin pages and files are not site
        pages)."""
        audited = {page_kind(entry.split(" ", 1)[1]) for entry in self.audited}
        return [first for kind, first in self.visited.items() if kind not in audited]

    def _record_server_error(self, response) -> None:
        if response.status >= 500:
            request = response.request
            self.page_errors.append(
                f"the server answered {response.status} to {request.method} {response.url}"
            )

    # Steps -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, title: str) -> Iterator[Page]:
        self.step_number += 1
        self.current_step = title
        try:
            yield self.page
            if self.page_errors:
                raise AssertionError("; ".join(self.page_errors))
        except Exception as error:
            problems = "; ".join(self.page_errors)
            self.page_errors.clear()
            detail = f"{type(error).__name__}: {error}"
            if problems and problems not in detail:
                detail = f"{problems}; then {detail}"
            self._screenshot(self.page, f"FAILED-{title}")
            raise JourneyFailure(
                f"Journey '{self.name}', step {self.step_number} '{title}' failed: {detail}"
            ) from error

    # Navigation ------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def goto(self, path: str, *, status: int = 200) -> Page:
        response = self.page.goto(self.url(path))
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"GET {path} answered {response.status}, not {status}"
        return self.page

    def path(self) -> str:
        return urlsplit(self.page.url).path

    def main_nav(self) -> Locator:
        """The site's main navigation, named in the page's language; at phone width it is
        folded behind the "Menu" button, which is pressed first, as a visitor would."""
        # menu.js (deferred) has run by DOMContentLoaded; a press before it would do nothing.
        self.page.wait_for_load_state("domcontentloaded")
        toggle = self.page.locator(".menu-toggle")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
        return self.page.get_by_role("navigation", name=MAIN_NAV[page_language(self.page)])

    def follow_nav(self, link: str, heading: str) -> None:
        """Follow the main navigation's link ``link`` to the page titled ``heading``."""
        self.main_nav().get_by_role("link", name=link).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)

    def log_in(self, email: str, password: str, *, language: str = "es") -> None:
        """Log in through the real form, in ``language``; the form and the page it lands on
        are checked with axe."""
        self.goto(f"/{language}/accounts/login/")
        self.audit("log-in")
        self.page.get_by_label(tr("E-mail address", language)).fill(email)
        self.page.get_by_label(tr("Password", language)).fill(password)
        self.page.get_by_role("button", name=tr("Log in", language)).click()
        # The page it lands on, loaded: at phone width main_nav() would otherwise look for the
        # Menu button while the log-in page goes or the next one loads (a flaky failure).
        self.page.wait_for_url(lambda url: "/accounts/login/" not in url)
        expect(self.main_nav().get_by_role("button", name=tr("Log out", language))).to_be_visible()
        self.audit("logged-in")
        self.accept_privacy_notice_if_asked(language)

    def accept_privacy_notice_if_asked(self, language: str = "es") -> None:
        """Someone who has not accepted the privacy notice in force (invited by staff, made by
        an administrator, or the notice changed) is asked on their first site page, as a
        person would be, and accepts it."""
        accept = self.page.get_by_label(
            tr("I have read the privacy notice and I accept it.", language)
        )
        if self.page.get_by_role(
            "heading", level=1, name=tr("Accept the privacy notice", language)
        ).count():
            self.audit("privacy-accept", both_languages=False)
            accept.check()
            self.page.get_by_role("button", name=tr("Accept and continue", language)).click()
            expect(accept).to_have_count(0)
            self.audit("notice-accepted")  # the page it goes on to

    def log_in_admin(self, email: str, password: str) -> None:
        """Log into the Wagtail admin through its real form; lands on the dashboard, which is
        checked with axe (``audit_admin``)."""
        self.goto("/admin/login/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("form button[type=submit]").click()
        expect(self.page.locator("#id_username")).to_have_count(0)
        assert self.path() == "/admin/", self.path()
        self.audit_admin("dashboard")

    def tab_to(self, target: Locator, *, presses: int = 6) -> None:
        """Press Tab until ``target`` has the focus, as a keyboard user would; fail when it
        is not reached within ``presses`` (a date input takes one Tab per part of the date)."""
        for _ in range(presses):
            self.page.keyboard.press("Tab")
            if target.evaluate("(el) => el === document.activeElement"):
                return
        raise AssertionError(f"{target} is not reached with {presses} presses of Tab")

    def assert_fits_width(self) -> None:
        """Nothing sticks out sideways: the page never scrolls horizontally (a wide table
        scrolls within its own box: the site's ``.table-scroll``, Wagtail's
        ``.w-overflow-x-auto``)."""
        width = self.page.viewport_size["width"]
        overflow = self.page.evaluate(
            """(width) => [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .filter((el) => !el.closest(".table-scroll, .w-overflow-x-auto"))
                .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))""",
            width,
        )
        scroll = self.page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width and not overflow, (
            f"{self.page.url} is wider than {width} px (scrollWidth {scroll}); "
            f"sticking out: {overflow}"
        )

    def switch_language(self, label: str) -> None:
        """Use the language switcher, as a person would, to change to ``label``."""
        self.page.locator(".language-switcher").get_by_role("link", name=label).click()

    # Evidence: accessibility and screenshots ----------------------------------------------

    def audit(self, label: str, *, both_languages: bool = True, full_page: bool = True) -> None:
        """Check the current page with axe, photograph it, and do the same with the page in
        the other language (reached through the page's own language switcher, in a second
        tab of the same session so the journey's own page stays where it is)."""
        self._audit_page(self.page, label, full_page=full_page)
        if not both_languages:
            return
        other = self._other_language_href(self.page)
        if other is None:
            raise AssertionError(f"{self.page.url} has no link to the other language")
        twin = self.page.context.new_page()
        self.watch(twin)
        try:
            twin.set_viewport_size(self.page.viewport_size)
            twin.goto(self.url(other) if other.startswith("/") else other)
            self._audit_page(twin, label, full_page=full_page)
        finally:
            twin.close()

    def _audit_page(self, page: Page, label: str, *, full_page: bool) -> None:
        language = page_language(page)
        assert language in LANGUAGES, f"{page.url}: <html lang> is {language!r}"
        self._screenshot(page, f"{label}-{language}", full_page=full_page)
        violations = axe_violations(page)
        self.audited.append(f"{language} {urlsplit(page.url).path}")
        if violations:
            raise AssertionError(
                f"axe-core found {len(violations)} serious or critical accessibility "
                f"violation(s) on {page.url} ({language}):\n{describe_violations(violations)}"
            )

    @staticmethod
    def _other_language_href(page: Page) -> str | None:
        links = page.locator(".language-switcher a[hreflang]")
        if links.count() == 0:
            return None
        return links.first.get_attribute("href")

    def audit_admin(self, label: str) -> None:
        """Photograph a Wagtail admin page and run axe on it, reporting what it finds
        instead of failing: Wagtail's own admin markup is not ours to fix (see
        ``report_admin_findings``)."""
        self.screenshot(f"admin-{label}")
        violations = axe_violations(self.page)
        self.audited.append(f"admin {urlsplit(self.page.url).path}")
        if violations:
            self.admin_findings.append(f"{self.page.url}:\n{describe_violations(violations)}")

    def report_admin_findings(self, capsys) -> None:
        """Print what ``audit_admin`` found, past pytest's output capture."""
        if self.admin_findings:
            with capsys.disabled():
                print(
                    f"\naxe on Wagtail admin pages, journey '{self.name}' (report only):\n"
                    + "\n".join(self.admin_findings)
                )

    def screenshot(self, label: str, *, full_page: bool = True, page: Page | None = None) -> Path:
        """Photograph the journey's page, or ``page`` (another tab the journey opened)."""
        return self._screenshot(page or self.page, label, full_page=full_page)

    def _screenshot(self, page: Page, label: str, *, full_page: bool = True) -> Path:
        self.shots += 1
        target = self.folder / f"{self.shots:02d}-{slug(label)}.png"
        with contextlib.suppress(Exception):  # evidence must never hide the real failure
            page.screenshot(path=str(target), full_page=full_page)
        return target
