"""Writes for accounts: creating users and changing their profile."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from . import tasks
from .models import PrivacyConsent, User
from .notifications import absolute_url, user_notify
from .privacy_notice import CURRENT_VERSION, NoticeVersion
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
def user_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    preferred_language: str = settings.LANGUAGE_CODE,
    curp: str = "",
    privacy_notice: NoticeVersion = CURRENT_VERSION,
) -> User | None:
    """A visitor signs up as a trainee. When the address already has an account nothing is
    created and its owner is told by e-mail; otherwise the account is created and its owner
    welcomed by e-mail (a task, recorded with the sign-up). The sign-up screen answers both the
    same way, so it never says whether an address has an account. The new account records its
    consent to ``privacy_notice``, the version the visitor accepted on the form. Returns the new
    user, or ``None``."""
    email = User.objects.normalize_email(email).lower()
    owner = User.objects.filter(email__iexact=email).first()
    created = None
    if owner is None:
        owner = created = user_create(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            preferred_language=preferred_language,
            curp=curp,
        )
        consent_record(user=owner, occasion=PrivacyConsent.Occasion.SIGN_UP, version=privacy_notice)
    tasks.sign_up_email.enqueue(owner.pk, created is not None)  # an outbox row, in this transaction
    return created


def sign_up_notify(*, owner: User, new_account: bool) -> None:
    """Welcome the owner of a new account, or tell the owner of an existing one that someone
    signed up with their address (with the links to log in or reset the password)."""
    user_notify(
        user=owner,
        template="accounts/email/signup_welcome"
        if new_account
        else "accounts/email/signup_existing",
        context=lambda: {
            "user": owner,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


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


def consent_record(
    *, user: User, occasion: str, version: NoticeVersion = CURRENT_VERSION
) -> PrivacyConsent:
    """``user`` accepted ``version`` of the privacy notice (recorded once per version)."""
    consent, _created = PrivacyConsent.objects.get_or_create(
        user=user, version=version.code, defaults={"occasion": occasion}
    )
    return consent


def consent_is_current(user: User) -> bool:
    """Whether ``user`` accepted the notice in force."""
    return PrivacyConsent.objects.filter(user=user, version=CURRENT_VERSION.code).exists()
