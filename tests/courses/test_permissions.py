"""Who follows a cohort is stated once: the reports' list, the grid's check and the admin agree."""

from django.contrib.auth.models import AnonymousUser

import pytest

from accounts.roles import Role, user_enters_admin
from courses.permissions import cohort_visible_to
from courses.selectors import cohorts_taught
from courses.viewsets import CohortPolicy
from tests.factories.accounts import UserFactory
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db


def test_every_reader_of_cohort_visibility_agrees():
    cohort, other = CohortFactory(), CohortFactory()
    teacher = UserFactory(roles=[Role.INSTRUCTOR])
    cohort.instructors.add(teacher)
    lead = UserFactory(roles=[Role.INSTRUCTOR])
    cohort.course.lead_instructors.add(lead)
    people = {
        "administrator": (UserFactory(roles=[Role.ADMINISTRATOR]), {cohort, other}),
        "lead": (lead, {cohort}),
        "teacher": (teacher, {cohort}),
        "other instructor": (UserFactory(roles=[Role.INSTRUCTOR]), set()),
        "trainee": (UserFactory(), set()),
    }
    policy = CohortPolicy(model=cohort.__class__)
    for name, (user, expected) in people.items():
        assert set(cohorts_taught(user=user)) == expected, name
        for each in (cohort, other):
            visible = each in expected
            assert cohort_visible_to(user=user, cohort=each) is visible, name
            assert policy.user_has_permission_for_instance(user, "view", each) is visible, name
    assert not cohort_visible_to(user=AnonymousUser(), cohort=cohort)


@pytest.mark.parametrize(
    ("roles", "enters"),
    [
        ([Role.TRAINEE], False),
        ([Role.EVALUATOR], False),
        ([Role.INSTRUCTOR], True),
        ([Role.ADMINISTRATOR], True),
    ],
)
def test_instructors_and_administrators_are_the_staff(roles, enters):
    assert user_enters_admin(UserFactory(roles=roles)) is enters
