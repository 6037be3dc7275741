"""A cohort's trainees in the Wagtail admin: list, enrol one, import a file (upload →
preview → confirm), move, withdraw, resend an invitation. Thin views over ``services``;
who may do what is ``courses.permissions.can_enrol_in``, checked here and in the services.

The import keeps no state on the server between preview and confirm: the preview carries
the parsed rows signed (``django.core.signing``, bound to the cohort and the user, valid one
hour), and the confirmation plans again against the database before writing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.admin_paging import admin_page

from . import services
from .admin_forms import (
    EnrolForm,
    MoveForm,
    RosterConfirmForm,
    RosterUploadForm,
    TraineeSearchForm,
)
from .models import Cohort, Enrollment
from .permissions import can_enrol_in, can_manage_cohorts_of, cohorts_enrollable_by
from .roster import Roster, RosterFileError, RosterRow, RowError, roster_read

ROSTER_MAX_AGE = 3600


class CohortStaffMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=kwargs["pk"])
        if not can_enrol_in(request.user, self.cohort):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.cohort.name} · {self.cohort.course.title}"

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts:index"), "label": capfirst(Cohort._meta.verbose_name_plural)},
            {"url": reverse("cohorts:learners", args=[self.cohort.pk]), "label": self.cohort.name},
        ]
        if not isinstance(self, LearnersView):
            items.append({"url": "", "label": self.get_page_title()})
        return items

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def back(self):
        return redirect("cohorts:learners", self.cohort.pk)


def trainees_counted(count: int) -> str:
    return ngettext("%(counter)s trainee", "%(counter)s trainees", count) % {"counter": count}


class LearnersView(CohortStaffMixin, TemplateView):
    template_name = "courses/admin/learners.html"
    page_title = gettext_lazy("Trainees")
    paginate_by = 50

    def get_context_data(self, **kwargs):
        search = TraineeSearchForm(self.request.GET)
        query = search.cleaned_data["q"].strip() if search.is_valid() else ""
        enrollments = (
            Enrollment.objects.active()
            .filter(cohort=self.cohort)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        if query:
            enrollments = enrollments.filter(
                Q(user__first_name__icontains=query)
                | Q(user__last_name__icontains=query)
                | Q(user__email__icontains=query)
                | Q(user__curp__icontains=query)
            )
        return super().get_context_data(
            query=query,
            search_form=search,
            can_edit=can_manage_cohorts_of(self.request.user, self.cohort.course),
            **admin_page(
                enrollments,
                self.request.GET.get("p"),
                per_page=self.paginate_by,
                count_label=trainees_counted,
            ),
            **kwargs,
        )


class EnrolView(CohortStaffMixin, FormView):
    template_name = "courses/admin/form.html"
    page_title = gettext_lazy("Enrol a trainee")
    form_class = EnrolForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=_("Enrol"), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            enrollment, created = services.learner_enrol(
                cohort=self.cohort, actor=self.request.user, **data
            )
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        message = (
            _("%(name)s now has an account and is enrolled; an invitation is on its way.")
            if created
            else _("%(name)s is enrolled in this cohort; they were told by e-mail.")
        )
        messages.success(self.request, message % {"name": enrollment.user.printed_name})
        return self.back()


class EnrollmentMixin(CohortStaffMixin):
    def dispatch(self, request, *args, **kwargs):
        self.enrollment = get_object_or_404(
            Enrollment.objects.active().select_related("user"),
            pk=kwargs["enrollment_pk"],
            cohort_id=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(enrollment=self.enrollment, **kwargs)

    def run(self, action, success: str, **values):
        try:
            action()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            values["name"] = self.enrollment.user.printed_name
            messages.success(self.request, success % values)
        return self.back()


class WithdrawView(EnrollmentMixin, TemplateView):
    template_name = "courses/admin/withdraw.html"
    page_title = gettext_lazy("Withdraw a trainee")

    def post(self, request, *args, **kwargs):
        return self.run(
            lambda: services.enrollment_withdraw(enrollment=self.enrollment, actor=request.user),
            _("%(name)s left the cohort; their progress, attempts and certificates are kept."),
        )


class InviteView(EnrollmentMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return self.run(
            lambda: services.invitation_resend(enrollment=self.enrollment, actor=request.user),
            _("The invitation was sent again to %(name)s."),
        )


class MoveView(EnrollmentMixin, FormView):
    template_name = "courses/admin/form.html"
    page_title = gettext_lazy("Move a trainee to another cohort")
    form_class = MoveForm

    def get_form_kwargs(self):
        cohorts = cohorts_enrollable_by(self.request.user, self.cohort.course).exclude(
            pk=self.cohort.pk
        )
        return {**super().get_form_kwargs(), "cohorts": cohorts}

    def get_context_data(self, **kwargs):
        intro = _(
            "%(name)s moves with their progress, attempts and certificates to another cohort "
            "of “%(course)s”."
        ) % {"name": self.enrollment.user.printed_name, "course": self.cohort.course.title}
        return super().get_context_data(submit_label=_("Move"), intro=intro, **kwargs)

    def form_valid(self, form):
        target = form.cleaned_data["cohort"]
        return self.run(
            lambda: services.enrollment_move(
                enrollment=self.enrollment, cohort=target, actor=self.request.user
            ),
            _("%(name)s moved to the cohort “%(cohort)s”."),
            cohort=target.name,
        )


def _salt(cohort: Cohort, user) -> str:
    return f"courses.roster:{cohort.pk}:{user.pk}"


class ImportView(CohortStaffMixin, FormView):
    """Step 1: upload; step 2 (the POST's answer): the preview, with a confirm button."""

    template_name = "courses/admin/import.html"
    page_title = gettext_lazy("Enrol trainees from a file")
    form_class = RosterUploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            roster = roster_read(upload.read(), upload.name)
        except RosterFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        return self.preview(roster)

    def preview(self, roster: Roster, plan=None):
        plan = plan or services.roster_plan(cohort=self.cohort, roster=roster)
        payload = signing.dumps(
            [row.as_list() for row in roster.rows],
            salt=_salt(self.cohort, self.request.user),
            compress=True,
        )
        return self.render_to_response(
            self.get_context_data(
                form=RosterUploadForm(),
                plan=plan,
                confirm_form=None
                if plan.errors
                else RosterConfirmForm(initial={"roster": payload}),
            )
        )


class ImportConfirmView(ImportView):
    """Step 3: write everything or nothing, then back to the trainees."""

    form_class = RosterConfirmForm
    http_method_names = ["post"]

    def form_valid(self, form):
        try:
            rows = signing.loads(
                form.cleaned_data["roster"],
                salt=_salt(self.cohort, self.request.user),
                max_age=ROSTER_MAX_AGE,
            )
            roster = Roster(rows=[RosterRow.from_list(values) for values in rows])
        except (signing.BadSignature, ValueError, TypeError):
            messages.error(self.request, _("This preview has expired; upload the file again."))
            return redirect("cohorts:import", self.cohort.pk)
        try:
            plan = services.enrollment_bulk_create(
                cohort=self.cohort, actor=self.request.user, roster=roster
            )
        except services.RosterRefused as refused:
            return self.preview(roster, plan=refused.plan)
        except ValidationError as error:
            refusal = services.RosterPlan(errors=[RowError(0, tuple(error.messages))])
            return self.preview(roster, plan=refusal)
        messages.success(
            self.request,
            _(
                "Enrolled: %(new)d new accounts, %(existing)d existing accounts, %(moved)d moved "
                "from another cohort; %(already)d were already here. Invitations are on their way."
            )
            % {
                "new": len(plan.new_accounts),
                "existing": len(plan.existing),
                "moved": len(plan.moved),
                "already": len(plan.already),
            },
        )
        return self.back()

    def form_invalid(self, form):
        return redirect("cohorts:import", self.cohort.pk)


COHORT_ROUTES = [
    ("<int:pk>/trainees/", LearnersView.as_view(), "learners"),
    ("<int:pk>/trainees/enrol/", EnrolView.as_view(), "enrol"),
    ("<int:pk>/trainees/import/", ImportView.as_view(), "import"),
    ("<int:pk>/trainees/import/confirm/", ImportConfirmView.as_view(), "import_confirm"),
    ("<int:pk>/trainees/<int:enrollment_pk>/move/", MoveView.as_view(), "move"),
    ("<int:pk>/trainees/<int:enrollment_pk>/withdraw/", WithdrawView.as_view(), "withdraw"),
    ("<int:pk>/trainees/<int:enrollment_pk>/invite/", InviteView.as_view(), "invite"),
]
