"""Background work, through the Django tasks API (immediate in tests, RQ in production)."""

from django_tasks import task


@task()
def attempt_graded_email(attempt_id: int) -> None:
    from .models import Attempt
    from .services.grading import attempt_graded_notify

    attempt_graded_notify(attempt=Attempt.objects.select_related("user", "quiz").get(pk=attempt_id))


@task()
def essays_to_grade_email(attempt_id: int) -> None:
    from .models import Attempt
    from .services.grading import essays_to_grade_notify

    essays_to_grade_notify(
        attempt=Attempt.objects.select_related("user", "quiz").get(pk=attempt_id)
    )


@task()
def judgement_email(judgement_id: int) -> None:
    from .models import Judgement
    from .services.judgement import judgement_notify

    judgement_notify(
        judgement=Judgement.objects.select_related("candidate", "standard").get(pk=judgement_id)
    )


@task()
def attempts_close_overdue() -> int:
    """Close and grade the attempts their trainees left open past the deadline; scheduled."""
    from .services.attempts import attempts_close_overdue as close

    return close()


@task()
def standings_rebuild(standard_id: int) -> int:
    """Recompute a standard's standings after its rules changed (see services.standings)."""
    from competencies.models import Standard

    from .services.standings import standings_rebuild as rebuild

    return rebuild(standard=Standard.objects.get(pk=standard_id))
