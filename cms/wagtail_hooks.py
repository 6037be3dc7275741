"""Wagtail wiring for the learning pages: the domain sync on publish and the parity report.

The receivers only translate a page into plain arguments and call ``courses.services``.
"""

from django.dispatch import receiver
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.signals import page_published

from courses import services as course_services

from .background_work import BackgroundWorkView, background_work_permitted
from .models import CoursePage, ModulePage
from .reports import TranslationParityReportView
from .translation_review import handle_translation_review


@receiver(page_published, sender=CoursePage, dispatch_uid="cms_course_page_published")
def course_page_published(sender, instance: CoursePage, **kwargs):
    course_services.course_page_sync(course=instance.course, page_key=instance.translation_key)


@receiver(page_published, sender=ModulePage, dispatch_uid="cms_module_page_published")
def module_page_published(sender, instance: ModulePage, **kwargs):
    parent = CoursePage.objects.filter(path=instance.path[: -instance.steplen]).first()
    if parent is None:
        return
    course_services.module_sync(
        course=parent.course,
        key=instance.translation_key,
        position=ModulePage.objects.sibling_of(instance).filter(path__lt=instance.path).count(),
        is_required=instance.is_required,
        criteria=instance.criteria.all(),
    )


# Before wagtail-localize's own hook (order 0), which would otherwise answer the POST.
hooks.register("before_edit_page", handle_translation_review, order=-1)


@hooks.register("register_admin_urls")
def register_translation_parity_urls():
    view = TranslationParityReportView
    return [
        path("reports/translation-parity/", view.as_view(), name="cms_translation_parity"),
        path(
            "reports/translation-parity/results/",
            view.as_view(results_only=True),
            name="cms_translation_parity_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_translation_parity_menu_item():
    return AdminOnlyMenuItem(
        _("Translation parity"),
        reverse("cms_translation_parity"),
        name="translation-parity",
        icon_name="globe",
        order=900,
    )


class BackgroundWorkMenuItem(MenuItem):
    def is_shown(self, request):
        return background_work_permitted(request.user)


@hooks.register("register_admin_urls")
def register_background_work_urls():
    return [path("background-work/", BackgroundWorkView.as_view(), name="cms_background_work")]


@hooks.register("register_settings_menu_item")
def register_background_work_menu_item():
    return BackgroundWorkMenuItem(
        _("Background work"),
        reverse("cms_background_work"),
        name="background-work",
        icon_name="cogs",
        order=900,
    )
