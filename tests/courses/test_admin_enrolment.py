"""A cohort's trainees in the admin: enrol one, withdraw, move, resend the invitation."""

import io
import re

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.models import User
from accounts.roles import Role
from courses.models import Enrollment, ModuleProgress
from tests.cms.demo_pages import demo_cohort
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory, CourseFactory, EnrollmentFactory

from .conftest import assert_denied
from .html_forms import form_fields, messages_of, options

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CURP = "GOMC850312MJCRRR00"  # a valid CURP (format and check digit)


@pytest.fixture
def room(log_in):
    course = CourseFactory(
        title_es="Bloqueo y etiquetado", title_en="Lockout tagout", is_open=False
    )
    lead = UserFactory(roles=[Role.INSTRUCTOR], preferred_language="en")
    course.lead_instructors.add(lead)
    cohort = CohortFactory(course=course, name="Turno A")
    client = log_in(lead)
    return {"course": course, "cohort": cohort, "lead": lead, "client": client}


def _submit(client, url, changes, action=None):
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content, action=action)
    data.update({key: [value] for key, value in changes.items()})
    return client.post(url, data, follow=True)


def test_enrolling_a_new_person_creates_the_account_and_invites_them_in_their_language(
    room, django_capture_on_commit_callbacks
):
    client, cohort = room["client"], room["cohort"]
    url = f"/admin/cohorts/{cohort.pk}/trainees/enrol/"
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(
            client,
            url,
            {
                "email": "Carmen.Gomez@Example.mx",
                "first_name": "María del Carmen",
                "last_name": "Gómez Ruiz",
                "curp": CURP.lower(),
                "preferred_language": "es",
            },
        )
    assert b"now has an account and is enrolled" in response.content
    user = User.objects.get(email="carmen.gomez@example.mx")
    assert (user.printed_name, user.curp, user.preferred_language) == (
        "María del Carmen Gómez Ruiz",
        CURP,
        "es",
    )
    assert user.groups.filter(name=Role.TRAINEE.value).exists()
    assert Enrollment.objects.get(user=user).cohort == cohort
    assert b"Carmen" in client.get(f"/admin/cohorts/{cohort.pk}/trainees/").content

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "Bloqueo y etiquetado" in message.subject  # Spanish: her language
    assert "Elige tu contraseña aquí" in message.body
    link = re.search(r"http://testserver(/es/accounts/password-reset/[^\s]+)", message.body)[1]

    # The link lets her choose a password, then log in.
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    chosen = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": "Bloqueo-2026-seguro", "new_password2": "Bloqueo-2026-seguro"},
    )
    assert chosen.status_code == 302
    logged_in = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "Bloqueo-2026-seguro"}
    )
    assert logged_in.status_code == 302


def test_enrolling_someone_with_an_account_by_email_only(room, django_capture_on_commit_callbacks):
    existing = UserFactory(email="luis@example.mx", preferred_language="en", first_name="Luis")
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(
            room["client"],
            f"/admin/cohorts/{room['cohort'].pk}/trainees/enrol/",
            {"email": "LUIS@example.mx"},
        )
    assert b"is enrolled in this cohort" in response.content
    assert Enrollment.objects.get(user=existing).cohort == room["cohort"]
    (message,) = mail.outbox
    assert "Lockout tagout" in message.subject  # English: his language
    assert "password-reset" not in message.body  # he already has a password


def test_a_new_person_without_names_or_with_a_bad_curp_is_refused_on_the_form(room):
    response = _submit(
        room["client"],
        f"/admin/cohorts/{room['cohort'].pk}/trainees/enrol/",
        {"email": "nadie@example.mx", "curp": "GOMC850312MJCRRR01"},
    )
    errors = " ".join(messages_of(response.content))
    assert "check digit" in errors
    assert not User.objects.filter(email="nadie@example.mx").exists()
    assert Enrollment.objects.count() == 0


def test_withdrawing_asks_first_and_keeps_the_record(room, tree):
    cohort = room["cohort"]
    enrollment = EnrollmentFactory(cohort=cohort, user__first_name="Ana")
    module = tree["course"].modules.first()
    module.course = cohort.course
    module.save()
    ModuleProgress.objects.create(enrollment=enrollment, module=module)
    client = room["client"]
    url = f"/admin/cohorts/{cohort.pk}/trainees/{enrollment.pk}/withdraw/"
    confirm = client.get(url)
    assert b"Nothing is deleted" in confirm.content
    assert Enrollment.objects.get(pk=enrollment.pk).cohort == cohort  # asking changes nothing

    response = client.post(url, form_fields(confirm.content), follow=True)
    assert b"left the cohort" in response.content
    enrollment.refresh_from_db()
    assert enrollment.withdrawn_at is not None and enrollment.cohort is None
    assert ModuleProgress.objects.filter(enrollment=enrollment).exists()
    assert b"Ana" not in client.get(f"/admin/cohorts/{cohort.pk}/trainees/").content


