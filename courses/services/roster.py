"""Bulk enrolment from a roster file (``courses.roster`` reads it): plan, then write.

``roster_plan`` says what would happen, row by row, against the database as it is now (a
handful of queries whatever the size). ``enrollment_bulk_create`` plans again inside its
transaction and writes everything or nothing: any row error refuses the whole file.
Invitations are sent after commit, one task per trainee, in each one's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create

from ..models import Cohort, Enrollment
from ..roster import Roster, RosterRow, RowError
from .enrollment import enrollment_create, invitation_enqueue, require_enrol


@dataclass
class RosterPlan:
    new_accounts: list[RosterRow] = field(default_factory=list)
    existing: list[tuple[RosterRow, User]] = field(default_factory=list)
    moved: list[tuple[RosterRow, User, Cohort]] = field(default_factory=list)
    already: list[tuple[RosterRow, User]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def to_write(self) -> int:
        return len(self.new_accounts) + len(self.existing) + len(self.moved)


class RosterRefused(Exception):
    """The roster has row errors: nothing was written. ``plan.errors`` says why."""

    def __init__(self, plan: RosterPlan):
        super().__init__(_("The file has errors; nobody was enrolled."))
        self.plan = plan


def roster_plan(*, cohort: Cohort, roster: Roster) -> RosterPlan:
    """Classify each row: new account, existing account to enrol, moved here from another
    cohort of the course, already in this cohort, or an error (with the file's own)."""
    plan = RosterPlan(errors=list(roster.errors))
    emails = [row.email for row in roster.rows]
    users = {
        user.email.lower(): user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    curps = dict(
        User.objects.filter(curp__in=[row.curp for row in roster.rows if row.curp]).values_list(
            "curp", "email"
        )
    )
    enrollments = {
        enrollment.user_id: enrollment
        for enrollment in Enrollment.objects.filter(
            course_id=cohort.course_id, user__in=users.values()
        ).select_related("cohort")
    }
    for row in roster.rows:
        user = users.get(row.email)
        if user is None:
            problems = []
            if not row.first_name:
                problems.append(_("Given names are missing (needed for a new account)."))
            if not row.last_name:
                problems.append(_("Family names are missing (needed for a new account)."))
            if row.curp and row.curp in curps:
                problems.append(_("This CURP belongs to another account."))
            if problems:
                plan.errors.append(RowError(row.number, tuple(problems)))
            else:
                plan.new_accounts.append(row)
            continue
        enrollment = enrollments.get(user.pk)
        if enrollment is None or enrollment.withdrawn_at is not None:
            plan.existing.append((row, user))
        elif enrollment.cohort_id == cohort.pk:
            plan.already.append((row, user))
        elif enrollment.cohort is not None:
            plan.moved.append((row, user, enrollment.cohort))
        else:  # self-enrolled: joins the cohort
            plan.existing.append((row, user))
    plan.errors.sort(key=lambda error: error.number)
    return plan


@transaction.atomic
def enrollment_bulk_create(*, cohort: Cohort, actor: User, roster: Roster) -> RosterPlan:
    """Enrol every row of ``roster`` in ``cohort``, creating the accounts that do not exist;
    all or nothing. Raises ``RosterRefused`` (nothing written) when a row has an error."""
    require_enrol(actor, cohort)
    plan = roster_plan(cohort=cohort, roster=roster)
    if plan.errors:
        raise RosterRefused(plan)
    for row in plan.new_accounts:
        user = user_create(
            email=row.email,
            password=None,  # chosen by the trainee through the invitation's link
            first_name=row.first_name,
            last_name=row.last_name,
            preferred_language=row.language,
            curp=row.curp,
            roles=(Role.TRAINEE,),
        )
        _enrol(cohort, actor, user, new_account=True)
    for _row, user, *_cohort in [*plan.existing, *plan.moved]:
        _enrol(cohort, actor, user, new_account=False)
    log(
        instance=cohort,
        action="courses.import",
        user=actor,
        data={
            "new_accounts": len(plan.new_accounts),
            "existing": len(plan.existing),
            "moved": len(plan.moved),
            "already": len(plan.already),
        },
    )
    return plan


def _enrol(cohort: Cohort, actor: User, user: User, *, new_account: bool) -> None:
    enrollment = enrollment_create(
        user=user, course=cohort.course, cohort=cohort, enrolled_by=actor
    )
    invitation_enqueue(enrollment, new_account=new_account)
