"""Every URL of the project, asked as every role with GET and POST, answers as
``cms.access`` declares (issue 16); a URL no rule names fails."""

import pytest

from accounts.roles import Role
from cms.access import ROLES, rule_for
from tests.factories import UserFactory

from .url_walk import outcome, url_patterns

pytestmark = pytest.mark.django_db

USERS = {
    "trainee": {"roles": [Role.TRAINEE]},
    "instructor": {"roles": [Role.INSTRUCTOR], "is_staff": True},
    "evaluator": {"roles": [Role.EVALUATOR]},
    "administrator": {"roles": [Role.ADMINISTRATOR], "is_staff": True},
}


def test_every_url_is_in_the_table():
    unclassified = sorted({name for name, _path in url_patterns() if rule_for(name) is None})
    assert unclassified == []


def test_every_url_answers_every_role_as_the_table_says(client_factory, settings):
    settings.AXES_ENABLED = False  # a refused POST to a login form is not a wrong password
    people = {role: UserFactory(**kwargs) for role, kwargs in USERS.items()}
    clients = {}
    for role in ROLES:
        clients[role] = client_factory()
        if role in people:
            clients[role].force_login(people[role])
    differences = []
    for name, path in url_patterns():
        rule = rule_for(name)
        has_arguments = "999999" in path or "/x" in path
        for verb in ("get", "post"):
            expected = getattr(rule, verb)
            for role, want in zip(ROLES, expected, strict=True):
                client = clients[role]
                got = outcome(getattr(client, verb)(path))
                if role in people and "_auth_user_id" not in client.session:
                    client.force_login(people[role])  # a logout URL logged them out
                if got in (want, "M") or (want == "A" and got == "R" and has_arguments):
                    continue
                differences.append(f"{verb.upper()} {path} ({name}) as {role}: {got}, not {want}")
    assert differences == [], "\n".join(differences)


@pytest.fixture
def client_factory():
    from django.test import Client

    return lambda: Client(raise_request_exception=False)
