"""The journey harness itself: it must be able to fail, and say where."""

import pytest

from .journey import Journey, JourneyFailure

pytestmark = pytest.mark.e2e

INACCESSIBLE = """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
<main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" name="q"></form></main></body></html>"""


@pytest.fixture
def blank_page(browser):
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_axe_failures_name_the_rule_the_impact_and_the_element(blank_page):
    journey = Journey(name="harness", page=blank_page, base_url="http://127.0.0.1")
    blank_page.set_content(INACCESSIBLE)

    with pytest.raises(JourneyFailure) as failure, journey.step("looks at a broken page"):
        journey.audit("broken", both_languages=False)

    message = str(failure.value)
    assert message.startswith("Journey 'harness', step 1 'looks at a broken page' failed:")
    assert "image-alt (critical)" in message
    assert "label (critical)" in message
    assert '"img"' in message
    assert (journey.folder / "01-broken-en.png").exists()
    assert (journey.folder / "02-failed-looks-at-a-broken-page.png").exists()


def test_a_javascript_error_fails_the_step(blank_page):
    journey = Journey(name="harness", page=blank_page, base_url="http://127.0.0.1")

    with (
        pytest.raises(JourneyFailure, match=r"step 1 'runs a script'.*boom"),
        journey.step("runs a script"),
    ):
        blank_page.set_content("<html lang='en'><script>throw new Error('boom')</script>")


def test_a_server_error_fails_the_step_and_names_the_request(blank_page):
    journey = Journey(name="harness", page=blank_page, base_url="http://127.0.0.1")
    blank_page.route("http://127.0.0.1/boom/", lambda route: route.fulfill(status=500, body="x"))

    with (
        pytest.raises(JourneyFailure, match=r"step 1 'posts a form'.*500 to GET .*/boom/"),
        journey.step("posts a form"),
    ):
        blank_page.goto("http://127.0.0.1/boom/")
