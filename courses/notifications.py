"""E-mails about enrolment, each in the trainee's language (``accounts.notifications``)."""

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.inbox import notification_create
from accounts.models import Notification
from accounts.notifications import absolute_url, password_set_url, user_notify

from .models import Enrollment
from .selectors import page_links


def enrollment_invitation_notify(*, enrollment: Enrollment, new_account: bool) -> None:
    """Tell a trainee they are enrolled: a link to the course (its page in their language,
    else their dashboard) and, for a new account, a link to choose their password."""
    user = enrollment.user

    def course_url() -> str:
        link = page_links(
            [enrollment.course.page_key] if enrollment.course.page_key else [],
            language=get_language(),
        ).get(enrollment.course.page_key)
        return link.url if link and link.url else reverse("dashboard")

    notification_create(
        user=user,
        kind=Notification.Kind.ENROLLED,
        subject=f"enrollment:{enrollment.pk}",
        render=lambda: (
            _("You are enrolled in “%(course)s”.") % {"course": enrollment.course.title},
            course_url(),
        ),
    )

    def context() -> dict:
        url = course_url()
        return {
            "trainee": user,
            "course": enrollment.course,
            "cohort": enrollment.cohort,
            "new_account": new_account,
            "password_url": password_set_url(user) if new_account else "",
            "course_url": url if url.startswith("http") else absolute_url(url),
            "login_url": absolute_url(reverse("accounts:login")),
        }

    user_notify(user=user, template="courses/email/invitation", context=context)
