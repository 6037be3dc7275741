"""The learner's home and the instructor's dashboard (issue 20), through the client."""

import datetime
import math

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from assessments.models import Attempt
from certificates.services import certificate_issue, certificate_revoke
from cms.dashboard.charts import Ring, percent, stack
from courses.models import Enrollment
from courses.services import enrollment_create, module_progress_complete
from tests.cms.admin_forms import form_data, form_errors
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory
from tests.factories.assessments import QuizFactory
from tests.factories.certificates import JudgementFactory, StandardFactory
from tests.factories.courses import CohortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DASHBOARD = "/en/learning/"
TEACHING = "/en/learning/teaching/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- charts ---------------------------------------------------------------------------------


def test_percent_rounds_down_and_never_divides_by_zero():
    assert percent(2, 3) == 66 and percent(199, 200) == 99 and percent(3, 3) == 100
    assert percent(0, 0) == 0 and percent(5, 0) == 0


def test_ring_draws_its_share_of_the_circle():
    full = 2 * math.pi * 40
    drawn, gap = (float(part) for part in Ring(1, 4).dash.split())
    assert drawn == pytest.approx(full / 4, abs=0.01)
    assert drawn + gap == pytest.approx(full, abs=0.01)
    assert Ring(0, 0).percent == 0


def test_stack_places_parts_side_by_side():
    parts = stack([("high", "done", 1), ("mid", "started", 0), ("none", "idle", 3)])
    assert [(p.start, p.width) for p in parts] == [(0, 25), (25, 0), (25, 75)]
    assert [p.width for p in stack([("none", "idle", 0)])] == [0]


# --- the learner's home -----------------------------------------------------------------------


def test_next_steps_with_deadlines_in_date_order(client, tree):
    trainee = UserFactory(roles=[Role.TRAINEE])
    today = timezone.localdate()
    cohort = CohortFactory(course=tree["course"], ends_on=today + datetime.timedelta(days=30))
    Enrollment.objects.create(user=trainee, course=tree["course"], cohort=cohort)
    module_progress_complete(user=trainee, module_key=tree["modules"]["es"][0].translation_key)
    soon = QuizFactory(course=tree["course"], title_en="Torque check", code="soon")
    soon.closes_at = timezone.now() + datetime.timedelta(days=3)
    soon.save()
    QuizFactory(course=tree["course"], title_en="Open-ended quiz", code="open")
    closed = QuizFactory(course=tree["course"], title_en="Closed quiz", code="closed")
    closed.opens_at = timezone.now() - datetime.timedelta(days=9)
    closed.closes_at = timezone.now() - datetime.timedelta(days=1)
    closed.save()
    passed = QuizFactory(course=tree["course"], title_en="Passed quiz", code="passed")
    Attempt.objects.create(
        quiz=passed, user=trainee, number=1, status=Attempt.Status.GRADED, language="en",
        started_at=timezone.now(), submitted_at=timezone.now(), max_points=1, points=1,
        score=100, passed=True,
    )  # fmt: skip
    client.force_login(trainee)

    page = soup(client.get(DASHBOARD))

    steps = [words(li) for li in page.select(".next-steps > li")]
    assert len(steps) == 3, steps
    assert steps[0].startswith("Quiz Torque check") and "Due soon" in steps[0]
    assert steps[1].startswith("Module Module 2 Test course")
    assert f"Finish the course by {date(cohort.ends_on, 'DATE_FORMAT')}" in steps[1]
    assert steps[2].startswith("Quiz Open-ended quiz") and "No deadline" in steps[2]
    ring = page.select_one(".dashboard-courses svg[role=img]")
    assert words(ring.title) == "1 of 2 modules done (50 %)"
    assert ring["aria-labelledby"] == ring.title["id"]


