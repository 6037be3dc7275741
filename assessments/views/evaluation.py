"""The evaluator's screens: find a candidate, record the checklist, record the judgement.

Made for a phone or tablet on the shop floor: one criterion per card, one form per card
(saving one never loses what was typed in another), photo straight from the camera.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from PIL import Image

from accounts.roles import Role, user_has_any_role
from competencies.models import Criterion, Standard
from courses.permissions import evaluation_candidates

from ..models import EvidenceRecord, Judgement
from ..scoring.competency import OBSERVED_KINDS
from ..selectors.progress import standard_progress
from ..services.evidence import (
    EvaluationRefused,
    evaluation_refusal,
    evaluation_refusals,
    evidence_record,
)
from ..services.judgement import judgement_record
from ..services.report import documents_may_read


class RoleRequiredMixin(LoginRequiredMixin):
    """Only users holding one of ``roles`` (superusers hold them all); others get a 403."""

    roles: tuple[Role, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_any_role(request.user, self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EvidenceForm(forms.Form):
    MET_CHOICES = [("yes", gettext_lazy("Met")), ("no", gettext_lazy("Not met"))]

    met = forms.ChoiceField(
        label=gettext_lazy("Result"), choices=MET_CHOICES, widget=forms.RadioSelect
    )
    observed_on = forms.DateField(
        label=gettext_lazy("Date observed"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=200,
        help_text=gettext_lazy("Workshop, plant or workstation where you observed it."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=gettext_lazy("Photo evidence"),
        required=False,
        help_text=gettext_lazy("Optional. JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    correction_reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current: EvidenceRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        if current is None:
            del self.fields["correction_reason"]
        else:
            self.fields["correction_reason"].required = True
            self.fields["replaces"].initial = current.pk


class EvaluatorMixin(RoleRequiredMixin):
    roles = (Role.EVALUATOR,)

    def setup_evaluation(self):
        if not user_has_any_role(self.request.user, self.roles):
            raise PermissionDenied
        self.standard = get_object_or_404(Standard, pk=self.kwargs["standard"])
        # Only learners of the evaluator's cohorts exist here; anyone else is not found.
        reachable = evaluation_candidates(evaluator=self.request.user, standard=self.standard)
        self.candidate = get_object_or_404(reachable, pk=self.kwargs["candidate"])
        self.refusal = evaluation_refusal(
            evaluator=self.request.user, candidate=self.candidate, standard=self.standard
        )


class CandidateSearchView(EvaluatorMixin, TemplateView):
    """Pick a standard, then a candidate preparing for it."""

    template_name = "assessments/evaluation/candidates.html"
    limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standards = (
            Standard.objects.exclude(status=Standard.Status.DRAFT)
            .filter(courses__cohorts__evaluators=self.request.user)
            .distinct()
            .order_by("code")
        )
        standard = None
        raw = self.request.GET.get("standard", "")
        if raw.isdigit():
            standard = standards.filter(pk=int(raw)).first()
        query = self.request.GET.get("q", "").strip()
        rows = []
        if standard is not None:
            found = evaluation_candidates(evaluator=self.request.user, standard=standard)
            if query:
                found = found.filter(
                    Q(first_name__icontains=query)
                    | Q(last_name__icontains=query)
                    | Q(email__icontains=query)
                )
            candidates = list(
                found.exclude(pk=self.request.user.pk).order_by("last_name", "first_name")[
                    : self.limit
                ]
            )
            refusals = evaluation_refusals(
                evaluator=self.request.user, candidates=candidates, standard=standard
            )
            judged = {}
            for judgement in Judgement.objects.filter(
                standard=standard, candidate__in=candidates
            ).order_by("decided_at", "pk"):
                judged[judgement.candidate_id] = judgement
            rows = [(user, refusals.get(user.pk), judged.get(user.pk)) for user in candidates]
        context.update(standards=standards, standard=standard, query=query, rows=rows)
        return context


class EvaluationView(EvaluatorMixin, TemplateView):
    """One candidate, one standard: the checklist of observable criteria and the verdict."""

    template_name = "assessments/evaluation/evaluate.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.setup_evaluation()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.refusal:
            return self.render_to_response(self.get_context_data(), status=403)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.refusal:
            return self.render_to_response(self.get_context_data(), status=403)
        criterion = self._criterion(request.POST.get("criterion", ""))
        current = (
            EvidenceRecord.objects.current()
            .filter(candidate=self.candidate, criterion=criterion)
            .first()
        )
        form = EvidenceForm(request.POST, request.FILES, prefix=f"c{criterion.pk}", current=current)
        if form.is_valid():
            data = form.cleaned_data
            replaces = None
            if data.get("replaces"):
                replaces = EvidenceRecord.objects.filter(pk=data["replaces"]).first()
            try:
                evidence_record(
                    evaluator=request.user,
                    candidate=self.candidate,
                    standard=self.standard,
                    criterion=criterion,
                    met=data["met"] == "yes",
                    observed_on=data["observed_on"],
                    place=data["place"],
                    notes=data["notes"],
                    photo=data["photo"] or None,
                    replaces=replaces,
                    correction_reason=data.get("correction_reason", ""),
                )
            except EvaluationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Evidence for %(code)s saved.") % {"code": criterion.code}
                )
                url = reverse("assessments:evaluation", args=[self.standard.pk, self.candidate.pk])
                return HttpResponseRedirect(f"{url}#criterion-{criterion.pk}")
        messages.error(request, _("The evidence was not saved; see the message below."))
        context = self.get_context_data(bound={criterion.pk: form})
        return self.render_to_response(context, status=400)

    def _criterion(self, raw: str) -> Criterion:
        if not raw.isdigit():
            raise Http404
        criterion = Criterion.objects.select_related("element__standard").filter(pk=int(raw))
        criterion = criterion.first()
        if criterion is None:
            raise Http404
        return criterion

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(standard=self.standard, candidate=self.candidate, refusal=self.refusal)
        if self.refusal:
            return context
        progress = standard_progress(candidate=self.candidate, standard=self.standard)
        history: dict[int, list[EvidenceRecord]] = {}
        for record in (
            EvidenceRecord.objects.filter(candidate=self.candidate, standard=self.standard)
            .select_related("evaluator")
            .order_by("-recorded_at", "-pk")
        ):
            history.setdefault(record.criterion_id, []).append(record)
        bound = bound or {}
        today = timezone.localdate()
        cards = []
        for row in progress.criteria:
            if row.criterion.kind not in OBSERVED_KINDS:
                continue
            form = bound.get(row.criterion.pk) or EvidenceForm(
                prefix=f"c{row.criterion.pk}",
                current=row.evidence,
                initial={"observed_on": today, "place": _last_place(history)},
            )
            cards.append((row, form, history.get(row.criterion.pk, [])[1:]))
        judgement = progress.judgement
        basis = progress.result.as_basis()
        up_to_date = judgement is not None and all(
            judgement.basis.get(key) == basis[key] for key in ("attempts", "evidence", "criteria")
        )
        context.update(progress=progress, cards=cards, judgement_up_to_date=up_to_date)
        return context


def _last_place(history: dict[int, list[EvidenceRecord]]) -> str:
    latest = max(
        (records[0] for records in history.values()),
        default=None,
        key=lambda record: record.recorded_at,
    )
    return latest.place if latest else ""


class JudgementRecordView(EvaluatorMixin, View):
    def post(self, request, *args, **kwargs):
        self.setup_evaluation()
        url = reverse("assessments:evaluation", args=[self.standard.pk, self.candidate.pk])
        try:
            judgement = judgement_record(
                evaluator=request.user, candidate=self.candidate, standard=self.standard
            )
        except EvaluationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Judgement recorded: %(result)s.") % {"result": judgement.get_result_display()},
            )
        return HttpResponseRedirect(f"{url}#judgement")


class EvidencePhotoView(LoginRequiredMixin, View):
    """Photo evidence, for whoever may read the candidate's evaluation documents: the
    candidate, administrators and the evaluators who may assess them on the standard."""

    def get(self, request, pk: int):
        record = get_object_or_404(
            EvidenceRecord.objects.exclude(photo="").select_related("candidate", "standard"),
            pk=pk,
        )
        if not documents_may_read(
            user=request.user, candidate=record.candidate, standard=record.standard
        ):
            raise Http404
        handle = record.photo.open("rb")
        try:
            with Image.open(handle) as image:
                content_type = Image.MIME.get(image.format, "application/octet-stream")
        finally:
            handle.seek(0)
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response
