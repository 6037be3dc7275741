"""The plan de evaluación: the evaluator proposes it, the candidate reads and accepts it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from competencies.models import Element, Standard

from ..selectors.plan import plan_current
from ..selectors.report import standard_elements
from ..services.evidence import EvaluationRefused
from ..services.plan import plan_accept, plan_propose
from .evaluation import CandidateEvaluationMixin


class PlanForm(forms.Form):
    scheduled_on = forms.DateField(
        label=gettext_lazy("Evaluation date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=200,
        help_text=gettext_lazy("Workshop, plant or workstation where the evaluation happens."),
    )

    def __init__(self, *args, elements: list[Element], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            self.fields[self.field_name(element)] = forms.CharField(
                label=_("Element %(number)s: %(title)s")
                % {"number": element.number, "title": element.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Evidence to collect: performances to observe, products, questions."),
            )

    @staticmethod
    def field_name(element: Element) -> str:
        return f"element_{element.pk}"

    def evidence(self) -> dict[int, str]:
        return {e.pk: self.cleaned_data[self.field_name(e)] for e in self.elements}


class EvaluatorPlanView(CandidateEvaluationMixin, TemplateView):
    """The plan in force for a candidate and the form to propose one (or a new one)."""

    template_name = "assessments/evaluation/plan.html"

    def post(self, request, *args, **kwargs):
        form = PlanForm(request.POST, elements=standard_elements(self.standard))
        if form.is_valid():
            try:
                plan_propose(
                    evaluator=request.user,
                    candidate=self.candidate,
                    standard=self.standard,
                    scheduled_on=form.cleaned_data["scheduled_on"],
                    place=form.cleaned_data["place"],
                    evidence=form.evidence(),
                )
            except EvaluationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Plan proposed. The candidate sees it and can accept it.")
                )
                return HttpResponseRedirect(request.path)
        messages.error(request, _("The plan was not proposed; see the message below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(standard=self.standard, candidate=self.candidate, refusal=self.refusal)
        if self.refusal:
            return context
        plan = plan_current(candidate=self.candidate, standard=self.standard)
        if form is None:
            elements = standard_elements(self.standard)
            initial = {"scheduled_on": timezone.localdate()}
            if plan is not None:
                initial = {"scheduled_on": plan.scheduled_on, "place": plan.place} | {
                    f"element_{row.element_id}": row.evidence for row in plan.elements.all()
                }
            form = PlanForm(elements=elements, initial=initial)
        context.update(plan=plan, form=form)
        return context


class AcceptForm(forms.Form):
    agree = forms.BooleanField(
        label=gettext_lazy(
            "I have read the plan and agree to be evaluated on this date, at this place, "
            "with this evidence."
        )
    )


class CandidatePlanView(LoginRequiredMixin, TemplateView):
    """The candidate's plan in force for a standard, to read and accept."""

    template_name = "assessments/progress/plan.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.standard = get_object_or_404(Standard, pk=self.kwargs["pk"])
            self.plan = plan_current(candidate=request.user, standard=self.standard)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.plan is None:
            raise Http404
        form = AcceptForm(request.POST)
        if form.is_valid():
            try:
                plan_accept(candidate=request.user, plan=self.plan)
            except EvaluationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("You accepted the evaluation plan."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(standard=self.standard, plan=self.plan, form=form or AcceptForm())
        return context
