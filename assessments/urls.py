from django.urls import path

from .views import evaluation, grading, plan, progress, quiz, report, reports, self_assessment

app_name = "assessments"

urlpatterns = [
    path("quizzes/<int:pk>/", quiz.quiz_detail, name="quiz_detail"),
    path("quizzes/<int:pk>/start/", quiz.quiz_start, name="quiz_start"),
    path("attempts/<str:public_id>/", quiz.attempt_page, name="attempt"),
    path("attempts/<str:public_id>/page/<int:page>/", quiz.attempt_page, name="attempt_page"),
    path("attempts/<str:public_id>/autosave/", quiz.attempt_autosave, name="attempt_autosave"),
    path("attempts/<str:public_id>/flag/", quiz.attempt_flag, name="attempt_flag"),
    path("attempts/<str:public_id>/submit/", quiz.attempt_submit_view, name="attempt_submit"),
    path("attempts/<str:public_id>/result/", quiz.attempt_result, name="attempt_result"),
    # Competency progress (trainees), observation checklists and judgements (evaluators).
    path("competencies/", progress.ProgressIndexView.as_view(), name="progress"),
    path(
        "competencies/<int:pk>/",
        progress.StandardProgressView.as_view(),
        name="progress_standard",
    ),
    path("competencies/<int:pk>/plan/", plan.CandidatePlanView.as_view(), name="progress_plan"),
    path(
        "competencies/<int:pk>/self-assessment/",
        self_assessment.SelfAssessmentView.as_view(),
        name="progress_self_assessment",
    ),
    path("evaluation/", evaluation.CandidateSearchView.as_view(), name="evaluation_candidates"),
    path(
        "evaluation/<int:standard>/<int:candidate>/",
        evaluation.EvaluationView.as_view(),
        name="evaluation",
    ),
    path(
        "evaluation/<int:standard>/<int:candidate>/judgement/",
        evaluation.JudgementRecordView.as_view(),
        name="evaluation_judgement",
    ),
    path(
        "evaluation/<int:standard>/<int:candidate>/plan/",
        plan.EvaluatorPlanView.as_view(),
        name="evaluation_plan",
    ),
    path(
        "evaluation/<int:standard>/<int:candidate>/cedula/<int:judgement>/",
        report.ReportView.as_view(),
        name="evaluation_report",
    ),
    path(
        "evaluation/evidence/<int:pk>/photo/",
        evaluation.EvidencePhotoView.as_view(),
        name="evidence_photo",
    ),
    path("grading/", grading.GradingQueueView.as_view(), name="grading_queue"),
    path("grading/<int:pk>/", grading.GradeAnswerView.as_view(), name="grading_answer"),
    path("reports/", reports.ReportsIndexView.as_view(), name="reports"),
    path("reports/cohorts/<int:pk>/", reports.CohortHeatmapView.as_view(), name="report_heatmap"),
    path("reports/cohorts/<int:pk>/items/", reports.CohortItemsView.as_view(), name="report_items"),
]
