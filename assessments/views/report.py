"""The evaluator's cédula de evaluación screen: the computed verdict and criteria not covered,
and the evaluator's best practices, areas of opportunity and recommendations beside them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..selectors.judgement import judgement_current
from ..selectors.report import judgement_for_report, judgement_record_of
from ..services.evidence import EvaluationRefused
from ..services.report import report_save
from .evaluation import CandidateEvaluationMixin


class ReportForm(forms.Form):
    best_practices = forms.CharField(
        label=gettext_lazy("Best practices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the candidate did well, to keep doing."),
    )
    opportunity_areas = forms.CharField(
        label=gettext_lazy("Areas of opportunity"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What the candidate should improve."),
    )
    recommendations = forms.CharField(
        label=gettext_lazy("Training recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Modules or practice to take before the next evaluation."),
    )


class ReportView(CandidateEvaluationMixin, TemplateView):
    """One judgement's cédula: a form until the evaluator confirms it, a record afterwards."""

    template_name = "assessments/evaluation/report.html"

    def setup_candidate_evaluation(self) -> None:
        self.judgement = judgement_for_report(
            candidate=self.candidate, standard=self.standard, pk=self.kwargs["judgement"]
        )
        if self.judgement is None:
            raise Http404

    def post(self, request, *args, **kwargs):
        form = ReportForm(request.POST)
        confirm = request.POST.get("action") == "confirm"
        if form.is_valid():
            try:
                report_save(
                    evaluator=request.user,
                    judgement=self.judgement,
                    confirm=confirm,
                    **form.cleaned_data,
                )
            except EvaluationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                if confirm:
                    messages.success(
                        request, _("The cédula is confirmed and can no longer change.")
                    )
                else:
                    messages.success(
                        request, _("Draft saved. Confirm the cédula when it is final.")
                    )
                return HttpResponseRedirect(request.path)
        messages.error(request, _("The cédula was not saved; see the message below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(standard=self.standard, candidate=self.candidate, refusal=self.refusal)
        if self.refusal:
            return context
        record = judgement_record_of(self.judgement)
        current = judgement_current(candidate=self.candidate, standard=self.standard)
        is_current = current is not None and current.pk == self.judgement.pk
        editable = (
            not record.is_confirmed
            and is_current
            and self.judgement.evaluator_id == self.request.user.pk
        )
        if form is None and editable:
            report = record.report
            form = ReportForm(
                initial={
                    "best_practices": report.best_practices if report else "",
                    "opportunity_areas": report.opportunity_areas if report else "",
                    "recommendations": report.recommendations if report else "",
                }
            )
        context.update(
            record=record,
            judgement=self.judgement,
            # A refused form stays on screen with what was typed, whatever the reason.
            form=form if editable or (form is not None and form.is_bound) else None,
            is_current=is_current,
            current=current,
            evaluation_url=reverse(
                "assessments:evaluation", args=[self.standard.pk, self.candidate.pk]
            ),
        )
        return context
