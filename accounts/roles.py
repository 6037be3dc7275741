"""The four roles of Puente, as Django groups, and the permissions each one holds.

Groups are created by a data migration (``accounts/migrations/0002_roles``); apps that add
models grant their permissions to roles in their own data migrations with ``grant``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRAINEE = "Trainees", _("Trainee")
    INSTRUCTOR = "Instructors", _("Instructor")
    EVALUATOR = "Evaluators", _("Evaluator")
    ADMINISTRATOR = "Administrators", _("Administrator")


def role_names(user) -> frozenset[str]:
    """The names of the user's role groups, read once per user object (one query)."""
    names = getattr(user, "_puente_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._puente_role_names = names
    return names


#: The staff roles: they work in the Wagtail admin (their roles hold
#: ``wagtailadmin.access_admin``), grade essays, read cohort reports and coverage.
STAFF_ROLES = (Role.INSTRUCTOR, Role.ADMINISTRATOR)


def user_has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role.value in role_names(user)


def user_has_any_role(user, roles) -> bool:
    return any(user_has_role(user, role) for role in roles)


def user_enters_admin(user) -> bool:
    """An instructor or an administrator (``STAFF_ROLES``); answered from the role names,
    without loading every permission the user has."""
    return user_has_any_role(user, STAFF_ROLES)


def grant(apps, role: Role | str, permissions: list[str]) -> None:
    """Give ``app_label.codename`` permissions to a role; for use in data migrations."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=str(getattr(role, "value", role)))
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
