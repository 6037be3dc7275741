"""Courses and cohorts in the Wagtail admin, their permission policies and log actions."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Cohort, Course
from .viewsets import CohortPolicy, CoursePolicy, CourseViewSetGroup

register_permission_policy(Course, CoursePolicy(Course))
register_permission_policy(Cohort, CohortPolicy(Cohort))


@hooks.register("register_admin_viewset")
def register_course_viewsets():
    return CourseViewSetGroup()


@hooks.register("register_log_actions")
def register_course_log_actions(actions):
    actions.register_action("courses.enrol", _("Enrol in a cohort"), _("Enrolled in a cohort"))
    actions.register_action("courses.withdraw", _("Withdraw"), _("Withdrawn from the cohort"))
    actions.register_action(
        "courses.move", _("Move to another cohort"), _("Moved to another cohort")
    )
    actions.register_action("courses.invite", _("Resend invitation"), _("Invitation sent again"))
    actions.register_action("courses.import", _("Enrol from a file"), _("Enrolled from a file"))


@hooks.register("insert_global_admin_css")
def course_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("courses/admin/cohorts.css"))
