"""Reads for courses: module state, the trainee dashboard, cohort grids, page links.

Pages live in ``cms`` (above ``courses``), so they are reached only through Wagtail's generic
``Page`` and the locale-independent ``translation_key`` (DESIGN principle 1).
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from django.conf import settings
from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest

from wagtail.models import Page

from accounts.models import User
from competencies.coverage import Link
from competencies.translation import active_language

from .models import Cohort, Course, Enrollment, Module, ModuleProgress
from .permissions import cohort_visible_to as cohort_visible_to  # read by other apps' views
from .permissions import cohorts_for_staff


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str
    language: str


def page_links(
    keys: Iterable[uuid.UUID], *, language: str, request: HttpRequest | None = None
) -> dict[uuid.UUID, PageLink]:
    """The live page of each translation key, in ``language`` when it exists, otherwise in
    any other language (so a link never dead-ends). Two queries at most."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    pages = Page.objects.filter(translation_key__in=keys, live=True).select_related("locale")
    best: dict[uuid.UUID, Page] = {}
    for page in pages.order_by("pk"):
        current = best.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            best[page.translation_key] = page
    return {
        key: PageLink(page.title, page.get_url(request) or "", page.locale.language_code)
        for key, page in best.items()
    }


def live_languages(keys: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """Languages (in settings order) in which each translation key has a live page."""
    found: dict[uuid.UUID, set[str]] = defaultdict(set)
    rows = Page.objects.filter(translation_key__in=list(keys), live=True).values_list(
        "translation_key", "locale__language_code"
    )
    for key, language in rows:
        found[key].add(language)
    order = [code for code, _name in settings.LANGUAGES]
    return {key: [code for code in order if code in codes] for key, codes in found.items()}


@dataclass(frozen=True)
class ModuleState:
    """What a module page needs to know about its visitor."""

    is_enrolled: bool = False
    completed_at: datetime | None = None
    reflections: dict[str, str] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


def module_state(*, user: User, key: uuid.UUID) -> ModuleState:
    """The visitor's enrollment and progress on the module ``key``: no query for anonymous
    visitors, one otherwise (the enrollment, with this module's progress joined to it)."""
    if not user.is_authenticated:
        return ModuleState()
    row = (
        Enrollment.objects.active()
        .filter(user=user, course__modules__key=key)
        .annotate(
            this_module=FilteredRelation(
                "module_progress",
                condition=Q(module_progress__module=F("course__modules")),
            )
        )
        .values("this_module__completed_at", "this_module__reflections")
        .first()
    )
    if row is None:
        return ModuleState()
    return ModuleState(
        is_enrolled=True,
        completed_at=row["this_module__completed_at"],
        reflections=row["this_module__reflections"] or {},
    )


def completed_module_keys(enrollment: Enrollment) -> set[uuid.UUID]:
    """Translation keys of the modules ``enrollment`` has completed (1 query)."""
    return set(
        ModuleProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).values_list("module__key", flat=True)
    )


def enrollment_for(*, user: User, course: Course) -> Enrollment | None:
    if not user.is_authenticated:
        return None
    return Enrollment.objects.active().filter(user=user, course=course).first()


