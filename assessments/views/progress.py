"""The trainee's own competency progress: per standard, element and criterion."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from competencies.models import Standard

from ..models import Judgement
from ..selectors.progress import standard_progress, standards_of


class ProgressIndexView(LoginRequiredMixin, TemplateView):
    template_name = "assessments/progress/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standards = list(standards_of(candidate=self.request.user).select_related("framework"))
        latest: dict[int, Judgement] = {}
        for judgement in Judgement.objects.filter(candidate=self.request.user).order_by(
            "decided_at", "pk"
        ):
            latest[judgement.standard_id] = judgement
        context["rows"] = [(standard, latest.get(standard.pk)) for standard in standards]
        return context


class StandardProgressView(LoginRequiredMixin, TemplateView):
    template_name = "assessments/progress/standard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standard = get_object_or_404(Standard.objects.select_related("framework"), pk=kwargs["pk"])
        if not standards_of(candidate=self.request.user).filter(pk=standard.pk).exists():
            raise Http404
        context["progress"] = standard_progress(candidate=self.request.user, standard=standard)
        return context
