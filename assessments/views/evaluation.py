"""The evaluator's screens: find a candidate, record the checklist, record the judgement.

Made for a phone or tablet on the shop floor: one element of the standard at a time, one
criterion per card, one form per card (saving one never loses what was typed in another),
photo straight from the camera. Without JavaScript each card posts and the page reloads;
``evaluation.js`` saves a card without reloading (the same POST, answered in JSON) and keeps
what was recorded while the connection is down, sending it when it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
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
from ..selectors.progress import (
    CriterionProgress,
    ElementProgress,
    StandardProgress,
    standard_progress,
)
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


class CandidateEvaluationMixin(EvaluatorMixin):
    """The evaluator's screens about one candidate on one standard (the checklist, the plan,
    the cédula): set up once in ``dispatch``, and the same answer when the rule refuses.

    ``setup_evaluation`` finds the standard and the candidate (404 outside the evaluator's
    cohorts) and asks the rule; a refusal answers ``refused_response`` (the page with its
    reason, status 403), for reading as for posting. A view loads what it needs beyond them
    in ``setup_candidate_evaluation``, run only when the rule allows."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.setup_evaluation()
            if self.refusal:
                if request.method in ("GET", "HEAD", "POST"):
                    return self.refused_response()
            else:
                self.setup_candidate_evaluation()
        return super().dispatch(request, *args, **kwargs)

    def setup_candidate_evaluation(self) -> None:
        """Load what the view needs beyond the standard and the candidate."""

    def refused_response(self):
        """The page with the rule's refusal (its context says ``refusal``), status 403."""
        return self.render_to_response(self.get_context_data(), status=403)


def wants_json(request) -> bool:
    """Asked by ``evaluation.js``: the same form, answered in JSON instead of a page."""
    return "application/json" in request.headers.get("Accept", "")


class CandidateSearchView(EvaluatorMixin, TemplateView):
    """Pick a standard, then a candidate preparing for it, ``paginate_by`` a page.

    The refusals and the latest judgements are asked for the page's candidates only: a page
    costs the same queries whatever the size of the cohort."""

    template_name = "assessments/evaluation/candidates.html"
    paginate_by = 50

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
        rows, page = [], None
        if standard is not None:
            found = evaluation_candidates(evaluator=self.request.user, standard=standard)
            if query:
                found = found.filter(
                    Q(first_name__icontains=query)
                    | Q(last_name__icontains=query)
                    | Q(email__icontains=query)
                )
            found = found.exclude(pk=self.request.user.pk).order_by("last_name", "first_name", "pk")
            page = Paginator(found, self.paginate_by).get_page(self.request.GET.get("page"))
            candidates = list(page.object_list)
            refusals = evaluation_refusals(
                evaluator=self.request.user, candidates=candidates, standard=standard
            )
            judged = {}
            for judgement in Judgement.objects.filter(
                standard=standard, candidate__in=candidates
            ).order_by("decided_at", "pk"):
                judged[judgement.candidate_id] = judgement
            rows = [(user, refusals.get(user.pk), judged.get(user.pk)) for user in candidates]
        context.update(
            standards=standards, standard=standard, query=query, rows=rows, page_obj=page
        )
        return context


