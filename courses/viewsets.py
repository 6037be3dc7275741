"""Courses and cohorts in the Wagtail admin: Wagtail's listing, search, filters and forms,
with Puente's permission rules (``courses.permissions``) and writes through ``services``.

* **Courses** (administrators): identity, bilingual titles, target standards, the grading
  team (lead instructors), open for self-enrolment.
* **Cohorts** (administrators; a course's lead instructors for its cohorts; a cohort's
  instructors see it and manage its trainees): dates, instructors, evaluators, and a
  "Trainees" screen (``admin_views``) to enrol, import, move and withdraw.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import BasePermissionPolicy

from accounts.roles import Role
from competencies.panels import translated_row
from competencies.translation import columns

from . import admin_views, services
from .models import Cohort, Course
from .permissions import (
    can_manage_cohorts_of,
    cohort_visible_to,
    cohorts_for_staff,
    courses_led_by,
    is_administrator,
    leads_any_course,
    teaches_any_cohort,
    users_with_role,
)

# Permission policies -----------------------------------------------------------------


class CoursePolicy(BasePermissionPolicy):
    """Administrators only."""

    def user_has_permission(self, user, action):
        return is_administrator(user)

    def user_has_any_permission(self, user, actions):
        return is_administrator(user)

    def users_with_any_permission(self, actions):
        return users_with_role(Role.ADMINISTRATOR)


class CohortPolicy(BasePermissionPolicy):
    """Administrators: every cohort. Lead instructors: their courses' cohorts. A cohort's
    instructors: view it (and manage its trainees, on the trainees screen)."""

    def user_has_permission(self, user, action):
        if is_administrator(user):
            return True
        if action in ("add", "change", "delete"):
            return leads_any_course(user)
        return leads_any_course(user) or teaches_any_cohort(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("add", "change", "delete"):
            return can_manage_cohorts_of(user, instance.course)
        return cohort_visible_to(user=user, cohort=instance)

    def instances_user_has_permission_for(self, user, action):
        if action in ("add", "change", "delete"):
            return Cohort.objects.filter(course__in=courses_led_by(user))
        return cohorts_for_staff(user)

    def users_with_any_permission(self, actions):
        return users_with_role(Role.ADMINISTRATOR)


# Forms -------------------------------------------------------------------------------


def _staff_field(form, name: str, role: Role) -> None:
    field = form.fields.get(name)
    if field is not None:
        field.queryset = users_with_role(role).order_by("last_name", "first_name")
        field.label_from_instance = lambda user: f"{user.printed_name} <{user.email}>"


class CourseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "lead_instructors", Role.INSTRUCTOR)

    def clean(self):
        cleaned = super().clean()
        problems = services.staff_problems(leads=cleaned.get("lead_instructors") or ())
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned

    class Meta:
        widgets = {
            "target_standards": forms.CheckboxSelectMultiple,
            "lead_instructors": forms.CheckboxSelectMultiple,
        }


class CohortForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _staff_field(self, "instructors", Role.INSTRUCTOR)
        _staff_field(self, "evaluators", Role.EVALUATOR)
        if self.for_user is not None:
            self.fields["course"].queryset = courses_led_by(self.for_user)

    def clean(self):
        cleaned = super().clean()
        problems = services.staff_problems(
            instructors=cleaned.get("instructors") or (),
            evaluators=cleaned.get("evaluators") or (),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned

    class Meta:
        widgets = {
            "instructors": forms.CheckboxSelectMultiple,
            "evaluators": forms.CheckboxSelectMultiple,
        }


# Views -------------------------------------------------------------------------------


class ServiceSaveMixin:
    """Create and edit views that save through a service (which checks the actor and logs)
    and show its refusals on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CourseSaveMixin(ServiceSaveMixin):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.course_save(
            course=self.form.instance,
            actor=self.request.user,
            target_standards=data.get("target_standards") or (),
            lead_instructors=data.get("lead_instructors") or (),
        )


class CourseCreateView(CourseSaveMixin, generic.CreateView):
    pass


class CourseEditView(CourseSaveMixin, generic.EditView):
    pass


