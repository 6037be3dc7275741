"""Reads for competency standards: public listings, a standard's page, export.

Every function runs a fixed number of queries whatever the size of a standard (elements,
criteria, crosswalk entries). Pages that add what courses and assessments say about a
standard compose these with their selectors in ``cms.standards``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from .case import case_namespace, case_package, node_identifier
from .exchange import FORMAT_NAME, FORMAT_VERSION
from .models import Criterion, CrosswalkEntry, Element, Framework, Standard
from .translation import texts

PUBLIC_STATUSES = (Standard.Status.CURRENT, Standard.Status.WITHDRAWN, Standard.Status.SUPERSEDED)
KIND_ORDER = list(Criterion.Kind.values)


def criterion_choices() -> QuerySet[Criterion]:
    """Criteria as a form's choices list them: an option's label (``EC0301 E2.3 text``) reads
    its element, standard and, for the text's fallback, framework, all in the one query."""
    return Criterion.objects.select_related("element__standard__framework")


def element_choices() -> QuerySet[Element]:
    """Elements as a form's choices list them (``EC0301 E2 title``), in one query."""
    return Element.objects.select_related("standard__framework")


def standard_choices() -> QuerySet[Standard]:
    """Standards as a form's choices list them (``EC0301 title``), in one query."""
    return Standard.objects.select_related("framework")


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.all()


def standard_list(*, framework: str = "", country: str = "") -> QuerySet[Standard]:
    """Published standards (no drafts), optionally of one framework (slug) or country."""
    standards = Standard.objects.filter(status__in=PUBLIC_STATUSES).select_related("framework")
    if framework:
        standards = standards.filter(framework__slug=framework)
    if country:
        standards = standards.filter(framework__country=country)
    return standards


def standard_get(*, framework: str, code: str, version: str | None = None) -> Standard | None:
    """The standard with its elements and criteria prefetched (3 queries).

    Without ``version``, the current version (or else the most recently published one).
    """
    standards = (
        Standard.objects.filter(framework__slug=framework, code=code, status__in=PUBLIC_STATUSES)
        .select_related("framework", "superseded_by__framework")
        .prefetch_related(
            Prefetch("elements", queryset=Element.objects.order_by("number")),
            Prefetch("elements__criteria", queryset=Criterion.objects.order_by("number")),
        )
    )
    if version is not None:
        standards = standards.filter(version=version)
    # "current" sorts before "superseded" and "withdrawn".
    return standards.order_by("status", "-published_on", "-pk").first()


@dataclass
class Equivalence:
    """One crosswalk entry seen from the standard being shown."""

    entry: CrosswalkEntry
    here: Element | Criterion
    there: Element | Criterion
    there_standard: Standard

    @property
    def here_code(self) -> str:
        return _node_code(self.here)

    @property
    def there_code(self) -> str:
        return _node_code(self.there)

    @property
    def there_field(self) -> str:
        return "title" if isinstance(self.there, Element) else "text"

    @property
    def there_text(self) -> str:
        return self.there.title if isinstance(self.there, Element) else self.there.text


@dataclass
class KindGroup:
    kind: str
    label: str
    criteria: list[Criterion]


@dataclass
class ElementView:
    element: Element
    total: int
    groups: list[KindGroup] = field(default_factory=list)
    equivalences: list[Equivalence] = field(default_factory=list)


@dataclass
class StandardPage:
    standard: Standard
    elements: list[ElementView]
    equivalent_standards: list[Standard]


def standard_page(*, standard: Standard) -> StandardPage:
    """What a standard's public page shows of it; one query for the crosswalk."""
    elements = list(standard.elements.all())
    views = {
        element.pk: ElementView(element=element, total=len(elements), groups=_groups(element))
        for element in elements
    }
    equivalent_standards: dict[int, Standard] = {}
    for equivalence in crosswalk_for(standard=standard):
        element = (
            equivalence.here if isinstance(equivalence.here, Element) else equivalence.here.element
        )
        views[element.pk].equivalences.append(equivalence)
        equivalent_standards.setdefault(equivalence.there_standard.pk, equivalence.there_standard)
    return StandardPage(
        standard=standard,
        elements=list(views.values()),
        equivalent_standards=list(equivalent_standards.values()),
    )


