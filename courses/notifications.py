"""E-mails about enrolment, each in the trainee's language (``accounts.notifications``)."""

from django.urls import reverse
from django.utils.translation import get_language

from accounts.notifications import absolute_url, password_set_url, user_notify

from .models import Enrollment
from .selectors import page_links


def enrollment_invitation_notify(*, enrollment: Enrollment, new_account: bool) -> None:
    """Tell a trainee they are enrolled: a link to the course (its page in their language,
    else their dashboard) and, for a new account, a link to choose their password."""
    user = enrollment.user

    def context() -> dict:
        link = page_links(
            [enrollment.course.page_key] if enrollment.course.page_key else [],
            language=get_language(),
        ).get(enrollment.course.page_key)
        url = link.url if link and link.url else reverse("dashboard")
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