class CohortObjectMixin:
    """Per-cohort check: Wagtail checks the model-level permission only."""

    instance_permission = "change"

    def get_object(self, queryset=None):
        cohort = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_permission, cohort
        ):
            raise PermissionDenied
        return cohort


class CohortSaveMixin(ServiceSaveMixin):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.cohort_save(
            cohort=self.form.instance,
            actor=self.request.user,
            instructors=data.get("instructors") or (),
            evaluators=data.get("evaluators") or (),
        )


class CohortCreateView(CohortSaveMixin, generic.CreateView):
    pass


class CohortEditView(CohortObjectMixin, CohortSaveMixin, generic.EditView):
    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Trainees"),
                url=reverse("cohorts:learners", args=[self.object.pk]),
                icon_name="group",
            )
        ]


class CohortDeleteView(CohortObjectMixin, generic.DeleteView):
    instance_permission = "delete"
    template_name = "courses/admin/cohort_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["trainees"] = self.object.enrollments.count()
        return context

    def delete_action(self):
        self.detached = services.cohort_delete(cohort=self.object, actor=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("cohorts:edit", self.object.pk)


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            cohorts_for_staff(self.request.user)
            .annotate(trainees=Count("enrollments", filter=Q(enrollments__withdrawn_at=None)))
            .order_by("-starts_on", "name")
        )

    def get_edit_url(self, instance):
        """The cohort's name opens its trainees; editing is for those who manage it."""
        return reverse("cohorts:learners", args=[quote(instance.pk)])

    @cached_property
    def managed_course_ids(self) -> set[int]:
        return set(courses_led_by(self.request.user).values_list("pk", flat=True))

    def get_list_more_buttons(self, instance):
        if instance.course_id not in self.managed_course_ids:
            return []
        pk = quote(instance.pk)
        return [
            MenuItem(
                _("Edit"), url=reverse("cohorts:edit", args=[pk]), icon_name="edit", priority=10
            ),
            MenuItem(
                _("Delete"), url=reverse("cohorts:delete", args=[pk]), icon_name="bin", priority=30
            ),
        ]


# Viewsets ----------------------------------------------------------------------------


class CourseViewSet(ModelViewSet):
    model = Course
    name = "courses"
    url_namespace = "course_admin"  # "courses" is the site's learning URLs
    icon = "doc-full-inverse"
    menu_label = _("Courses")
    add_view_class = CourseCreateView
    edit_view_class = CourseEditView
    copy_view_enabled = False
    list_display = [
        "code",
        Column("title", label=_("Title"), accessor="title"),
        "sector",
        "skill_focus",
        "hours",
        "is_open",
    ]
    list_filter = ["sector", "skill_focus", "is_open", "level", "target_standards"]
    search_fields = ["code", *columns("title")]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("code"), FieldPanel("source_language")]),
                    translated_row("title"),
                    FieldRowPanel([FieldPanel("hours"), FieldPanel("level")]),
                    FieldRowPanel([FieldPanel("sector"), FieldPanel("skill_focus")]),
                    FieldPanel("is_open"),
                ],
                heading=_("Course"),
            ),
            FieldPanel("target_standards"),
            FieldPanel("lead_instructors"),
        ],
        base_form_class=CourseForm,
    )


class CohortViewSet(ModelViewSet):
    model = Cohort
    name = "cohorts"
    icon = "group"
    menu_label = _("Cohorts")
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    copy_view_enabled = False
    list_display = [
        "name",
        "course",
        "starts_on",
        "ends_on",
        Column("trainees", label=_("Trainees"), accessor="trainees"),
    ]
    list_filter = ["course"]
    search_fields = ["name", "course__code", *columns("course__title")]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("instructors"),
            FieldPanel("evaluators"),
        ],
        base_form_class=CohortForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            *[path(route, view, name=name) for route, view, name in admin_views.COHORT_ROUTES],
        ]


class CourseViewSetGroup(ModelViewSetGroup):
    menu_label = _("Courses")
    menu_icon = "doc-full-inverse"
    menu_order = 240
    items = (CourseViewSet, CohortViewSet)