def _groups(element: Element) -> list[KindGroup]:
    by_kind: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in element.criteria.all():
        criterion.element = element  # the prefetch already knows it; keep it explicit
        by_kind[criterion.kind].append(criterion)
    return [
        KindGroup(kind=kind, label=Criterion.Kind(kind).label, criteria=by_kind[kind])
        for kind in KIND_ORDER
        if by_kind[kind]
    ]


def crosswalk_for(*, standard: Standard) -> list[Equivalence]:
    """Crosswalk entries touching ``standard``, in either direction (one query)."""
    entries = (
        CrosswalkEntry.objects.filter(
            Q(source_element__standard=standard)
            | Q(source_criterion__element__standard=standard)
            | Q(target_element__standard=standard)
            | Q(target_criterion__element__standard=standard)
        )
        .select_related(
            "source_element__standard__framework",
            "source_criterion__element__standard__framework",
            "target_element__standard__framework",
            "target_criterion__element__standard__framework",
        )
        .order_by("pk")
    )
    equivalences = []
    for entry in entries:
        source, target = entry.source, entry.target
        here_is_source = CrosswalkEntry._standard_of(source).pk == standard.pk
        here, there = (source, target) if here_is_source else (target, source)
        equivalences.append(
            Equivalence(
                entry=entry,
                here=here,
                there=there,
                there_standard=CrosswalkEntry._standard_of(there),
            )
        )
    return equivalences


def _node_code(node: Element | Criterion) -> str:
    if isinstance(node, Element):
        return f"{node.standard.code} E{node.number}"
    return node.code


def standard_elements(*, standard: Standard) -> list[Element]:
    """The standard's elements with their criteria, in order (2 queries).

    Read by the standard's id, not through ``standard.elements``: a standard from
    ``standard_get`` has its elements prefetched, and a new queryset derived from a prefetched
    manager is not limited to that standard."""
    elements = list(
        Element.objects.filter(standard_id=standard.pk)
        .order_by("number")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("number")))
    )
    for element in elements:
        element.standard = standard  # templates read its framework's source language
    return elements


# Export ------------------------------------------------------------------------------------


def standards_export(*, framework: str | None = None) -> dict:
    """The standards JSON document (``docs/standards-json.md``) for one framework or all.

    Crosswalk entries are included when either end belongs to an exported framework; importing
    the file elsewhere needs the other end present there too (in the file or the database).
    """
    frameworks = Framework.objects.order_by("slug").prefetch_related(
        Prefetch(
            "standards",
            queryset=Standard.objects.select_related("superseded_by").order_by("code", "version"),
        ),
        Prefetch("standards__elements", queryset=Element.objects.order_by("number")),
        Prefetch("standards__elements__criteria", queryset=Criterion.objects.order_by("number")),
    )
    if framework:
        frameworks = frameworks.filter(slug=framework)
    frameworks = list(frameworks)
    slugs = [item.slug for item in frameworks]
    entries = (
        CrosswalkEntry.objects.filter(
            Q(source_element__standard__framework__slug__in=slugs)
            | Q(source_criterion__element__standard__framework__slug__in=slugs)
            | Q(target_element__standard__framework__slug__in=slugs)
            | Q(target_criterion__element__standard__framework__slug__in=slugs)
        )
        .select_related(
            "reviewed_by",
            "source_element__standard__framework",
            "source_criterion__element__standard__framework",
            "target_element__standard__framework",
            "target_criterion__element__standard__framework",
        )
        .order_by("pk")
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "frameworks": [_framework_data(item) for item in frameworks],
        "crosswalk": [_crosswalk_data(entry) for entry in entries],
    }


