"""Reads for the site pages, so page models stay thin (each ``get_context`` calls one)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, QueryDict
from django.http.request import split_domain_port
from django.utils.functional import cached_property
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from accounts.languages import LANGUAGE_CODES
from assessments import selectors as assessment_selectors
from competencies.models import Criterion, Standard
from competencies.translation import columns as translation_columns
from competencies.translation import translated_value
from courses import selectors as course_selectors
from courses.models import Module

from .forms import CatalogFilterForm


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def site_for_request(request: HttpRequest) -> Site | None:
    """The Wagtail site answering ``request``, chosen exactly as Wagtail chooses it (exact
    hostname and port, then the hostname's default, then the only hostname, then the
    default site), with its root page, in one query.

    Wagtail ranks the candidates in SQL with a CASE expression and orders them by the site
    manager's case-insensitive names; compiling that query costs more than serving the rest
    of a page's routing, so the ranking happens here on the few rows instead."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = str(request.get_port())
    sites = list(
        Site.objects.order_by("pk")
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .select_related("root_page")
    )

    def rank(site: Site) -> int:
        if site.hostname == hostname and str(site.port) == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    sites.sort(key=rank)
    if not sites:
        return None
    if len(sites) == 1 or rank(sites[0]) < 2:
        return sites[0]
    # The default site is first; one other site with this hostname wins over it.
    return sites[1] if len(sites) == 2 else sites[0]


def page_route(*, site: Site, request: HttpRequest, path: str):
    """Wagtail's route ``(page, args, kwargs)`` to the published page at exactly ``path``
    under the site's home page in the active language, in one or two queries (``page_at``)
    instead of two per tree level; ``None`` for anything unusual (the home
    page itself, a draft, no such page, a sub-route), which Wagtail's own walk answers."""
    components = [component for component in path.split("/") if component]
    if not components:
        return None
    home = site.root_page.localized
    page = page_at(home.url_path + "/".join(components) + "/")
    if page is None or not page.live:
        return None
    try:
        return page.route(request, [])
    except Http404:
        return None


def page_at(url_path: str) -> Page | None:
    """The specific page at ``url_path``: one query when this process has served a page
    there before (its type is remembered in the process's own cache, ``template_fragments``,
    and checked against the row read), two otherwise (the page, then its specific row)."""
    fragments = caches["template_fragments"]
    key = "page-type:" + hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest()
    content_type_id = fragments.get(key)
    if content_type_id is not None:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(url_path=url_path).first() if model else None
        if page is not None and page.content_type_id == content_type_id:
            return page
    page = Page.objects.filter(url_path=url_path).specific().first()
    if page is not None:
        fragments.set(key, page.content_type_id, None)
    return page


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


@dataclass(frozen=True)
class CourseModule:
    page: Page  # in the visitor's language when published in it, otherwise in another
    done: bool

    @property
    def language(self) -> str:
        return self.page.locale.language_code


def course_page(*, page, request: HttpRequest) -> dict:
    """The course's modules, the visitor's enrollment and quizzes.

    The modules are the course's (``Module.objects.published()``, in course order), whatever
    language each is published in, so progress reads the same on every language's page and
    on the learner's dashboard; a module not published in the page's language links to the
    language it has. Three queries, four for an enrolled visitor."""
    from .models import ModulePage

    keys = list(Module.objects.published().filter(course=page.course).values_list("key", flat=True))
    language = page.locale.language_code
    chosen: dict = {}
    for module in (
        ModulePage.objects.live().filter(translation_key__in=keys).select_related("locale")
    ):
        current = chosen.get(module.translation_key)
        if current is None or module.locale.language_code == language:
            chosen[module.translation_key] = module
    enrollment = course_selectors.enrollment_for(user=request.user, course=page.course)
    done_keys = course_selectors.completed_module_keys(enrollment) if enrollment else set()
    modules = [
        CourseModule(page=chosen[key], done=key in done_keys) for key in keys if key in chosen
    ]
    return {
        "modules": modules,
        "enrollment": enrollment,
        "done_count": sum(module.done for module in modules),
        "can_self_enroll": page.course.is_open,
        "quizzes": assessment_selectors.quizzes_of_course(course=page.course),
    }


NAVIGATION_FIELDS = ("id", "title", "path", "depth", "url_path", "live", "content_type_id")


def _catalog_type_id() -> int:
    from .models import CatalogPage

    return ContentType.objects.get_for_model(CatalogPage).pk


