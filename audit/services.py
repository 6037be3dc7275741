"""Record a security event: the one write of the audit log.

``record(SecurityEvent.Action.EXPORT, actor=request.user, target=cohort, request=request,
export="cohort_csv")``: ``details`` are stored as JSON (plain values only). The client
address comes from ``request`` (as the trusted proxies give it, ``accounts.network``) or,
inside a request, from the request the middleware keeps; nothing else is read from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from accounts.models import User
from accounts.network import client_address

from .context import current_request
from .models import SecurityEvent

Action = SecurityEvent.Action


def _label(value: Any) -> str:
    return str(value)[:255]


def _actor_label(actor: User | None) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return actor.email


def record(
    action: Action | str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    target: models.Model | None = None,
    request=None,
    **details: Any,
) -> SecurityEvent:
    """Write one event. ``actor`` is who acted (``None`` for the system or an unknown
    visitor, then ``actor_label`` says what they typed); ``target`` is what it was about."""
    action = Action(action)  # an unknown action is a programming error: ValueError
    request = request if request is not None else current_request()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = SecurityEvent(
        action=action,
        actor=actor,
        actor_label=(actor_label or _actor_label(actor))[:254],
        ip_address=client_address(request) if request is not None else None,
        details=details,
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_label = _label(target)
    event.save()
    return event


def record_many(
    action: Action | str, *, actor: User | None = None, targets: list[tuple[models.Model, dict]]
) -> list[SecurityEvent]:
    """``record`` for many targets of one action by one actor, in one INSERT (bulk
    issuance): each entry is ``(target, details)``; outside a request, no client address."""
    action = Action(action)
    request = current_request()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    label = _actor_label(actor)[:254]
    address = client_address(request) if request is not None else None
    return SecurityEvent.objects.bulk_create(
        SecurityEvent(
            action=action,
            actor=actor,
            actor_label=label,
            ip_address=address,
            details=details,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_label=_label(target),
        )
        for target, details in targets
    )


def security_log_pseudonymise(
    *,
    user: User,
    email: str,
    name: str = "",
    label: str,
    kept: Iterable[models.Model] = (),
) -> int:
    """Take ``user``'s e-mail (``email``, as it was) and ``name`` out of the security log,
    keeping every entry: what happened, when and from which address stays for security; who it
    was becomes ``label`` (the erased account's anonymous label). Rewritten: entries they made,
    entries about them, failed logins typing their e-mail (in any case), and entries about the
    ``kept`` objects (their certificates), whose labels carried their name. Returns how many
    entries were rewritten."""
    email, name = email.strip(), name.strip()
    about = models.Q(actor=user) | models.Q(
        target_type=user._meta.label_lower, target_id=str(user.pk)
    )
    if email:
        about |= models.Q(actor_label__iexact=email)
    for obj in kept:
        about |= models.Q(target_type=obj._meta.label_lower, target_id=str(obj.pk))
    events = list(SecurityEvent.objects.select_for_update().filter(about))
    for event in events:
        if event.actor_id == user.pk or event.actor_label.lower() == email.lower():
            event.actor_label = label
        if event.target_type == user._meta.label_lower and event.target_id == str(user.pk):
            event.target_label = label
        elif name:
            event.target_label = _label(event.target_label.replace(name, label))
        event.details = _without(event.details, email, label)
    SecurityEvent.objects.bulk_update(events, ["actor_label", "target_label", "details"])
    return len(events)


def _without(value: Any, email: str, label: str) -> Any:
    """``value`` (an entry's details) with every text holding ``email`` replaced by ``label``."""
    if isinstance(value, dict):
        return {key: _without(item, email, label) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, email, label) for item in value]
    if isinstance(value, str) and email and email.lower() in value.lower():
        return label
    return value
