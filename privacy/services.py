"""Writes for learners' data rights: consent, ARCO requests and erasure."""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from assessments.models import Attempt
from assessments.services.erasure import evidence_personal_data_erase
from audit.services import Action, record, security_log_pseudonymise
from certificates.selectors import certificates_of
from courses.models import Enrollment

from . import tasks
from .models import DataRightsRequest, DataRightsRequestEvent

#: The domain of the e-mail address an erased account keeps (``.invalid`` is reserved: no mail
#: can ever reach it, RFC 2606).
ERASED_EMAIL_DOMAIN = "erased.invalid"


class RequestRefused(Exception):
    """A request that cannot be filed or handled, with the reason to show."""


@transaction.atomic
def data_rights_request_create(*, user, kind: str, details: str = "") -> DataRightsRequest:
    """``user`` files an ARCO request; refused while one of the same kind is still open."""
    if DataRightsRequest.objects.filter(
        user=user, kind=kind, status__in=DataRightsRequest.OPEN_STATUSES
    ).exists():
        raise RequestRefused(kind)
    request = DataRightsRequest.objects.create(user=user, kind=kind, details=details.strip())
    DataRightsRequestEvent.objects.create(
        request=request,
        action=DataRightsRequestEvent.Action.RECEIVED,
        actor=user,
        status=request.status,
    )
    record(Action.ARCO_REQUEST, actor=user, target=request, kind=kind)
    return request


def _require_administrator(actor) -> None:
    if not (actor and actor.is_active and actor.has_perm("privacy.change_datarightsrequest")):
        raise PermissionDenied


@transaction.atomic
def data_rights_request_update(
    *, request: DataRightsRequest, actor, status: str, note: str = ""
) -> DataRightsRequest:
    """An administrator moves a request to ``status`` and/or notes what was done; logged. A
    new status is e-mailed to the requester, in their language (a task, recorded with it)."""
    _require_administrator(actor)
    request = DataRightsRequest.objects.select_for_update().get(pk=request.pk)
    note = note.strip()
    if status != request.status:
        request.status = status
        request.closed_at = None if request.is_open else timezone.now()
        request.save(update_fields=["status", "closed_at"])
        if not user_is_erased(request.user):
            tasks.data_rights_request_status_email.enqueue(request.pk)  # outbox, this transaction
        DataRightsRequestEvent.objects.create(
            request=request,
            action=DataRightsRequestEvent.Action.STATUS,
            status=status,
            note=note,
            actor=actor,
        )
    elif note:
        DataRightsRequestEvent.objects.create(
            request=request, action=DataRightsRequestEvent.Action.NOTE, note=note, actor=actor
        )
    return request


def user_is_erased(user) -> bool:
    return user.email.endswith("@" + ERASED_EMAIL_DOMAIN)


@transaction.atomic
def user_erase(*, user, actor, request: DataRightsRequest | None = None, note: str = ""):
    """Erase ``user``'s personal data (LFPDPPP cancellation), by an administrator.

    Deleted: their enrolments with module progress and reflections, their quiz attempts with
    every answer, their evidence photos and the evaluators' notes about them, their Wagtail
    profile (avatar). Anonymised: the account itself (name, e-mail, CURP emptied; no password;
    inactive; no role), which stays as an anonymous row for what must be kept.

    Kept, pointing at the anonymous account: issued certificates with the printed name, code,
    achievement and dates (what anyone holding the certificate needs to verify it; the PDF
    stays so the holder's copy can be checked), the judgements and evaluation plans they rest
    on, the evidence without photos or notes, consents and ARCO requests (proof that the
    request was handled). The request, when given, is closed as done and the erasure logged.
    """
    _require_administrator(actor)
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk:
        raise PermissionDenied
    Enrollment.objects.filter(user=user).delete()
    Attempt.objects.filter(user=user).delete()
    evidence_personal_data_erase(candidate=user)
    _delete_wagtail_profile(user)
    user.groups.clear()
    user.user_permissions.clear()
    email, name = user.email, user.printed_name
    user.first_name = ""
    user.last_name = ""
    user.curp = ""
    user.email = f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every session it had
    # The emptied names would fail full_clean (they are required for real people).
    user.save()
    if request is not None:
        request = DataRightsRequest.objects.select_for_update().get(pk=request.pk)
        request.status = DataRightsRequest.Status.DONE
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        DataRightsRequestEvent.objects.create(
            request=request,
            action=DataRightsRequestEvent.Action.ERASED,
            status=request.status,
            note=note.strip(),
            actor=actor,
        )
    # The security log keeps their entries (security needs them) naming the anonymous account.
    security_log_pseudonymise(
        user=user,
        email=email,
        name=name,
        label=user.email,
        kept=certificates_of(user),
    )
    # Logged once the account is anonymous, so this entry names no one.
    record(
        Action.ERASURE,
        actor=actor,
        target=user,
        data_rights_request=request.pk if request is not None else None,
    )
    return user


def _delete_wagtail_profile(user) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
