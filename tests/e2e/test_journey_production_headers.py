"""The production Content-Security-Policy and Permissions-Policy, enforced in Chromium (issue
16): the site served with the headers production sends (``cms.settings.headers``), a trainee,
an instructor and an administrator open the pages that show the payload corpus
(``tests/cms/payloads.py``) and the screens they work in, Wagtail's admin included. No payload
runs (no dialog opens, no global is set) and no page of the app's own breaks the policy (no
``securitypolicyviolation`` event, no "Refused to" console message)."""

from collections.abc import Iterator

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

import pytest
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role
from assessments.models import Answer, Attempt
from cms.settings.headers import (
    ADMIN_POLICY_ADDITIONS,
    CONTENT_SECURITY_POLICY,
    CSP_MIDDLEWARE,
    PERMISSIONS_POLICY,
)
from courses.services import enrollment_create
from privacy.receivers import CONSENT_PENDING
from tests.cms.learning import build_learning_tree
from tests.cms.payloads import PAYLOADS
from tests.factories.accounts import UserFactory
from tests.factories.assessments import make_item, quiz_with
from tests.factories.courses import CohortFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Each payload, if it ran, would open a dialog or set ``window.pwned``.
SCRIPTED = [
    *[payload for payload in PAYLOADS if "alert(" in payload],
    "<img src=x onerror=\"window.pwned='img'\">",
    "<svg><script>window.pwned='svg'</script></svg>",
]
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at `
    + `${event.sourceFile}:${event.lineNumber} (${(event.sample || '').slice(0, 60)})`);
});
"""


@pytest.fixture
def production_server(empty_install) -> Iterator[LiveServer]:
    """The site with production's security headers, on a port of its own."""
    with override_settings(
        MIDDLEWARE=[*settings.MIDDLEWARE, *CSP_MIDDLEWARE],
        CONTENT_SECURITY_POLICY=CONTENT_SECURITY_POLICY,
        ADMIN_POLICY_ADDITIONS=ADMIN_POLICY_ADDITIONS,
        PERMISSIONS_POLICY=PERMISSIONS_POLICY,
    ):
        server = LiveServer("127.0.0.1:8121")
        yield server
        server.stop()


@pytest.fixture
def hostile_site(home_pages):
    """A course whose module, quiz, essay, cohort and people carry the payloads."""
    body = [
        {"type": "heading", "value": {"text": SCRIPTED[0], "level": "h2"}},
        {"type": "rich_text", "value": "<p>Texto del módulo</p>"},
        {
            "type": "scenario",
            "value": {
                "title": SCRIPTED[1],
                "situation": SCRIPTED[2],
                "question": SCRIPTED[3],
                "discussion_points": SCRIPTED,
            },
        },
        {"type": "checklist", "value": {"title": "Lista", "items": SCRIPTED}},
        {"type": "reflection", "value": {"prompt": SCRIPTED[4]}},
    ]
    tree = build_learning_tree(home_pages, body=body, modules=1)
    course = tree["course"]
    instructor = UserFactory(roles=[Role.INSTRUCTOR], is_staff=True, first_name=SCRIPTED[1])
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    trainee = UserFactory(first_name=SCRIPTED[0], last_name=SCRIPTED[2])
    cohort = CohortFactory(course=course, name=SCRIPTED[3])
    cohort.instructors.add(instructor)
    enrollment_create(user=trainee, course=course, cohort=cohort, enrolled_by=instructor)
    essay = make_item(
        "essay", name=SCRIPTED[5], stem_es="".join(f"<p>{escape(text)}</p>" for text in SCRIPTED)
    )
    quiz = quiz_with([essay, make_item("single")], course=course, title_es=SCRIPTED[0])
    return {
        "tree": tree,
        "quiz": quiz,
        "cohort": cohort,
        Role.TRAINEE: trainee,
        Role.INSTRUCTOR: instructor,
        Role.ADMINISTRATOR: administrator,
    }


class Visitor:
    """A Chromium session (no CSP bypass) logged in as ``user``, recording what must not
    happen: dialogs, ``window.pwned``, policy violations and refusals in the console."""

    def __init__(self, browser, server: LiveServer, user=None):
        self.server = server
        self.context = browser.new_context(locale="es-MX")
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(WATCH)
        self.events: list[str] = []
        if user is not None:
            client = Client()
            client.force_login(user)
            session = client.session
            session.pop(CONSENT_PENDING, None)
            session.save()
            cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key}
            self.context.add_cookies([{**cookie, "url": server.url}])
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)

    def _dialog(self, dialog) -> None:
        self.events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.events.append(f"console: {message.text[:300]}")

    def visit(self, path: str) -> None:
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate("[window.__violations, window.pwned || null]")
        violations, pwned = found
        self.events += [f"{path}: CSP {violation}" for violation in violations]
        if pwned:
            self.events.append(f"{path}: payload ran ({pwned})")
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, path
        inline = "'unsafe-inline'" in policy
        assert inline == path.startswith("/admin/"), (path, policy)
        assert "permissions-policy" in response.headers, path

    def close(self) -> list[str]:
        self.context.close()
        return self.events


def es(name: str, *args) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def test_journey_production_headers(browser, production_server, hostile_site):
    site = hostile_site
    module = site["tree"]["modules"]["es"][0]
    quiz = site["quiz"]
    findings: dict[str, list[str]] = {}

    trainee = Visitor(browser, production_server, site[Role.TRAINEE])
    for path in ("/es/", module.url, es("accounts:profile"), es("privacy:my_data")):
        trainee.visit(path)
    trainee.visit(es("assessments:quiz_detail", quiz.pk))
    trainee.page.get_by_role("button", name="Comenzar").first.click()
    trainee.page.wait_for_load_state("networkidle")
    attempt = Attempt.objects.get(quiz=quiz)
    essay = Answer.objects.get(attempt=attempt, item_version__item__kind="essay")
    trainee.visit(es("assessments:attempt_page", attempt.public_id, essay.position))
    trainee.page.locator("textarea").first.fill("\n".join(SCRIPTED))
    trainee.page.get_by_role("button", name="Guardar y siguiente").click()
    trainee.page.wait_for_load_state("networkidle")
    trainee.visit(es("assessments:attempt_submit", attempt.public_id))
    trainee.page.get_by_role("button", name="Enviar mis respuestas").click()
    trainee.page.wait_for_load_state("networkidle")
    trainee.visit(es("assessments:attempt_result", attempt.public_id))
    findings["trainee"] = trainee.close()

    instructor = Visitor(browser, production_server, site[Role.INSTRUCTOR])
    for path in (
        es("courses:cohort", site["cohort"].pk),
        es("assessments:grading_queue"),
        es("assessments:grading_answer", essay.pk),
        es("assessments:report_heatmap", site["cohort"].pk),
        "/admin/",
        f"/admin/pages/{module.pk}/edit/",
        "/admin/snippets/assessments/item/",
        f"/admin/snippets/assessments/item/edit/{essay.item_version.item_id}/",
    ):
        instructor.visit(path)
    findings["instructor"] = instructor.close()

    administrator = Visitor(browser, production_server, site[Role.ADMINISTRATOR])
    for path in (
        "/admin/",
        "/admin/security_log/",
        "/admin/users/",
        "/admin/competency_standards/",
        f"/admin/pages/{module.pk}/",
    ):
        administrator.visit(path)
    findings["administrator"] = administrator.close()

    findings = {role: events for role, events in findings.items() if events}
    assert not findings, "\n".join(
        f"{role}: {event}" for role, events in findings.items() for event in events
    )
