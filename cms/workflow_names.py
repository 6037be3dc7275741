"""The editorial workflow's names, shown in the language of each screen.

Migrations name Wagtail's workflows and tasks in English (``cms 0004``: "Review and publish";
Wagtail's own: "Moderators approval"), and Wagtail shows ``workflow.name`` and ``task.name`` as
stored: a Spanish editor read "Enviar a Review and publish". A name listed here stays stored
in that source form and is read as a ``TranslatedName``: equal to the source text (lookups,
sorting, saving), shown in the language active where it is rendered (menus, status panels,
histories, filters, notification e-mails). A name an administrator types is shown as typed.
Saving a form that showed the translation stores the source form again.
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from wagtail.models import Task, Workflow
from wagtail.workflows import get_task_types

NAMES = {
    "Moderators approval": _("Moderators approval"),
    "Review and publish": _("Review and publish"),
    "Review by an administrator": _("Review by an administrator"),
}


class TranslatedName(str):
    """A stored name that compares as its source text and prints in the active language."""

    def __str__(self):
        return str(NAMES[str.__str__(self)])

    def __format__(self, spec):
        return format(str(self), spec)


def source_form(name: str) -> str:
    """The stored form of a name: one of ``NAMES`` from its text in any language, else as is."""
    for source, translated in NAMES.items():
        for code, _language in settings.LANGUAGES:
            with override(code):
                if name == str(translated):
                    return source
    return name


def read_translated(sender, instance, **kwargs):
    name = instance.__dict__.get("name")  # absent when deferred: nothing to translate
    if isinstance(name, str) and name in NAMES:
        instance.name = TranslatedName(name)


def store_source(sender, instance, **kwargs):
    if isinstance(instance.name, TranslatedName):
        instance.name = str.__str__(instance.name)
    else:
        instance.name = source_form(instance.name)


def connect():
    for model in {Workflow, Task, *get_task_types()}:
        uid = model._meta.label
        post_init.connect(read_translated, sender=model, dispatch_uid=f"translated-name-{uid}")
        pre_save.connect(store_source, sender=model, dispatch_uid=f"source-name-{uid}")