class EvaluationView(CandidateEvaluationMixin, TemplateView):
    """One candidate, one standard: the checklist of observable criteria and the verdict."""

    template_name = "assessments/evaluation/evaluate.html"

    def refused_response(self):
        if self.request.method == "POST" and wants_json(self.request):
            return JsonResponse({"saved": False, "message": str(self.refusal)}, status=403)
        return super().refused_response()

    def post(self, request, *args, **kwargs):
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
                saved = _("Evidence for %(code)s saved.") % {"code": criterion.code}
                if wants_json(request):  # the screen as it reads now, for evaluation.js
                    parts = self._parts(criterion, saved)
                    return JsonResponse({"saved": True, "message": saved, **parts})
                messages.success(request, saved)
                url = reverse("assessments:evaluation", args=[self.standard.pk, self.candidate.pk])
                return HttpResponseRedirect(
                    f"{url}?element={criterion.element.number}#criterion-{criterion.pk}"
                )
        not_saved = _("The evidence was not saved; see the message below.")
        if wants_json(request):
            errors = [str(error) for errors in form.errors.values() for error in errors]
            payload = {"saved": False, "message": not_saved, "errors": errors}
            return JsonResponse(payload, status=400)
        messages.error(request, not_saved)
        context = self.get_context_data(bound={criterion.pk: form}, element=criterion.element_id)
        return self.render_to_response(context, status=400)

    def _criterion(self, raw: str) -> Criterion:
        if not raw.isdigit():
            raise Http404
        criterion = Criterion.objects.select_related("element__standard").filter(pk=int(raw))
        criterion = criterion.first()
        if criterion is None:
            raise Http404
        return criterion

    def get_context_data(self, bound=None, element=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(standard=self.standard, candidate=self.candidate, refusal=self.refusal)
        if self.refusal:
            return context
        progress = standard_progress(candidate=self.candidate, standard=self.standard)
        context.update(self._status(progress, element=element))
        current = context["step"]
        context["cards"] = self._cards(current.observed if current else [], bound or {})
        return context

    def _status(self, progress: StandardProgress, *, element: int | None) -> dict:
        """The verdict, what the evidence supports and the element steps (``_status.html``,
        ``_steps.html``)."""
        steps = _element_steps(progress)
        current = _current_step(steps, element=element, asked=self.request.GET.get("element"))
        judgement = progress.judgement
        basis = progress.result.as_basis()
        up_to_date = judgement is not None and all(
            judgement.basis.get(key) == basis[key] for key in ("attempts", "evidence", "criteria")
        )
        return {
            "standard": self.standard,
            "candidate": self.candidate,
            "progress": progress,
            "steps": steps,
            "step": current,
            "judgement_up_to_date": up_to_date,
        }

    def _cards(self, rows: list[CriterionProgress], bound: dict[int, EvidenceForm]):
        """``(row, form, earlier records)`` per criterion: the form to record evidence or a
        correction, offering today's date and the place of the latest record (1 query)."""
        history: dict[int, list[EvidenceRecord]] = {}
        for record in (
            EvidenceRecord.objects.filter(candidate=self.candidate, standard=self.standard)
            .select_related("evaluator")
            .order_by("-recorded_at", "-pk")
        ):
            history.setdefault(record.criterion_id, []).append(record)
        initial = {"observed_on": timezone.localdate(), "place": _last_place(history)}
        cards = []
        for row in rows:
            pk = row.criterion.pk
            form = bound.get(pk)
            if form is None:
                form = EvidenceForm(prefix=f"c{pk}", current=row.evidence, initial=initial)
            cards.append((row, form, history.get(pk, [])[1:]))
        return cards

    def _parts(self, criterion: Criterion, saved_message: str) -> dict[str, str]:
        """The saved card, the verdict and the element steps as they read after a save, for
        evaluation.js to put in place of the old ones."""
        progress = standard_progress(candidate=self.candidate, standard=self.standard)
        rows = [row for row in progress.criteria if row.criterion.pk == criterion.pk]
        ((row, form, history),) = self._cards(rows, {})
        card = {"row": row, "form": form, "history": history, "saved_message": saved_message}
        status = self._status(progress, element=criterion.element_id)
        return {
            name: render_to_string(f"assessments/evaluation/_{name}.html", context, self.request)
            for name, context in (("card", card), ("status", status), ("steps", status))
        }


@dataclass
class ElementStep:
    """One element of the standard on the evaluator's screen: its observable criteria."""

    number: int
    position: int
    element: ElementProgress
    observed: list[CriterionProgress]

    @property
    def recorded(self) -> int:
        return sum(1 for row in self.observed if row.evidence is not None)


def _element_steps(progress: StandardProgress) -> list[ElementStep]:
    steps = []
    for element in progress.elements:
        observed = [row for row in element.criteria if row.is_observed]
        if observed:
            steps.append(ElementStep(element.element.number, len(steps) + 1, element, observed))
    return steps


def _current_step(steps: list[ElementStep], *, element: int | None, asked: str | None):
    """The element shown: the one a correction failed on, else the one asked for (``?element=``
    its number), else the first with a criterion still unrecorded, else the first."""
    for step in steps:
        if step.element.element.pk == element or (element is None and str(step.number) == asked):
            return step
    return next((step for step in steps if step.recorded < len(step.observed)), None) or (
        steps[0] if steps else None
    )


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
