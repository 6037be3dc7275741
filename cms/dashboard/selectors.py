"""Reads for the dashboards, composed from the domain apps' selectors (cms is above them all).

The learner's home: what to do next and by when (the next module of each course, due when
its cohort ends; the open quizzes not passed yet, due when they close), progress per course
and per competency, and the certificates held with their expiry. The instructor's: each
cohort's progress, its heatmap summary, the grading queue and the learners at risk.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessments.models import Attempt, Quiz
from assessments.selectors.grading import grading_queue
from assessments.selectors.progress import standards_of, standards_progress
from assessments.selectors.statistics import HeatCell, cohort_summary, heatmap_columns
from certificates.models import Certificate
from certificates.selectors import certificates_of
from courses import selectors as course_selectors
from courses.models import Cohort, Course, Enrollment, ModuleProgress
from courses.selectors import CourseProgress

from .charts import Ring, Segment, percent, stack

DUE_SOON_DAYS = 7
EXPIRY_WARNING_DAYS = 90
INACTIVE_DAYS = 14  # a learner with no activity for this long is at risk
COHORTS_SHOWN = 12
AT_RISK_SHOWN = 50


@dataclass(frozen=True)
class NextStep:
    """One thing to do: study a module, take a quiz; ``due`` a date or a moment, or None."""

    kind: str  # "module" or "quiz"
    title: str
    url: str
    course: str
    due: datetime.date | datetime.datetime | None = None
    language: str = ""  # the link's language when it is not the page's

    @property
    def due_date(self) -> datetime.date | None:
        if isinstance(self.due, datetime.datetime):
            return timezone.localdate(self.due)
        return self.due

    def state(self, today: datetime.date) -> str:
        """``overdue``, ``soon`` (within a week) or ``later`` (or no date)."""
        if self.due_date is None:
            return "later"
        if self.due_date < today:
            return "overdue"
        if (self.due_date - today).days <= DUE_SOON_DAYS:
            return "soon"
        return "later"


@dataclass(frozen=True)
class ElementBar:
    number: int
    title: str
    mastered: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.mastered, self.total)


@dataclass(frozen=True)
class CompetencyChart:
    standard_id: int
    code: str
    title: str
    ring: Ring
    elements: list[ElementBar]
    judgement: str  # "" when not judged yet, else the judgement's label
    is_competent: bool


@dataclass(frozen=True)
class CertificateHeld:
    certificate: Certificate
    status: str  # valid or expired
    expires_soon: bool


@dataclass
class LearnerDashboard:
    today: datetime.date
    courses: list[tuple[CourseProgress, Ring]]
    next_steps: list[tuple[NextStep, str]]  # with its state
    competencies: list[CompetencyChart]
    certificates: list[CertificateHeld] = field(default_factory=list)


def learner_dashboard(
    *, user: User, language: str, request: HttpRequest | None = None, now=None
) -> LearnerDashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    courses = course_selectors.dashboard(user=user, language=language, request=request)
    steps = _module_steps(courses) + _quiz_steps(user=user, courses=courses, now=now)
    steps.sort(key=lambda step: (step.due_date is None, step.due_date or today, step.title))
    return LearnerDashboard(
        today=today,
        courses=[(item, Ring(item.done, item.total)) for item in courses],
        next_steps=[(step, step.state(today)) for step in steps],
        competencies=competency_charts(user=user),
        certificates=certificates_held(user=user, today=today),
    )


def _module_steps(courses: list[CourseProgress]) -> list[NextStep]:
    """The next module of each course not completed, due when the learner's cohort ends."""
    steps = []
    for item in courses:
        if item.enrollment.completed_at or item.next_module is None:
            continue
        cohort = item.enrollment.cohort
        steps.append(
            NextStep(
                kind="module",
                title=item.next_module.title,
                url=item.next_module.url,
                course=_course_title(item),
                due=cohort.ends_on if cohort else None,
                language=item.next_module.language,
            )
        )
    return steps


