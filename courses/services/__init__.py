"""Writes for courses, keyword-only and atomic, side effects after commit.

``learning``: progress, reflections, completion, sync with published pages;
``enrollment``: enrolling, moving and withdrawing trainees; ``roster``: bulk enrolment from
a file; ``catalog``: courses and cohorts. Explicit re-exports: callers import from here.
"""

from .catalog import cohort_delete, cohort_save, course_save, staff_problems
from .enrollment import (
    course_is_published,
    enrollment_create,
    enrollment_move,
    enrollment_withdraw,
    invitation_resend,
    learner_enrol,
)
from .learning import (
    REFLECTION_MAX_LENGTH,
    NotEnrolledError,
    course_page_sync,
    enrollment_completion_check,
    module_progress_complete,
    module_sync,
    reflection_save,
)
from .roster import RosterPlan, RosterRefused, enrollment_bulk_create, roster_plan

__all__ = [
    "REFLECTION_MAX_LENGTH",
    "NotEnrolledError",
    "RosterPlan",
    "RosterRefused",
    "cohort_delete",
    "cohort_save",
    "course_is_published",
    "course_page_sync",
    "course_save",
    "enrollment_bulk_create",
    "enrollment_completion_check",
    "enrollment_create",
    "enrollment_move",
    "enrollment_withdraw",
    "invitation_resend",
    "learner_enrol",
    "module_progress_complete",
    "module_sync",
    "reflection_save",
    "roster_plan",
    "staff_problems",
]
