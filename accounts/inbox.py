"""The in-app inbox: notifications written beside the e-mails, their unread count, reading.

Writes (``notification_create``, ``notification_read``, ``notifications_read_all``) and
reads (``notifications_of``, ``unread_count``, ``notified_subjects``) in one module: the
inbox is one small role of ``accounts``. The unread count shown in every page's header is
cached per person and forgotten whenever their inbox changes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from .models import Notification

UNREAD_CACHE_SECONDS = 24 * 3600  # every change to an inbox forgets its count anyway


def _unread_key(user_id: int) -> str:
    return f"puente:inbox-unread:{user_id}"


def notification_create(
    *, user, kind: str, subject: str, render: Callable[[], tuple[str, str]]
) -> Notification:
    """Put a notification in ``user``'s inbox, once per ``kind`` and ``subject``.

    ``render`` gives ``(text, link)`` and is called once per site language, with that
    language active (so translated titles and language-prefixed links come out right)."""
    texts, links = {}, {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code], links[code] = render()
    with transaction.atomic():
        notification, _created = Notification.objects.get_or_create(
            user=user, kind=kind, subject=subject, defaults={"texts": texts, "links": links}
        )
    transaction.on_commit(lambda: cache.delete(_unread_key(user.pk)))
    return notification


def notified_subjects(*, kind: str, subjects: list[str]) -> set[str]:
    """Which of ``subjects`` already have a notification of ``kind`` (one query): what a
    retried batch of notices must not send again."""
    if not subjects:
        return set()
    return set(
        Notification.objects.filter(kind=kind, subject__in=subjects).values_list(
            "subject", flat=True
        )
    )


def notification_read(*, user, pk: int) -> Notification | None:
    """Mark one of ``user``'s notifications read; ``None`` when it is not theirs."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        cache.delete(_unread_key(user.pk))
    return notification


def notifications_read_all(*, user) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    cache.delete(_unread_key(user.pk))
    return count


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    """How many of ``user``'s notifications are unread (cached: no query on most pages)."""
    if not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count


def unread_count_on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: count the unread notifications ahead of the first page."""
    cache.delete(_unread_key(user.pk))
    unread_count(user=user)
