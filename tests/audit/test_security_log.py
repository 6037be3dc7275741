"""The security log (issue 16): logins, failed logins, lockouts, logouts, role changes and
exports are recorded with who and from where, through the real forms; administrators read
and search it in the admin, in Spanish and English, and nobody can change it."""

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from accounts.roles import Role
from audit.models import SecurityEvent
from audit.services import record
from tests.cms.admin_forms import form_data
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Correcta-2026-segura"
Action = SecurityEvent.Action


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person():
    user = UserFactory(roles=[Role.INSTRUCTOR], email="ana@example.mx", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def administrator():
    return UserFactory(roles=[Role.ADMINISTRATOR], email="jefa@example.mx", is_staff=True)


def events(action):
    return list(SecurityEvent.objects.filter(action=action).order_by("pk"))


@pytest.mark.parametrize("url", ["/es/accounts/login/", "/admin/login/"])
def test_a_login_a_failed_login_and_a_logout_are_recorded(client, person, url):
    wrong = client.post(
        url, {"username": "ANA@example.mx", "password": "mala"}, REMOTE_ADDR="198.51.100.7"
    )
    assert wrong.status_code == 200
    (failed,) = events(Action.LOGIN_FAILED)
    assert failed.actor is None and failed.actor_label == "ANA@example.mx"
    assert failed.ip_address == "198.51.100.7"

    right = client.post(
        url, {"username": person.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert right.status_code == 302
    (login,) = events(Action.LOGIN)
    assert (login.actor, login.actor_label, login.ip_address) == (
        person,
        "ana@example.mx",
        "198.51.100.7",
    )
    assert (login.target_type, login.target_id) == ("accounts.user", str(person.pk))

    client.post("/es/accounts/logout/", REMOTE_ADDR="198.51.100.8")
    (logout,) = events(Action.LOGOUT)
    assert (logout.actor, logout.ip_address) == (person, "198.51.100.8")


def test_a_lockout_is_recorded(client, person):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": person.email, "password": f"x{n}"})
    client.post("/en/accounts/login/", {"username": person.email, "password": PASSWORD})
    assert len(events(Action.LOGIN_FAILED)) >= settings.AXES_FAILURE_LIMIT - 1
    assert events(Action.LOCKED_OUT)[0].actor_label == person.email
    assert not events(Action.LOGIN)


def test_a_role_given_in_the_user_admin_form_is_recorded_with_who_gave_it(
    client, administrator, person
):
    client.force_login(administrator)
    SecurityEvent.objects.all().delete()  # the factories' roles and the login
    url = reverse("wagtailusers_users:edit", args=[person.pk])
    data = form_data(client.get(url).content)
    evaluators = Group.objects.get(name=Role.EVALUATOR.value)
    data["groups"] = [*data.get("groups", []), str(evaluators.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert person.groups.filter(pk=evaluators.pk).exists()
    (change,) = events(Action.ROLES_CHANGED)
    assert change.actor == administrator and change.target_label == str(person)
    assert change.details == {"added": [Role.EVALUATOR.value]}


def test_removing_roles_in_code_is_recorded_too(person):
    SecurityEvent.objects.all().delete()  # the factory's
    person.groups.clear()
    (change,) = events(Action.ROLES_CHANGED)
    assert change.actor is None and change.details == {"removed": [Role.INSTRUCTOR.value]}


def test_a_csv_export_is_recorded(client, administrator):
    cohort = CohortFactory()
    client.force_login(administrator)
    response = client.get(reverse("courses:cohort", args=[cohort.pk]), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    (export,) = events(Action.EXPORT)
    assert export.actor == administrator and export.details["file"].endswith(".csv")


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError):
        record("coffee_break")


# --- the administrators' screen --------------------------------------------------------


@pytest.fixture
def log(person):
    record(Action.LOGIN_FAILED, actor_label="intruso@example.mx")
    record(Action.LOGIN, actor=person, target=person)
    old = record(Action.EXPORT, actor=person, file="heatmap-cohort-1.csv")
    old.occurred_at -= datetime.timedelta(days=40)
    old.save()


@pytest.mark.parametrize(
    ("language", "title", "label"),
    [
        ("en", "Security log", "Failed login"),
        ("es", "Registro de seguridad", "Inicio de sesión fallido"),
    ],
)
def test_administrators_search_and_filter_the_log_in_their_language(
    client, administrator, log, language, title, label
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = language
    profile.save()
    client.force_login(administrator)
    url = reverse("security_log:index")
    page = client.get(url)
    assert page.status_code == 200
    assert title in page.text and label in page.text
    assert "intruso@example.mx" in page.text and "heatmap-cohort-1.csv" not in page.text
    found = client.get(url, {"q": "intruso"})
    assert "intruso@example.mx" in found.text and "ana@example.mx" not in found.text
    logins = client.get(url, {"action": "login"})
    assert "ana@example.mx" in logins.text and "intruso@example.mx" not in logins.text
    since = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    recent = client.get(url, {"occurred_at__date__gte": since, "action": "export"})
    assert "ana@example.mx" not in recent.text
    event = SecurityEvent.objects.get(action=Action.LOGIN, actor_label="ana@example.mx")
    assert client.get(reverse("security_log:inspect", args=[event.pk])).status_code == 200


@pytest.mark.parametrize(
    ("language", "one", "many", "title"),
    [
        ("en", "1 security event", "{n} security events", "Security log"),
        ("es", "1 evento de seguridad", "{n} eventos de seguridad", "Registro de seguridad"),
    ],
)
def test_the_listing_counts_events_in_words_that_read_naturally(
    client, administrator, log, language, one, many, title
):
    from wagtail.users.models import UserProfile

    from bs4 import BeautifulSoup

    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = language
    profile.save()
    client.force_login(administrator)
    url = reverse("security_log:index")
    events = SecurityEvent.objects.count()
    assert events > 1

    def count_and_title(query):
        page = BeautifulSoup(client.get(url, query).content, "html.parser")
        count = " ".join(page.select_one(".pagination__end").get_text().split())
        return count, page.select_one("h1").get_text(strip=True)

    assert count_and_title({}) == (many.format(n=events), title)
    assert count_and_title({"q": "intruso"})[0] == one


def test_nobody_else_reads_it_and_nobody_changes_it(client, administrator, person, log):
    client.force_login(person)  # an instructor enters the admin
    assert client.get(reverse("security_log:index")).status_code in (302, 403)
    client.force_login(administrator)
    event = SecurityEvent.objects.first()
    assert client.get(reverse("security_log:add")).status_code in (302, 403)
    assert client.post(reverse("security_log:delete", args=[event.pk])).status_code in (302, 403)
    assert SecurityEvent.objects.filter(pk=event.pk).exists()
    assert reverse("security_log:index") in client.get("/admin/").text  # Reports menu