def _texts(instance, name: str) -> dict[str, str]:
    return {language: text for language, text in texts(instance, name).items() if text}


def _framework_data(framework: Framework) -> dict:
    return {
        "slug": framework.slug,
        "name": _texts(framework, "name"),
        "country": framework.country,
        "publisher": framework.publisher,
        "url": framework.url,
        "source_language": framework.source_language,
        "standards": [_standard_data(standard) for standard in framework.standards.all()],
    }


def _standard_data(standard: Standard) -> dict:
    data = {
        "code": standard.code,
        "version": standard.version,
        "title": _texts(standard, "title"),
        "purpose": _texts(standard, "purpose"),
        "level": standard.level,
        "published_on": standard.published_on.isoformat() if standard.published_on else None,
        "validity_months": standard.validity_months,
        "industry_codes": standard.industry_codes,
        "occupation_codes": standard.occupation_codes,
        "status": standard.status,
        "default_threshold": str(standard.default_threshold),
        "is_sample": standard.is_sample,
        "elements": [
            {
                "number": element.number,
                "title": _texts(element, "title"),
                "criteria": [
                    {
                        "number": criterion.number,
                        "kind": criterion.kind,
                        "knowledge_level": criterion.knowledge_level,
                        "threshold": str(criterion.threshold)
                        if criterion.threshold is not None
                        else None,
                        "text": _texts(criterion, "text"),
                    }
                    for criterion in element.criteria.all()
                ],
            }
            for element in standard.elements.all()
        ],
    }
    if standard.superseded_by is not None:
        data["superseded_by"] = {
            "code": standard.superseded_by.code,
            "version": standard.superseded_by.version,
        }
    return data


def _node_data(node: Element | Criterion) -> dict:
    element = node if isinstance(node, Element) else node.element
    data = {
        "framework": element.standard.framework.slug,
        "standard": element.standard.code,
        "version": element.standard.version,
        "element": element.number,
    }
    if isinstance(node, Criterion):
        data["criterion"] = node.number
    return data


def _crosswalk_data(entry: CrosswalkEntry) -> dict:
    return {
        "source": _node_data(entry.source),
        "target": _node_data(entry.target),
        "equivalence": entry.equivalence,
        "rationale": _texts(entry, "rationale"),
        "reviewed_on": entry.reviewed_on.isoformat() if entry.reviewed_on else None,
        "reviewed_by": entry.reviewed_by.email if entry.reviewed_by else "",
    }


def standards_case_export(
    *, framework: str, language: str, standard: Standard | None = None
) -> dict:
    """The CASE 1.1 package (``competencies.case``) of one framework, or of one standard of
    it, its statements in ``language``; crosswalk entries touching it go along."""
    document = standards_export(framework=framework)
    if standard is not None:
        key = (framework, standard.code, standard.version)
        (data,) = document["frameworks"]
        data["standards"] = [
            item for item in data["standards"] if (item["code"], item["version"]) == key[1:]
        ]
        document["crosswalk"] = [
            entry
            for entry in document["crosswalk"]
            if key in {_standard_key(entry["source"]), _standard_key(entry["target"])}
        ]
    return case_package(document, language=language)


def _standard_key(ref: dict) -> tuple[str, str, str]:
    return (ref["framework"], ref["standard"], ref.get("version") or "1")


def case_node_refs() -> dict[str, dict]:
    """Every element and criterion of the site by its CASE identifier, named as the JSON
    format names a crosswalk end (two queries)."""
    namespace = case_namespace()
    refs: dict[str, dict] = {}
    elements = Element.objects.select_related("standard__framework")
    criteria = Criterion.objects.select_related("element__standard__framework")
    for node in [*elements, *criteria]:
        ref = _node_data(node)
        parts = (ref["framework"], ref["standard"], ref["version"], ref["element"])
        refs[node_identifier(namespace, *parts, ref.get("criterion"))] = ref
    return refs
