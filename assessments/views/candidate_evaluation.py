"""The evaluator's screens about one candidate on one standard (the plan, the cédula): set
up once in ``dispatch``, and the same answer when the evaluation rule refuses.

``setup_evaluation`` (``EvaluatorMixin``) finds the standard and the candidate (404 outside
the evaluator's cohorts) and asks the rule; a refusal shows the page with its reason and
status 403, for reading as for posting. A view adds what it needs beyond them in
``setup_candidate_evaluation`` (run only when the rule allows).
"""

from __future__ import annotations

from .evaluation import EvaluatorMixin


class CandidateEvaluationMixin(EvaluatorMixin):
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
