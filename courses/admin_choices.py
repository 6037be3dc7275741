"""A Wagtail admin form choosing a module (a quiz's) lists its choices (``AUTO-CAL-101 #2``,
naming the course) in one query; registered from ``CoursesConfig.ready``."""

from django.db.models import ForeignKey

from wagtail.admin.forms.models import register_form_field_override

from .models import Module


def register() -> None:
    register_form_field_override(
        ForeignKey, to=Module, override={"queryset": Module.objects.select_related("course")}
    )
