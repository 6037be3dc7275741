"""Writes for accounts: creating users and changing their profile."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role
from .validators import normalize_curp


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    preferred_language: str = settings.LANGUAGE_CODE,
    curp: str = "",
    roles: tuple[Role, ...] = (Role.TRAINEE,),
) -> User:
    user = User(
        email=User.objects.normalize_email(email).lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        preferred_language=preferred_language,
        curp=normalize_curp(curp),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    return user


@transaction.atomic
def user_update_profile(
    *, user: User, first_name: str, last_name: str, preferred_language: str, curp: str = ""
) -> User:
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.preferred_language = preferred_language
    user.curp = normalize_curp(curp)
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "preferred_language", "curp"])
    return user
