from django.contrib.auth.models import Group

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

import pytest

from accounts.roles import Role, user_has_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "admin_allowed"),
    [
        (Role.TRAINEE, False),
        (Role.EVALUATOR, False),
        (Role.INSTRUCTOR, True),
        (Role.ADMINISTRATOR, True),
    ],
)
def test_only_instructors_and_administrators_enter_the_admin(client, role, admin_allowed):
    client.force_login(UserFactory(roles=[role]))

    response = client.get("/admin/")

    assert (response.status_code == 200) is admin_allowed


def test_instructors_write_pages_but_do_not_publish(home_pages):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    permissions = home_pages["es"].permissions_for_user(instructor)

    assert PagePermissionPolicy().user_has_permission_for_instance(
        instructor, "add", home_pages["es"]
    )
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not instructor.has_perm("accounts.change_user")


def test_administrators_publish_and_manage_users(home_pages):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])

    assert home_pages["es"].permissions_for_user(administrator).can_publish()
    assert administrator.has_perm("accounts.change_user")


def test_trainees_hold_no_permission_at_all(home_pages):
    trainee = UserFactory(roles=[Role.TRAINEE])

    assert trainee.get_all_permissions() == set()
    assert not Page.objects.get(pk=home_pages["es"].pk).permissions_for_user(trainee).can_edit()


def test_wagtail_default_groups_are_replaced_by_puente_roles():
    assert set(Group.objects.values_list("name", flat=True)) == {role.value for role in Role}


def test_user_has_role():
    evaluator = UserFactory(roles=[Role.EVALUATOR])
    assert user_has_role(evaluator, Role.EVALUATOR)
    assert not user_has_role(evaluator, Role.INSTRUCTOR)