@dataclass
class CourseProgress:
    enrollment: Enrollment
    done: int
    total: int
    course_link: PageLink | None
    next_module: PageLink | None
    module_links: list[tuple[PageLink | None, bool]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def dashboard(*, user: User, language: str, request: HttpRequest | None = None):
    """The trainee's courses with progress and the next module to study (5 queries)."""
    enrollments = list(
        Enrollment.objects.active()
        .filter(user=user)
        .select_related("course", "cohort")
        .prefetch_related(
            Prefetch("course__modules", queryset=Module.objects.published().order_by("position")),
            Prefetch(
                "module_progress",
                queryset=ModuleProgress.objects.filter(completed_at__isnull=False),
                to_attr="completed",
            ),
        )
        .order_by("completed_at", "-enrolled_at")
    )
    keys = [e.course.page_key for e in enrollments if e.course.page_key]
    keys += [m.key for e in enrollments for m in e.course.modules.all()]
    links = page_links(keys, language=language, request=request)
    result = []
    for enrollment in enrollments:
        modules = list(enrollment.course.modules.all())
        done_ids = {p.module_id for p in enrollment.completed}
        pending = [m for m in modules if m.pk not in done_ids and m.key in links]
        result.append(
            CourseProgress(
                enrollment=enrollment,
                done=sum(1 for m in modules if m.pk in done_ids),
                total=len(modules),
                course_link=links.get(enrollment.course.page_key),
                next_module=links[pending[0].key] if pending else None,
                module_links=[(links.get(m.key), m.pk in done_ids) for m in modules],
            )
        )
    return result


def cohorts_taught(*, user: User):
    """Cohorts ``user`` follows, newest first: those they teach and those of the courses they
    lead, every cohort for administrators (the rule is ``permissions.cohorts_for_staff``)."""
    return cohorts_for_staff(user).order_by("-starts_on", "name")


@dataclass
class CohortRow:
    enrollment: Enrollment
    cells: list[ModuleProgress | None]

    @property
    def done(self) -> int:
        return sum(1 for cell in self.cells if cell is not None and cell.completed_at)


COHORT_STATUSES = ("all", "completed", "in_progress", "not_started")


def cohort_grid_modules(*, cohort: Cohort, language: str) -> list[tuple[Module, Link | None]]:
    """The columns of a cohort's grid: its course's published modules with links (2 queries)."""
    modules = list(
        Module.objects.published().filter(course_id=cohort.course_id).order_by("position")
    )
    links = page_links([m.key for m in modules], language=language)
    return [(module, links.get(module.key)) for module in modules]


def cohort_enrollments(
    *, cohort: Cohort, status: str = "all", search: str = ""
) -> QuerySet[Enrollment]:
    """The grid's rows, filtered and in order (by trainee's name), for paging."""
    enrollments = (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if search:
        enrollments = enrollments.filter(
            Q(user__first_name__icontains=search)
            | Q(user__last_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    started = ModuleProgress.objects.filter(enrollment=OuterRef("pk"))
    if status == "completed":
        enrollments = enrollments.filter(completed_at__isnull=False)
    elif status == "in_progress":
        enrollments = enrollments.filter(Exists(started), completed_at__isnull=True)
    elif status == "not_started":
        enrollments = enrollments.filter(~Exists(started))
    return enrollments


def cohort_grid_rows(
    enrollments: Iterable[Enrollment], modules: list[tuple[Module, Link | None]]
) -> list[CohortRow]:
    """``enrollments`` (a page of them) × ``modules``: each cell its progress (1 query)."""
    enrollments = list(enrollments)
    progress = {
        (p.enrollment_id, p.module_id): p
        for p in ModuleProgress.objects.filter(enrollment__in=enrollments).order_by()
    }
    return [
        CohortRow(e, [progress.get((e.pk, module.pk)) for module, _link in modules])
        for e in enrollments
    ]


@dataclass(frozen=True)
class CohortGridLine:
    """A row of the grid as plain values (the CSV export): the trainee, when they finished
    the course, and when they finished each of the grid's modules (``None``: not yet)."""

    first_name: str
    last_name: str
    email: str
    completed_at: datetime | None
    modules_completed: list[datetime | None]

    @property
    def done(self) -> int:
        return sum(1 for completed in self.modules_completed if completed)


ROWS_PER_FETCH = 2000


def cohort_grid_all_rows(
    enrollments: QuerySet[Enrollment], modules: list[tuple[Module, Link | None]]
) -> Iterator[CohortGridLine]:
    """Every row of ``enrollments`` (filtered and ordered by ``cohort_enrollments``) with its
    progress in ``modules``, for the streamed CSV: one query, the enrolments left-joined to
    their progress and read in one ordered pass (``ROWS_PER_FETCH`` rows fetched at a time,
    a server-side cursor on PostgreSQL), so memory does not grow with the cohort."""
    columns = {module.pk: position for position, (module, _link) in enumerate(modules)}
    rows = enrollments.values_list(
        "pk",
        "user__first_name",
        "user__last_name",
        "user__email",
        "completed_at",
        "module_progress__module_id",
        "module_progress__completed_at",
    ).iterator(chunk_size=ROWS_PER_FETCH)
    for _pk, enrollment in itertools.groupby(rows, key=itemgetter(0)):
        first = next(enrollment)
        completed: list[datetime | None] = [None] * len(modules)
        for *_, module_id, module_completed in (first, *enrollment):
            if module_id in columns:
                completed[columns[module_id]] = module_completed
        yield CohortGridLine(first[1], first[2], first[3], first[4], completed)


# What teaches and prepares for a standard (read by cms.standards; see competencies.coverage)


def modules_teaching_criteria(criterion_ids: list[int]) -> dict[int, list[Link]]:
    """Modules that teach each criterion, as links in the active language (2 queries)."""
    if not criterion_ids:
        return {}
    rows = list(
        Module.criteria.through.objects.filter(criterion_id__in=criterion_ids).values_list(
            "criterion_id", "module__key"
        )
    )
    links = page_links({key for _pk, key in rows}, language=active_language())
    result: dict[int, list[Link]] = defaultdict(list)
    for criterion_id, key in rows:
        if key in links:
            result[criterion_id].append(Link(title=links[key].title, url=links[key].url))
    return dict(result)


def courses_preparing_standards(standard_ids: list[int]) -> dict[int, list[Link]]:
    """Published courses that target each standard (2 queries)."""
    if not standard_ids:
        return {}
    rows = list(
        Course.target_standards.through.objects.filter(standard_id__in=standard_ids).select_related(
            "course"
        )
    )
    links = page_links(
        {row.course.page_key for row in rows if row.course.page_key}, language=active_language()
    )
    result: dict[int, list[Link]] = defaultdict(list)
    for row in rows:
        link = links.get(row.course.page_key)
        if link is not None:
            result[row.standard_id].append(Link(title=row.course.title, url=link.url))
    return dict(result)


REFLECTION_BLOCK = "reflection"


def reflection_prompt_ids(*, module_key: uuid.UUID) -> frozenset[str]:
    """The ids of the reflection prompts on the module's live pages (any language: a
    translation keeps its source's block ids). Pages are read through Wagtail's generic
    ``Page``: a module page's ``body`` stream holds ``reflection`` blocks."""
    ids: set[str] = set()
    for page in Page.objects.filter(translation_key=module_key, live=True).specific():
        for block in getattr(page, "body", None) or ():
            if block.block_type == REFLECTION_BLOCK and block.id:
                ids.add(block.id)
    return frozenset(ids)
