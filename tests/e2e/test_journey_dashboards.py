"""Dashboards (issue 20): the trainee's home after logging in, and the instructor's dashboard
with the cohort heatmap, at phone and desktop width: nothing scrolls the page sideways, the
charts have names a screen reader says, and the heatmap scrolls in its own region by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.roles import Role

from .journey import tr

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 800}


def test_journey_trainee_dashboard(open_journey, demo):
    journey = open_journey("trainee-dashboard", viewport=PHONE)
    page = journey.page

    with journey.step("logs in and lands on the dashboard, which fits the phone"):
        journey.log_in(demo[Role.TRAINEE].email, DEMO_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("My learning"))
        expect(page.get_by_role("heading", name=tr("What to do next"))).to_be_visible()
        journey.assert_fits_width()

    with journey.step("reads the progress charts by their names"):
        courses = page.locator(".dashboard-courses")
        ring = courses.get_by_role("img", name=re.compile(r"^\d+ de \d+ módulos? terminados?"))
        expect(ring.first).to_be_visible()
        competency = page.locator(".dashboard-competencies > li").first
        expect(
            competency.get_by_role("img", name=re.compile(r"^\d+ de \d+ criterios? dominados?"))
        ).to_be_visible()
        expect(competency.get_by_role("img", name=re.compile(r"^Elemento 1: "))).to_be_visible()
        expect(page.locator(".certificate-list")).to_contain_text(tr("Valid"))
        journey.audit("dashboard")


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["375", "1280"])
def test_journey_teaching_dashboard_and_heatmap(open_journey, demo, viewport):
    journey = open_journey(f"teaching-dashboard-{viewport['width']}", viewport=viewport)
    page = journey.page

    with journey.step("goes from the home to the teaching dashboard"):
        journey.log_in(demo[Role.INSTRUCTOR].email, DEMO_PASSWORD)
        page.get_by_role("link", name=tr("Teaching dashboard")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("Teaching dashboard"))
        progress = page.locator(".cohort-overview svg.stack").first
        expect(progress).to_have_accessible_name(re.compile(rf"^{tr('Progress')}: "))
        journey.assert_fits_width()
        journey.audit("teaching-dashboard")

    with journey.step("opens the cohort's heatmap, which fits the page"):
        page.get_by_role("link", name=tr("Criteria heatmap")).first.click()
        expect(page.locator("table.heatmap").first).to_be_visible()
        journey.assert_fits_width()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], width
        journey.audit("heatmap")

    with journey.step("reaches the heatmap's region by keyboard and scrolls it sideways"):
        region = page.locator(".heatmap-scroll").first
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_accessible_name(re.compile(r"^EC\d+"))
        journey.tab_to(region, presses=40)
        wider = region.evaluate("(el) => el.scrollWidth > el.clientWidth")
        if wider:  # at phone width the criteria do not all fit: the arrow keys scroll them
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle())
            name = region.locator("tbody th[scope=row]").first
            box, frame = name.bounding_box(), region.bounding_box()
            assert box["x"] >= frame["x"] - 1, "the trainees' names stay in view (sticky)"
        else:
            assert viewport["width"] > 375, "at phone width the heatmap is wider than the page"
        journey.screenshot("heatmap-scrolled")


def test_journey_a_notification_is_read(open_journey, demo):
    """The demo trainee's certificate and judgement came with notifications: the header
    counts them, the inbox lists them, opening one reads it and the count goes down."""
    from accounts.models import Notification

    trainee = demo[Role.TRAINEE]
    unread = Notification.objects.filter(user=trainee, read_at__isnull=True).count()
    assert unread >= 1, "seed_demo's certificate and judgement notify the trainee"
    journey = open_journey("notification-read")
    page = journey.page

    with journey.step("sees the unread count in the header and opens the inbox"):
        journey.log_in(trainee.email, DEMO_PASSWORD)
        # Then at phone width: the count shows on the Menu button too.
        page.set_viewport_size(PHONE)
        page.reload()
        toggle = page.locator(".menu-toggle")
        expect(toggle).to_have_text(f"{tr('Menu')} {unread} {tr('unread')}")
        link = journey.main_nav().get_by_role("link", name=re.compile(tr("Notifications")))
        expect(link).to_have_text(f"{tr('Notifications')} {unread} {tr('unread')}")
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(tr("Notifications"))
        expect(page.locator(".notification--unread")).to_have_count(unread)
        journey.assert_fits_width()
        journey.audit("notifications")

    with journey.step("opens the newest notification and lands on what it is about"):
        newest = page.locator(".notifications > li").first
        # Its own address: two notifications can read the same (two certificates of a course).
        href = newest.locator(".notification__text a").get_attribute("href")
        newest.locator(".notification__text a").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert "/accounts/notifications/" not in journey.path()
        journey.audit("notification-target")

    with journey.step("finds it read and one fewer in the header"):
        journey.goto("/es/accounts/notifications/")
        item = page.locator(".notifications > li").filter(has=page.locator(f'a[href="{href}"]'))
        expect(item).not_to_have_class(re.compile("notification--unread"))
        expect(item).to_contain_text(tr("Read"))
        left = unread - 1
        expected = tr("Notifications") + (f" {left} {tr('unread')}" if left else "")
        expect(journey.main_nav().locator("a.nav-notifications")).to_have_text(expected)
        journey.audit("notifications-after")