def test_an_overdue_course_is_said_so(client, tree):
    trainee = UserFactory(roles=[Role.TRAINEE])
    cohort = CohortFactory(
        course=tree["course"], ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    Enrollment.objects.create(user=trainee, course=tree["course"], cohort=cohort)
    client.force_login(trainee)

    step = soup(client.get(DASHBOARD)).select_one(".next-steps > li")

    assert "next-step--overdue" in step["class"] and "Overdue" in words(step)


def test_progress_per_competency_as_charts_with_words(client):
    standard = build.standard_with_criteria((("knowledge", "knowledge"),))
    first, _second = build.criteria_of(standard)
    room = build.classroom(standard)
    trainee = build.trainee()
    build.enroll(trainee, room)
    build.attempt(trainee, build.quiz(room), [(build.item({first: 1}), 1)])
    client.force_login(trainee)

    card = soup(client.get(DASHBOARD)).select_one(".dashboard-competencies > li")

    assert words(card.select_one("svg.ring title")) == "1 of 2 criteria mastered (50 %)"
    bar = card.select_one(".bars svg[role=img]")
    assert words(bar.title).endswith(": 1 of 2 mastered")
    assert bar.select_one(".bar__value")["width"] == "50"
    assert words(card.select_one(".bars__value")) == "1 of 2 mastered"


def test_certificates_held_with_expiry(
    client, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    holder = UserFactory(roles=[Role.TRAINEE])
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    kept, revoked = StandardFactory(code="EC0301"), StandardFactory(code="EC0302")
    for standard in (kept, revoked):
        JudgementFactory(candidate=holder, standard=standard)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(holder=holder, standard=kept, issued_by=administrator)
        gone = certificate_issue(holder=holder, standard=revoked, issued_by=administrator)
        certificate_revoke(certificate=gone, reason="Error de captura", actor=administrator)
    certificate.refresh_from_db()
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=30)
    certificate.save(update_fields=["expires_on"])
    client.force_login(holder)

    held = [words(li) for li in soup(client.get(DASHBOARD)).select(".certificate-list > li")]

    assert len(held) == 1, held
    assert "Valid" in held[0] and "Expires soon" in held[0]
    assert f"Valid until {date(certificate.expires_on, 'DATE_FORMAT')}" in held[0]


def test_quiz_deadline_set_in_the_admin_reaches_the_dashboard(client, tree):
    """The deadline is the quiz's 'closes at', edited in the quiz's admin form."""
    from wagtail.users.models import UserProfile

    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    profile = UserProfile.get_for_user(instructor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(instructor)
    add = reverse("wagtailsnippets_assessments_quiz:add")
    data = form_data(client.get(add).content)
    closes = timezone.localtime() + datetime.timedelta(days=2)
    data.update(
        {
            "code": ["torque-deadline"],
            "course": [str(tree["course"].pk)],
            "title_es": ["Examen de apriete"],
            "title_en": ["Torque exam"],
            "is_active": ["on"],
            "closes_at": [closes.strftime("%Y-%m-%d %H:%M")],
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, form_errors(response.content)
    trainee = UserFactory(roles=[Role.TRAINEE])
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)

    step = soup(client.get(DASHBOARD)).select_one(".next-steps > li")

    assert words(step).startswith("Quiz Torque exam")
    assert "Due soon" in words(step) and "Closes " in words(step)


def test_the_dashboard_is_the_home_after_logging_in(client):
    UserFactory(email="ana@puente.example", password="una-clave-larga-2026")
    response = client.post(
        "/en/accounts/login/",
        {"username": "ana@puente.example", "password": "una-clave-larga-2026"},
    )
    assert response.status_code == 302 and response["Location"] == DASHBOARD


# --- the instructor's dashboard -------------------------------------------------------------


@pytest.fixture
def teaching():
    standard = build.standard_with_criteria((("knowledge", "performance"),))
    knowledge, _performance = build.criteria_of(standard)
    teacher = build.instructor()
    room = build.classroom(standard, instructors=[teacher])
    quiz = build.quiz(room)
    item = build.item({knowledge: 1})
    essay = build.item({knowledge: 1}, kind="essay")
    people = {
        name: build.trainee(first_name=name, last_name="Prueba")
        for name in ("Ana", "Beto", "Carla", "Diego")
    }
    for person in people.values():
        build.enroll(person, room)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Enrollment.objects.filter(cohort=room.cohort).update(enrolled_at=long_ago)
    build.attempt(people["Ana"], quiz, [(item, 1)], day=0)  # passed, but long ago
    Attempt.objects.filter(user=people["Ana"]).update(started_at=timezone.now())  # active
    build.attempt(people["Beto"], quiz, [(item, 0)])  # failed, not passed since
    build.attempt(people["Carla"], quiz, [(essay, None)])  # an essay to grade
    Attempt.objects.filter(user=people["Carla"]).update(started_at=timezone.now())
    Enrollment.objects.filter(user=people["Diego"]).update(completed_at=timezone.now())
    build.enroll(build.trainee(first_name="Eva", last_name="Prueba"), room)  # just arrived
    return {"teacher": teacher, "room": room, "people": people}


def test_instructor_dashboard_counts_and_learners_at_risk(client, teaching):
    client.force_login(teaching["teacher"])

    page = soup(client.get(TEACHING))

    figures = [words(li) for li in page.select(".figures > li")]
    assert figures[0].startswith("1 answer to grade")
    assert figures[1].startswith("1 learner at risk")
    assert figures[2].startswith("1 cohort followed")
    rows = [words(tr) for tr in page.select(".at-risk tbody tr")]
    assert len(rows) == 1 and rows[0].startswith("Beto Prueba")
    assert "Inactive" in rows[0] and "Failed a quiz" in rows[0]
    progress = page.select_one(".cohort-overview svg.stack title")
    assert words(progress) == "Progress: Completed 1, In progress 3, Not started 1"
    summary = page.select(".cohort-overview svg.stack")[1]
    assert "80 % or more mastered" in words(summary.title)
    region = page.select_one(".at-risk").find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and page.find(id=region["aria-labelledby"])


def test_instructor_dashboard_is_for_staff(client, teaching):
    client.force_login(teaching["people"]["Ana"])
    assert client.get(TEACHING).status_code == 403
    assert "Teaching dashboard" not in client.get(DASHBOARD).text
    client.force_login(teaching["teacher"])
    assert "Teaching dashboard" in client.get(DASHBOARD).text


def test_instructor_dashboard_costs_no_more_with_more_learners(
    client, teaching, django_assert_max_num_queries
):
    client.force_login(teaching["teacher"])
    client.get(TEACHING)
    with django_assert_max_num_queries(20) as few:
        client.get(TEACHING)
        pinned = len(few)
    for n in range(10):
        build.enroll(build.trainee(first_name=f"Extra{n}"), teaching["room"])
    client.get(TEACHING)  # the heatmap summary is computed afresh once, then kept
    with django_assert_max_num_queries(pinned):
        client.get(TEACHING)


# --- the heatmap fits the page --------------------------------------------------------------


def test_heatmap_scrolls_in_a_labelled_region_the_keyboard_reaches(client, teaching):
    client.force_login(teaching["teacher"])
    url = reverse("assessments:report_heatmap", args=[teaching["room"].cohort.pk])

    page = soup(client.get(url))

    table = page.select_one("table.heatmap")
    region = table.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and "heatmap-scroll" in region["class"]
    heading = page.find(id=region["aria-labelledby"])
    assert heading.name == "h2" and heading.get_text().startswith("EC")


# --- on the demo ------------------------------------------------------------------------------


def test_dashboards_on_the_demo_cost_pinned_queries(client, settings, tmp_path):
    """The bilingual demo (seed_demo): the trainee's home and the instructor's dashboard in
    a fixed number of queries (the home reads each standard's progress: 2 in the demo)."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.demo import DEMO_PEOPLE
    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, stdout=StringIO())
    people = {person.role: User.objects.get(email=person.email) for person in DEMO_PEOPLE}
    costs = {}
    for role, url in ((Role.TRAINEE, DASHBOARD), (Role.INSTRUCTOR, TEACHING)):
        client.force_login(people[role])
        client.get(url)  # sessions, caches and the heatmap summary settle first
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        costs[role] = len(queries)

    # Measured on SQLite: 27 and 24 (the heatmap summary's cache fingerprint is 4 of them per
    # standard); PostgreSQL may add one for the session.
    assert costs[Role.TRAINEE] <= 28 and costs[Role.INSTRUCTOR] <= 25, costs