def test_moving_to_another_cohort_of_the_course(room):
    cohort = room["cohort"]
    other = CohortFactory(course=room["course"], name="Turno B")
    elsewhere = CohortFactory(name="Otro curso")
    enrollment = EnrollmentFactory(cohort=cohort)
    url = f"/admin/cohorts/{cohort.pk}/trainees/{enrollment.pk}/move/"
    page = room["client"].get(url)
    choices = options(page.content, "cohort")
    assert str(other.pk) in choices.values()
    assert str(elsewhere.pk) not in choices.values()  # same course only
    response = _submit(room["client"], url, {"cohort": str(other.pk)})
    assert "moved to the cohort “Turno B”" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.cohort == other


def test_the_trainees_list_searches_by_name_or_email(room):
    EnrollmentFactory(cohort=room["cohort"], user__first_name="Zoila", user__email="z@x.mx")
    EnrollmentFactory(cohort=room["cohort"], user__first_name="Bruno", user__email="b@x.mx")
    url = f"/admin/cohorts/{room['cohort'].pk}/trainees/"
    page = room["client"].get(url, {"q": "zoila"})
    assert b"z@x.mx" in page.content and b"b@x.mx" not in page.content


def test_resending_an_invitation(room, django_capture_on_commit_callbacks):
    enrollment = EnrollmentFactory(cohort=room["cohort"])
    url = f"/admin/cohorts/{room['cohort'].pk}/trainees/"
    page = room["client"].get(url)
    invite = f"/admin/cohorts/{room['cohort'].pk}/trainees/{enrollment.pk}/invite/"
    with django_capture_on_commit_callbacks(execute=True):
        response = room["client"].post(invite, form_fields(page.content, action=invite))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [enrollment.user.email] and "password-reset" in message.body


def test_another_courses_instructor_is_refused_every_trainee_action(client, log_in, room):
    enrollment = EnrollmentFactory(cohort=room["cohort"])
    outsider = UserFactory(roles=[Role.INSTRUCTOR])
    CohortFactory().instructors.add(outsider)  # teaches elsewhere
    log_in(outsider)
    base = f"/admin/cohorts/{room['cohort'].pk}/trainees/"
    for url in ("", "enrol/", "import/", f"{enrollment.pk}/move/", f"{enrollment.pk}/withdraw/"):
        assert_denied(client.get(base + url))
    assert_denied(client.post(base + f"{enrollment.pk}/withdraw/"))
    enrollment.refresh_from_db()
    assert enrollment.withdrawn_at is None


@override_settings(DEBUG=False)
def test_the_trainee_list_of_a_grown_cohort_pages_with_its_search(log_in):
    """The demo cohort grown to 120 learners: Wagtail's own pager, the 51st trainee on page 2,
    the page links keep the search, and a page costs the same queries as with 5 learners."""
    call_command("seed_demo", force=True, stdout=io.StringIO())

    def grow(learners: int) -> None:
        call_command("grow_demo", learners=learners, force=True, stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip

    grow(5)
    cohort = demo_cohort()
    client = log_in(User.objects.get(email="instructor@puente.example"))
    url = f"/admin/cohorts/{cohort.pk}/trainees/"
    search = {"q": "grow.puente"}

    def page(**params) -> tuple[int, str]:
        client.get(url, {**search, **params})
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {**search, **params})
        assert response.status_code == 200
        return len(captured), re.sub(r"\s+", " ", response.content.decode())

    small, _ = page()
    grow(120)
    large, first = page()
    queries, second = page(p=2)
    assert large == small == queries
    trainees = list(
        Enrollment.objects.active()
        .filter(cohort=cohort, user__email__contains="grow.puente")
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("user__email", flat=True)
    )
    assert len(trainees) == 120 and "120 trainees" in first
    # the count under the pager names the rows as the heading does, not by the model's name
    assert 'class="pagination__end"> 120 trainees </div>' in first
    assert "enrollments" not in first
    assert f"<small>{trainees[49]}</small>" in first and trainees[50] not in first
    assert f"<small>{trainees[50]}</small>" in second and trainees[49] not in second
    assert "Page 1 of 3" in first and "Page 2 of 3" in second
    assert 'href="?q=grow.puente&amp;p=2" aria-current="page"' in second
    assert 'href="?q=grow.puente&amp;p=3"' in second and 'href="?q=grow.puente&amp;p=1"' in second
