"""Background work for courses, through the Django tasks API (immediate in tests, RQ in
production): e-mails are sent after the enrolment commits, one task per trainee."""

from django_tasks import task


@task()
def enrollment_invitation_email(enrollment_id: int, new_account: bool) -> None:
    from .models import Enrollment
    from .notifications import enrollment_invitation_notify

    enrollment = (
        Enrollment.objects.select_related("user", "course", "cohort")
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is not None and enrollment.withdrawn_at is None:
        enrollment_invitation_notify(enrollment=enrollment, new_account=new_account)