def _quiz_steps(*, user: User, courses: list[CourseProgress], now) -> list[NextStep]:
    """Published quizzes of the learner's courses in progress, open now, not passed yet."""
    titles = {
        item.enrollment.course_id: _course_title(item)
        for item in courses
        if not item.enrollment.completed_at
    }
    if not titles:
        return []
    passed = Attempt.objects.filter(quiz=OuterRef("pk"), user=user, passed=True)
    quizzes = (
        Quiz.objects.filter(course_id__in=titles, is_active=True)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(Exists(passed))
        .order_by("closes_at", "code")
    )
    return [
        NextStep(
            kind="quiz",
            title=quiz.title,
            url=reverse("assessments:quiz_detail", args=[quiz.pk]),
            course=titles[quiz.course_id],
            due=quiz.closes_at,
        )
        for quiz in quizzes
    ]


def _course_title(item: CourseProgress) -> str:
    return item.course_link.title if item.course_link else str(item.enrollment.course.title)


def competency_charts(*, user: User) -> list[CompetencyChart]:
    """Criteria mastered per standard the learner prepares for, and per element."""
    charts = []
    standards = standards_of(candidate=user).select_related("framework")
    for progress in standards_progress(candidate=user, standards=standards):
        standard = progress.standard
        elements = [
            ElementBar(
                number=row.element.number,
                title=row.element.title,
                mastered=row.result.mastered_count,
                total=len(row.result.criteria),
            )
            for row in progress.elements
        ]
        judgement = progress.judgement
        charts.append(
            CompetencyChart(
                standard_id=standard.pk,
                code=standard.code,
                title=standard.title,
                ring=Ring(progress.result.mastered_count, len(progress.result.criteria)),
                elements=elements,
                judgement=judgement.get_result_display() if judgement else "",
                is_competent=bool(judgement and judgement.is_competent),
            )
        )
    return charts


def certificates_held(*, user: User, today: datetime.date) -> list[CertificateHeld]:
    """The certificates the learner holds (not revoked nor replaced), in force first, each
    with its expiry warning; ``certificates:mine`` lists the others too."""
    held = [
        CertificateHeld(
            certificate=certificate,
            status=certificate.public_status,
            expires_soon=certificate.public_status == "valid"
            and certificate.expires_within(EXPIRY_WARNING_DAYS, today),
        )
        for certificate in certificates_of(user).filter(status=Certificate.Status.VALID)
    ]
    held.sort(key=lambda entry: entry.status != "valid")
    return held


# --- the instructor's dashboard -----------------------------------------------------------


@dataclass(frozen=True)
class StandardSummary:
    """A cohort's heatmap summary on one standard: its criteria by how much of the cohort
    mastered them (the heatmap's colour bands)."""

    code: str
    criteria: int
    segments: list[Segment]


@dataclass(frozen=True)
class CohortOverview:
    cohort: Cohort
    trainees: int
    completed: int
    in_progress: int
    not_started: int
    progress: list[Segment]
    standards: list[StandardSummary]


@dataclass(frozen=True)
class LearnerAtRisk:
    enrollment: Enrollment
    inactive: bool
    failing: bool
    last_active: datetime.datetime


@dataclass
class InstructorDashboard:
    cohorts: list[CohortOverview]
    cohorts_total: int
    to_grade: int
    at_risk: list[LearnerAtRisk]
    at_risk_total: int
    inactive_days: int = INACTIVE_DAYS


def instructor_dashboard(*, user: User, now=None) -> InstructorDashboard:
    """The cohorts ``user`` follows (the newest ``COHORTS_SHOWN``) with their progress and
    heatmap summaries, the essays waiting for them and the learners at risk. The number of
    queries depends on the cohorts and standards shown, not on the number of learners."""
    now = now or timezone.now()
    cohorts_all = course_selectors.cohorts_taught(user=user)
    cohorts = list(cohorts_all.select_related("course")[:COHORTS_SHOWN])
    at_risk = learners_at_risk(cohorts=cohorts, now=now)
    return InstructorDashboard(
        cohorts=cohort_overviews(cohorts),
        cohorts_total=cohorts_all.count(),
        to_grade=grading_queue(user=user).count(),
        at_risk=at_risk[:AT_RISK_SHOWN],
        at_risk_total=len(at_risk),
    )


# The heatmap's bands, best first; their names are the heatmap legend's (the templates say them).
BANDS = ("high", "mid", "low", "none")