def module_page(*, page, request: HttpRequest) -> dict:
    """The visitor's progress in the module, and its outline (``ModuleOutline``: course,
    position among its siblings, criteria), which is read only if the page renders it: a page
    whose outline and body come from the cache (``cms.fragments``) reads neither. An enrolled
    trainee's page is rendered in full (their reflections, their progress).
    ``module_state`` adds no query for anonymous visitors."""
    state = course_selectors.module_state(user=request.user, key=page.translation_key)
    outline = ModuleOutline(page, request)
    if state.is_enrolled:
        # Rendered in full (cms/module_page.html): read now, so the site navigation above it
        # takes its catalog link from the outline's query instead of one of its own.
        outline.course_page  # noqa: B018
    return {"module_state": state, "module": outline}


class ModuleOutline:
    """A module's place in its course and the criteria it teaches, each read on first use.

    One query reads the navigation around the module (its course, the catalog above it and
    the published modules beside it, titles and URLs only; a draft being previewed counts
    itself among them), one the criteria; the body's size changes nothing."""

    def __init__(self, page, request: HttpRequest):
        self.page, self.request = page, request

    @cached_property
    def _around(self) -> tuple[Page | None, list[Page], int]:
        page, request = self.page, self.request
        steplen = page.steplen
        course_path, catalog_path = page.path[:-steplen], page.path[: -2 * steplen]
        around = Page.objects.filter(
            Q(path__in=[course_path, catalog_path, page.path])  # the page itself, in preview
            | Q(path__startswith=course_path, depth=page.depth, live=True)
        ).only(*NAVIGATION_FIELDS)
        siblings, course, catalog = [], None, None
        for other in sorted(around, key=lambda p: p.path):
            if other.path == course_path:
                course = other
            elif other.path == catalog_path:
                catalog = other
            else:
                siblings.append(other)
        if catalog is not None and catalog.live and catalog.content_type_id == _catalog_type_id():
            setattr(request, CATALOG_URL, catalog.get_url(request))  # the navigation's link
        position = next((i for i, p in enumerate(siblings) if p.pk == page.pk), 0)
        return course, siblings, position

    @cached_property
    def criteria(self) -> list[TaughtCriterion]:
        return _criteria_taught(self.page)

    @property
    def course_page(self) -> Page | None:
        return self._around[0]

    @property
    def number(self) -> int:
        return self._around[2] + 1

    @property
    def total(self) -> int:
        return len(self._around[1])

    @property
    def previous(self) -> Page | None:
        _course, siblings, position = self._around
        return siblings[position - 1] if position > 0 else None

    @property
    def next(self) -> Page | None:
        _course, siblings, position = self._around
        return siblings[position + 1] if position + 1 < len(siblings) else None


@dataclass(frozen=True)
class TaughtCriterion:
    """A criterion as a module page lists it: its reference and its text in the active
    language (with the framework's source language as fallback)."""

    code: str
    text: str


#: The order of ``Criterion.Meta.ordering`` spelled out to the columns it ends at.
_CRITERIA_ORDER = (
    "element__standard__framework__country",
    "element__standard__code",
    "element__standard__version",
    "element__number",
    "number",
)


def _criteria_taught(page) -> list[TaughtCriterion]:
    """The module's criteria, references and texts, in one query of plain values for a saved
    page (no criterion, element, standard or framework instance is built: on a page that
    lists a handful, building them cost more than the rest of the module's context).

    A page being previewed holds its criteria in memory (modelcluster's relation, filled from
    the editor's form, not a database query); the relation is read as the page has it, and
    only the criteria's element and standard are fetched."""
    criteria = page.criteria.all()
    if not isinstance(criteria, QuerySet):  # the preview's in-memory relation
        criteria = list(criteria)
        prefetch_related_objects(criteria, "element__standard__framework")
        return [TaughtCriterion(code=c.code, text=c.text) for c in criteria]
    text_columns = translation_columns("text")
    rows = criteria.order_by(*_CRITERIA_ORDER).values_list(
        "number",
        "element__number",
        "element__standard__code",
        "element__standard__framework__source_language",
        *text_columns,
    )
    return [
        TaughtCriterion(
            code=Criterion.reference(code, element, number),
            text=translated_value(dict(zip(LANGUAGE_CODES, texts, strict=True)), source=source),
        )
        for number, element, code, source, *texts in rows
    ]


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


CATALOG_URL = "_puente_catalog_url"  # the request attribute that remembers it


def catalog_page_url(request: HttpRequest) -> str:
    """The catalog page of the active language, for the site navigation: 1 query, once per
    request, none when the module page already read its catalog with its navigation (the
    navigation anonymous visitors see is cached: ``cms.fragments``)."""
    if not hasattr(request, CATALOG_URL):
        from .models import CatalogPage

        page = (
            CatalogPage.objects.live()
            .filter(locale__language_code=_language())
            .only("url_path", "path", "depth")
            .first()
        )
        # Without the request: the URL Wagtail gives any page of the site (a path when there
        # is one site), with no query for the request's site on views that are not pages.
        setattr(request, CATALOG_URL, page.get_url() if page else "")
    return getattr(request, CATALOG_URL)
