"""What the audit log hears without being called: logins, failed logins and lockouts
(Django's auth signals and django-axes), logouts, and role changes (the user's groups,
however they change: the admin's user form, sign-up, a service). Each receiver only records."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed

from axes.signals import user_locked_out

from .context import current_request
from .services import Action, record


def logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, actor=user, target=user, request=request)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, actor=user, target=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username") or credentials.get("email") or "")
    record(Action.LOGIN_FAILED, actor_label=typed, request=request)


def locked_out(sender, request=None, username=None, **kwargs):
    record(Action.LOCKED_OUT, actor_label=str(username or ""), request=request)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and not reverse:  # user.groups.clear(): what it held
        pk_set = set(instance.groups.values_list("pk", flat=True))
    elif action not in ("post_add", "post_remove"):
        return
    if not pk_set:
        return
    request = current_request()
    actor = getattr(request, "user", None)
    change = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(users)
        users, groups = get_user_model().objects.filter(pk__in=pk_set), [instance]
    else:  # user.groups.add(groups)
        users, groups = [instance], Group.objects.filter(pk__in=pk_set)
    names = sorted(group.name for group in groups)
    for user in users:
        record(Action.ROLES_CHANGED, actor=actor, target=user, request=request, **{change: names})


def connect() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit_locked_out")
    m2m_changed.connect(
        groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit_groups"
    )