def cohort_overviews(cohorts: list[Cohort]) -> list[CohortOverview]:
    """Each cohort's trainees by progress: done, started (a module opened or a quiz tried)
    or not started (one query for all); and, per standard its course
    prepares for, its criteria by heatmap band (the heatmap's own summary row)."""
    studied = ModuleProgress.objects.filter(enrollment=OuterRef("pk"))
    tried = Attempt.objects.filter(user=OuterRef("user_id"), quiz__course=OuterRef("course_id"))
    started = Q(Exists(studied)) | Q(Exists(tried))
    counts = {
        row["cohort_id"]: row
        for row in Enrollment.objects.active()
        .filter(cohort__in=cohorts)
        .values("cohort_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            started=Count("pk", filter=Q(completed_at__isnull=True) & started),
        )
        .order_by()
    }
    standards = _cohort_standards(cohorts)
    columns = {standard.pk: heatmap_columns(standard) for s in standards.values() for standard in s}
    overviews = []
    for cohort in cohorts:
        row = counts.get(cohort.pk, {"total": 0, "completed": 0, "started": 0})
        not_started = row["total"] - row["completed"] - row["started"]
        summaries = [
            _standard_summary(standard.code, cohort_summary(cohort, columns[standard.pk]))
            for standard in standards.get(cohort.course_id, [])
        ]
        overviews.append(
            CohortOverview(
                cohort=cohort,
                trainees=row["total"],
                completed=row["completed"],
                in_progress=row["started"],
                not_started=not_started,
                progress=stack(
                    [
                        ("high", _("Completed"), row["completed"]),
                        ("mid", _("In progress"), row["started"]),
                        ("none", _("Not started"), not_started),
                    ]
                ),
                standards=summaries,
            )
        )
    return overviews


def _cohort_standards(cohorts: list[Cohort]) -> dict[int, list]:
    """The standards each cohort's course prepares for, by course id (one query)."""
    through = Course.target_standards.through
    result: dict[int, list] = {}
    rows = (
        through.objects.filter(course_id__in={c.course_id for c in cohorts})
        .select_related("standard")
        .order_by("standard__code")
    )
    for row in rows:
        result.setdefault(row.course_id, []).append(row.standard)
    return result


def _standard_summary(code: str, cells: list[HeatCell]) -> StandardSummary:
    bands = [cell.band for cell in cells]
    return StandardSummary(
        code=code,
        criteria=len(cells),
        segments=stack([(band, "", bands.count(band)) for band in BANDS]),
    )


def learners_at_risk(*, cohorts: list[Cohort], now) -> list[LearnerAtRisk]:
    """Learners of ``cohorts`` still studying who did nothing for ``INACTIVE_DAYS`` days (no
    module opened or done, no quiz started) or failed a quiz they have not passed since;
    the longest idle first (one query)."""
    cutoff = now - datetime.timedelta(days=INACTIVE_DAYS)
    progress = ModuleProgress.objects.filter(enrollment=OuterRef("pk"))
    attempts = Attempt.objects.filter(user=OuterRef("user_id"), quiz__course=OuterRef("course_id"))
    passed_since = Attempt.objects.filter(
        user=OuterRef("user_id"), quiz=OuterRef("quiz"), passed=True
    )
    recent = (
        Q(enrolled_at__gte=cutoff)
        | Exists(progress.filter(Q(started_at__gte=cutoff) | Q(completed_at__gte=cutoff)))
        | Exists(attempts.filter(started_at__gte=cutoff))
    )
    failing = Exists(attempts.filter(passed=False).exclude(Exists(passed_since)))
    rows = (
        Enrollment.objects.active()
        .filter(cohort__in=cohorts, completed_at__isnull=True)
        .annotate(
            is_recent=ExpressionWrapper(recent, output_field=BooleanField()),
            is_failing=ExpressionWrapper(failing, output_field=BooleanField()),
            last_module=Subquery(progress.order_by("-started_at").values("started_at")[:1]),
            last_done=Subquery(
                progress.filter(completed_at__isnull=False)
                .order_by("-completed_at")
                .values("completed_at")[:1]
            ),
            last_attempt=Subquery(attempts.order_by("-started_at").values("started_at")[:1]),
        )
        .filter(Q(is_recent=False) | Q(is_failing=True))
        .select_related("user", "cohort")
    )
    result = [
        LearnerAtRisk(
            enrollment=row,
            inactive=not row.is_recent,
            failing=row.is_failing,
            last_active=max(
                moment
                for moment in (row.enrolled_at, row.last_module, row.last_done, row.last_attempt)
                if moment is not None
            ),
        )
        for row in rows
    ]
    result.sort(key=lambda entry: (entry.last_active, entry.enrollment.pk))
    return result
