"""Wagtail admin screens for ARCO requests: thin views over ``services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ErasureConfirmForm, RequestHandlingForm
from .models import DataRightsRequest
from .services import data_rights_request_update, user_erase, user_is_erased

PERMISSION = "privacy.change_datarightsrequest"


class AdminPage(WagtailAdminTemplateMixin):
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class RequestIndexView(AdminPage, TemplateView):
    template_name = "privacy/admin/index.html"
    page_title = gettext_lazy("ARCO requests")

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "open")
        requests = DataRightsRequest.objects.select_related("user")
        if status == "open":
            requests = requests.filter(status__in=DataRightsRequest.OPEN_STATUSES)
        elif status in DataRightsRequest.Status.values:
            requests = requests.filter(status=status)
        requests = requests.annotate(
            open_first=Case(
                When(status__in=DataRightsRequest.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("open_first", "created_at")
        filters = [("open", _("Open")), ("all", _("All")), *DataRightsRequest.Status.choices]
        return super().get_context_data(
            requests=requests[:500], filters=filters, current=status, **kwargs
        )


class RequestDetailView(AdminPage, TemplateView):
    template_name = "privacy/admin/detail.html"

    def get_page_title(self):
        return _("ARCO request")

    def dispatch(self, request, *args, pk, **kwargs):
        self.data_request = get_object_or_404(
            DataRightsRequest.objects.select_related("user"), pk=pk
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, *, handling_form=None, erasure_form=None, **kwargs):
        data_request = self.data_request
        return super().get_context_data(
            data_request=data_request,
            events=data_request.events.select_related("actor"),
            erased=user_is_erased(data_request.user),
            handling_form=handling_form
            or RequestHandlingForm(initial={"status": data_request.status}),
            erasure_form=erasure_form or ErasureConfirmForm(),
            can_erase=(
                data_request.kind == DataRightsRequest.Kind.CANCELLATION
                and data_request.is_open
                and not user_is_erased(data_request.user)
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RequestHandlingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(handling_form=form), status=400)
        data_rights_request_update(
            request=self.data_request,
            actor=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The request was updated."))
        return redirect("privacy_admin:detail", self.data_request.pk)


class RequestEraseView(RequestDetailView):
    def post(self, request, *args, **kwargs):
        data_request = self.data_request
        form = ErasureConfirmForm(request.POST)
        if not form.is_valid() or not self.get_context_data()["can_erase"]:
            return self.render_to_response(self.get_context_data(erasure_form=form), status=400)
        user_erase(
            user=data_request.user,
            actor=request.user,
            request=data_request,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The person’s personal data was erased; the request is done."))
        return redirect("privacy_admin:detail", data_request.pk)


def has_protected_records(user) -> bool:
    """Whether deleting ``user`` would be refused because records must keep pointing at them
    (certificates, judgements, evidence, evaluation plans, ARCO requests)."""
    try:
        Collector(using="default").collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


class EraseUserView(AdminPage, TemplateView):
    """Wagtail's "Delete user" for someone with records that must be kept: the screen says
    so, and confirming erases their personal data (``user_erase``) instead of failing."""

    template_name = "privacy/admin/erase_user.html"
    header_icon = "user"
    page_title = gettext_lazy("Delete user")

    def dispatch(self, request, *args, person, **kwargs):
        self.person = person
        if request.user.pk == person.pk:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, *, erasure_form=None, **kwargs):
        return super().get_context_data(
            person=self.person,
            erased=user_is_erased(self.person),
            erasure_form=erasure_form or ErasureConfirmForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ErasureConfirmForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(erasure_form=form), status=400)
        user_erase(user=self.person, actor=request.user, note=form.cleaned_data["note"])
        messages.success(
            request,
            _("The person’s personal data was erased; what must be kept remains, anonymous."),
        )
        return redirect("wagtailusers_users:index")


def erase_instead_of_delete(request, user):
    """The ``before_delete_user`` hook: people with records that must be kept are erased."""
    if not has_protected_records(user):
        return None
    return EraseUserView.as_view()(request, person=user)
