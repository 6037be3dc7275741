"""The candidate's self-assessment on a standard and the diagnosis it leads to: go to the
evaluation, or train first with the modules that teach the weak criteria."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from competencies.models import Element, Standard

from ..models import SelfAssessment
from ..selectors.portfolio import diagnosis_of
from ..selectors.progress import standards_of
from ..selectors.report import standard_elements
from ..services.evidence import EvaluationRefused
from ..services.self_assessment import self_assessment_save


class SelfAssessmentForm(forms.Form):
    """One required choice per criterion of the standard, grouped by element."""

    def __init__(self, *args, elements: list[Element], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            for criterion in element.criteria.all():
                self.fields[self.field_name(criterion)] = forms.ChoiceField(
                    label=criterion.text,
                    choices=SelfAssessment.Level.choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": gettext_lazy("Choose one answer.")},
                )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def groups(self):
        """Each element with the bound fields of its criteria, for the template."""
        return [
            (
                element,
                [
                    (criterion, self[self.field_name(criterion)])
                    for criterion in element.criteria.all()
                ],
            )
            for element in self.elements
        ]

    def answers(self) -> dict[int, str]:
        return {
            criterion.pk: self.cleaned_data[self.field_name(criterion)]
            for element in self.elements
            for criterion in element.criteria.all()
        }


class SelfAssessmentView(LoginRequiredMixin, TemplateView):
    """``/competencies/<standard>/self-assessment/``: for a standard the candidate prepares for."""

    template_name = "assessments/progress/self_assessment.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.standard = get_object_or_404(
                Standard.objects.select_related("framework"), pk=self.kwargs["pk"]
            )
            if not standards_of(candidate=request.user).filter(pk=self.standard.pk).exists():
                raise Http404
            self.elements = standard_elements(self.standard)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = SelfAssessmentForm(request.POST, elements=self.elements)
        if form.is_valid():
            try:
                self_assessment_save(
                    candidate=request.user, standard=self.standard, answers=form.answers()
                )
            except EvaluationRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your self-assessment is saved."))
                return HttpResponseRedirect(f"{request.path}#diagnosis")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        diagnosis = diagnosis_of(candidate=self.request.user, standard=self.standard)
        if form is None:
            initial = {
                SelfAssessmentForm.field_name(row.criterion): level
                for row in diagnosis.progress.criteria
                if (level := diagnosis.self_level(row))
            }
            form = SelfAssessmentForm(elements=self.elements, initial=initial)
        to_study = [
            (row, level and SelfAssessment.Level(level).label)
            for row in diagnosis.to_study
            for level in [diagnosis.self_level(row)]
        ]
        context.update(standard=self.standard, diagnosis=diagnosis, to_study=to_study, form=form)
        return context
