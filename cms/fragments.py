"""Rendered parts of the public pages kept in the cache, and the content version they vary on.

A module page's outline and body and the site navigation an anonymous visitor sees are the
same for everyone who is not enrolled, until an editor changes something they show: a page
(its text, title, slug, place or publication; a neighbour's too), a criterion, element,
standard or framework (a criterion's reference and text), a quiz, an image or a document
(what blocks link to), the site. Rather than work out which fragments each change touches,
every fragment varies on one **content version**, a random token that any save or deletion
of such a row replaces (``content_changed``, wired in ``CmsConfig.ready``; criteria
renumbered in place by ``children_renumber`` are renumbered in the transaction of their
element's or standard's save). A deploy (``migrate`` runs on each) replaces it too, as new
templates or translations render differently.

The token lives in the database (``ContentVersion``, one row) and is replaced in the
transaction of the change itself: a request sees the new token exactly when it sees the new
rows, in every process, with nothing to do after the commit. A request reads it (one
primary-key read of that row, written in SQL: the ORM's compilation of it would cost ten
times the read) only when it renders a fragment, once. The fragments themselves stay in each
process's memory (the ``template_fragments`` cache, settings.base): a page costs no round
trip to a shared cache (with Redis, each cost 1–3 ms on a loaded 2-core machine).

The templates use Wagtail's ``{% wagtailcache %}`` and ``{% wagtailpagecache %}`` (Django's
``{% cache %}`` that never caches a preview) with ``content_version`` among what they vary on.
"""

from __future__ import annotations

import secrets

from django.db import connections, router
from django.http import HttpRequest

_ON_REQUEST = "_puente_content_version"
#: How long a fragment is kept: fragments of replaced versions are never read again, so this
#: only bounds how long they occupy memory (with the cache's ``MAX_ENTRIES``).
TIMEOUT = 60 * 60 * 24


def _version_model():
    from .models import ContentVersion

    return ContentVersion


def content_version(request: HttpRequest | None = None) -> str:
    """The current content version: one read, remembered on ``request``."""
    if request is not None and (known := getattr(request, _ON_REQUEST, None)):
        return known
    model = _version_model()
    connection = connections[router.db_for_read(model)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name('token')} "  # noqa: S608 - names from the model
            f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id = %s",
            [1],
        )
        row = cursor.fetchone()
    if row is None:  # the row is made by cms' migration 0007; a test may have flushed it
        version = model.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(8)})[0]
        row = (version.token,)
    if request is not None:
        setattr(request, _ON_REQUEST, row[0])
    return row[0]


def content_changed(**_signal_arguments) -> None:
    """Retire every cached fragment: a new token, written in the current transaction."""
    token = secrets.token_hex(8)
    if not _version_model().objects.filter(pk=1).update(token=token):
        _version_model().objects.update_or_create(pk=1, defaults={"token": token})


def context(request: HttpRequest) -> dict:
    """Template context processor: ``content_version``, read only when a fragment asks, and
    ``fragment_timeout``."""
    return {"content_version": lambda: content_version(request), "fragment_timeout": TIMEOUT}


def _content_types() -> tuple[type, ...]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, Site

    from assessments.models import Quiz
    from competencies.models import Criterion, Element, Framework, Standard

    return (
        Page,
        Site,
        Locale,
        Criterion,
        Element,
        Standard,
        Framework,
        Quiz,
        get_image_model(),
        get_document_model(),
    )


def connect() -> None:
    """Replace the content version whenever something a fragment shows changes."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    types = _content_types()

    def saved_or_deleted(sender, instance, **kwargs):
        if isinstance(instance, types):
            content_changed()

    def relation_changed(sender, instance, action, **kwargs):
        if action.startswith("post_") and isinstance(instance, types):
            content_changed()

    uid = "cms_fragments_content_changed"
    post_save.connect(saved_or_deleted, weak=False, dispatch_uid=f"{uid}_save")
    post_delete.connect(saved_or_deleted, weak=False, dispatch_uid=f"{uid}_delete")
    m2m_changed.connect(relation_changed, weak=False, dispatch_uid=f"{uid}_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, weak=False, dispatch_uid=uid)

    def migrated(sender, using, **kwargs):
        from django.db import connections

        if _version_model()._meta.db_table in connections[using].introspection.table_names():
            content_changed()

    post_migrate.connect(migrated, sender=apps.get_app_config("cms"), weak=False, dispatch_uid=uid)
