"""Demo evaluation: the demo trainee becomes *Competente* on the sample standard EC9101.

Runs the real pipeline (after ``seed_courses`` and ``seed_quizzes``): the trainee studies
every module of the automotive course, takes its final quiz with the right answers, the demo
instructor grades the essay, the demo evaluator records every performance, product and
attitude criterion as met, then the judgement, which issues the certificate (the
certificates app receives ``signals.judgement_recorded``). Idempotent: each step is skipped
when its result already exists.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from competencies.models import Standard
from courses.models import Module
from courses.services import module_progress_complete

from .item_types import correct_response
from .models import Attempt, EvidenceRecord, Judgement, Quiz
from .scoring.competency import OBSERVED_KINDS
from .selectors.judgement import judgement_current
from .services.attempts import attempt_answers_save, attempt_start, attempt_submit
from .services.evidence import evidence_record
from .services.grading import answer_grade
from .services.judgement import judgement_record

STANDARD_CODE = "EC9101"
QUIZ_CODE = "auto-cal-101-final"
PLACE = "Centro de Evaluación Puente, Saltillo, Coahuila"
ESSAY_TEXT = (
    "Antes de abrir la estación bloqueo la energía, coloco mi candado y etiqueta, verifico "
    "energía cero y solo entonces ajusto la herramienta."
)
NOTES = {
    "performance": "Lo realizó conforme a la hoja de operación, sin recordatorios.",
    "product": "El producto cumple la especificación y la inspección visual.",
    "attitude": "Mostró orden y responsabilidad durante toda la observación.",
}


@transaction.atomic
def seed_evaluation(people: dict[Role, User]) -> Judgement | None:
    trainee, instructor, evaluator = (
        people[Role.TRAINEE],
        people[Role.INSTRUCTOR],
        people[Role.EVALUATOR],
    )
    standard = Standard.objects.filter(code=STANDARD_CODE, framework__slug="conocer-muestra")
    standard = standard.first()
    quiz = Quiz.objects.filter(code=QUIZ_CODE).first()
    if standard is None or quiz is None:
        return None
    for module in Module.objects.filter(course=quiz.course).published():
        module_progress_complete(user=trainee, module_key=module.key)
    existing = judgement_current(candidate=trainee, standard=standard)
    if existing is not None:
        return existing

    _take_quiz(quiz=quiz, trainee=trainee, grader=instructor)
    observed_on = timezone.localdate() - datetime.timedelta(days=1)
    criteria = standard.elements.prefetch_related("criteria")
    recorded = set(
        EvidenceRecord.objects.filter(candidate=trainee, standard=standard).values_list(
            "criterion_id", flat=True
        )
    )
    for element in criteria:
        for criterion in element.criteria.all():
            if criterion.kind not in OBSERVED_KINDS or criterion.pk in recorded:
                continue
            evidence_record(
                evaluator=evaluator,
                candidate=trainee,
                standard=standard,
                criterion=criterion,
                met=True,
                observed_on=observed_on,
                place=PLACE,
                notes=NOTES[criterion.kind],
            )
    return judgement_record(evaluator=evaluator, candidate=trainee, standard=standard)


def _take_quiz(*, quiz: Quiz, trainee: User, grader: User) -> None:
    """One graded attempt with full marks, unless the trainee already has a graded one."""
    if Attempt.objects.filter(quiz=quiz, user=trainee, status=Attempt.Status.GRADED).exists():
        return
    attempt = Attempt.objects.filter(
        quiz=quiz, user=trainee, status=Attempt.Status.SUBMITTED
    ).first()
    if attempt is None:
        attempt, _created = attempt_start(quiz=quiz, user=trainee, language="es")
        answers = {}
        for answer in attempt.answers.select_related("item_version"):
            response = correct_response(answer.item_version.content)
            answers[answer.position] = (
                ESSAY_TEXT if response is None else response,
                answer.sequence + 1,
            )
        attempt_answers_save(
            public_id=attempt.public_id, user=trainee, answers=answers, language="es"
        )
        attempt, _closed = attempt_submit(public_id=attempt.public_id, user=trainee)
    for answer in attempt.answers.filter(points__isnull=True):
        answer_grade(
            grader=grader,
            answer=answer,
            points=answer.max_points,
            feedback="Respuesta completa: menciona bloqueo, etiquetado y verificación.",
        )
