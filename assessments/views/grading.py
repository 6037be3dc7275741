"""Instructors grade essay answers: a queue, and one answer beside its model answer."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.roles import STAFF_ROLES

from ..models import Answer
from ..selectors.grading import grading_queue
from ..services.grading import GradingRefused, answer_grade, grading_refusal
from .evaluation import RoleRequiredMixin


class GradeForm(forms.Form):
    points = forms.DecimalField(label=gettext_lazy("Points"), min_value=0, decimal_places=3)
    feedback = forms.CharField(
        label=gettext_lazy("Feedback for the trainee"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, max_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_points is not None:
            self.fields["points"].max_value = max_points
            self.fields["points"].widget.attrs.update(max=str(max_points), step="any")
            self.fields["points"].help_text = _("From 0 to %(max)s.") % {
                "max": f"{max_points.normalize():f}"
            }


class GraderMixin(RoleRequiredMixin):
    roles = STAFF_ROLES


class GradingQueueView(GraderMixin, TemplateView):
    """The essays waiting for the grader, oldest first, 50 a page (every one reachable)."""

    template_name = "assessments/grading/queue.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(grading_queue(user=self.request.user), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context["page_obj"], context["answers"] = page, list(page.object_list)
        return context


class GradeAnswerView(GraderMixin, TemplateView):
    """One essay answer beside its model answer. Whatever the verb, ``grading_refusal`` (the
    rule ``answer_grade`` applies) is asked first, so nothing of an answer the grader may not
    grade (question, response, trainee) reaches the page."""

    template_name = "assessments/grading/answer.html"

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refused() or self._grade(request)

    def _refused(self):
        self.answer = get_object_or_404(
            Answer.objects.select_related("attempt__user", "attempt__quiz", "item_version"),
            pk=self.kwargs["pk"],
        )
        refusal = grading_refusal(grader=self.request.user, answer=self.answer)
        if refusal:
            return self.render_to_response({"refusal": refusal, "answer": None}, status=403)
        return None

    def get_context_data(self, form=None, refusal=None, **kwargs):
        context = super().get_context_data(**kwargs)
        answer = self.answer
        language = self.request.LANGUAGE_CODE
        context.update(
            answer=answer,
            stem=answer.item_version.text("stem", language),
            model_answer=answer.item_version.text("model_answer", language),
            refusal=refusal,
            form=form
            or GradeForm(
                max_points=answer.max_points,
                initial={"points": answer.points, "feedback": answer.grader_feedback},
            ),
        )
        return context

    def _grade(self, request):
        form = GradeForm(request.POST, max_points=self.answer.max_points)
        if form.is_valid():
            try:
                answer_grade(
                    grader=request.user,
                    answer=self.answer,
                    points=form.cleaned_data["points"],
                    feedback=form.cleaned_data["feedback"],
                )
            except GradingRefused as refusal:
                status = 403 if refusal.code == "outside_cohorts" else 400
                context = self.get_context_data(form=form, refusal=refusal.message)
                return self.render_to_response(context, status=status)
            messages.success(request, _("Grade saved."))
            return HttpResponseRedirect(reverse("assessments:grading_queue"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
