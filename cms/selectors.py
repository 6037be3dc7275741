"""Reads for the site pages, so page models stay thin (each ``get_context`` calls one)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, QueryDict
from django.utils.translation import get_language

from wagtail.models import Locale, Page

from assessments import selectors as assessment_selectors
from competencies.models import Criterion, Standard
from courses import selectors as course_selectors

from .forms import CatalogFilterForm


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _course_cards(pages, request: HttpRequest | None, *, language: str | None = None):
    pages = list(pages)
    languages = course_selectors.live_languages(page.translation_key for page in pages)
    cards = []
    for page in pages:
        available = languages.get(page.translation_key, [])
        if language and language not in available:
            continue
        cards.append({"page": page, "course": page.course, "languages": available})
    return cards


def _course_pages():
    from .models import CoursePage

    return (
        CoursePage.objects.live()
        .select_related("course")
        .prefetch_related(
            Prefetch("course__target_standards", queryset=Standard.objects.order_by("code"))
        )
        .order_by("path")
    )


def catalog(*, catalog: Page, data: QueryDict, request: HttpRequest | None = None) -> dict:
    """The catalog's filter form and the course cards it selects."""
    form = CatalogFilterForm(data or None)
    pages = _course_pages().child_of(catalog)
    language = ""
    if form.is_valid():
        filters = form.cleaned_data
        if filters["sector"]:
            pages = pages.filter(course__sector=filters["sector"])
        if filters["skill_focus"]:
            pages = pages.filter(course__skill_focus=filters["skill_focus"])
        if filters["standard"]:
            pages = pages.filter(course__target_standards=filters["standard"])
        language = filters["language"]
    cards = _course_cards(pages, request, language=language)
    return {"filter_form": form, "course_cards": cards, "is_filtered": bool(data)}


def featured_courses(*, home: Page, limit: int = 3) -> list[dict]:
    """A few published courses of the home page's language, for its front page."""
    return _course_cards(_course_pages().descendant_of(home)[:limit], None)


def course_page(*, page, request: HttpRequest) -> dict:
    from .models import ModulePage

    modules = list(ModulePage.objects.child_of(page).live().order_by("path"))
    enrollment = course_selectors.enrollment_for(user=request.user, course=page.course)
    done_keys = course_selectors.completed_module_keys(enrollment) if enrollment else set()
    return {
        "modules": [(module, module.translation_key in done_keys) for module in modules],
        "enrollment": enrollment,
        "done_count": len(done_keys),
        "can_self_enroll": page.course.is_open,
        "quizzes": assessment_selectors.quizzes_of_course(course=page.course),
    }


def module_page(*, page, request: HttpRequest) -> dict:
    from .models import CoursePage, ModulePage

    siblings = list(ModulePage.objects.sibling_of(page).live().order_by("path"))
    position = next((i for i, p in enumerate(siblings) if p.pk == page.pk), 0)
    course = CoursePage.objects.filter(path=page.path[: -page.steplen]).first()
    return {
        "module_state": course_selectors.module_state(user=request.user, key=page.translation_key),
        "criteria": list(
            Criterion.objects.filter(pk__in=page.criteria.values("pk")).select_related(
                "element__standard"
            )
        ),
        "course_page": course,
        "module_number": position + 1,
        "module_total": len(siblings),
        "previous_module": siblings[position - 1] if position > 0 else None,
        "next_module": siblings[position + 1] if position + 1 < len(siblings) else None,
    }


@dataclass(frozen=True)
class ParityRow:
    source: Page
    language: str
    status: str  # "missing" or "outdated"
    translation: Page | None
    source_published_at: datetime | None
    translation_published_at: datetime | None


def translation_parity(*, page_types: tuple[type[Page], ...] | None = None) -> list[ParityRow]:
    """Pages whose translation is missing or older than its source (3 queries).

    The source of a page is its version in the default language (Spanish) when it exists,
    otherwise its oldest version. A translation is *outdated* when its source was published
    after it; it is *missing* when no page exists in that language."""
    from .models import CatalogPage, CoursePage, HomePage, ModulePage

    page_types = page_types or (HomePage, CatalogPage, CoursePage, ModulePage)
    pages = Page.objects.type(*page_types).select_related("locale", "content_type").order_by("path")
    groups: dict = defaultdict(list)
    for page in pages:
        groups[page.translation_key].append(page)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    default = settings.LANGUAGE_CODE
    rows = []
    for versions in groups.values():
        by_language = {page.locale.language_code: page for page in versions}
        source = by_language.get(default) or min(versions, key=lambda page: page.pk)
        for code in locales:
            if code == source.locale.language_code:
                continue
            translation = by_language.get(code)
            if translation is None:
                status = "missing"
            elif source.last_published_at and (
                translation.last_published_at is None
                or translation.last_published_at < source.last_published_at
            ):
                status = "outdated"
            else:
                continue
            rows.append(
                ParityRow(
                    source=source,
                    language=code,
                    status=status,
                    translation=translation,
                    source_published_at=source.last_published_at,
                    translation_published_at=translation.last_published_at if translation else None,
                )
            )
    return rows


def catalog_page_url(request: HttpRequest) -> str:
    """The catalog page of the active language, for the site navigation (1 query)."""
    from .models import CatalogPage

    page = (
        CatalogPage.objects.live()
        .filter(locale__language_code=_language())
        .only("url_path", "path", "depth")
        .first()
    )
    return page.get_url(request) if page else ""
