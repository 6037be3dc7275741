"""Extension point: what teaches, measures and prepares for a standard.

``competencies`` sits below ``courses`` and ``assessments`` in the dependency direction, so it
cannot ask them which modules teach a criterion or which quiz items measure it. Instead those
apps *register providers* here in their ``AppConfig.ready()``, and the standard's public page
and the instructors' coverage report read through the three collectors at the bottom.

The contract (what a provider must be)
--------------------------------------
There are three registries, one per question:

=====================  ============================  ==========================================
registry               provider is called with       provider returns
=====================  ============================  ==========================================
``TEACHING``           ``criterion_ids``: a list of  ``{criterion_id: [Link, ...]}`` — the
                       ``Criterion`` primary keys    modules that teach each criterion
                       (ints, no duplicates)
``MEASURING``          ``criterion_ids`` (same)      ``{criterion_id: [Link, ...]}`` — the
                                                     assessment items that measure it
``PREPARING``          ``standard_ids``: a list of   ``{standard_id: [Link, ...]}`` — the
                       ``Standard`` primary keys     courses that prepare for each standard
=====================  ============================  ==========================================

So every provider has the signature::

    def provider(ids: list[int]) -> Mapping[int, Sequence[Link]]: ...

Rules a provider must follow:

1. **Batch, fixed queries.** It runs a constant number of queries whatever ``len(ids)`` is
   (one ``filter(criteria__in=ids)`` / ``prefetch_related``, never a query per id). Pages pin
   their query count in tests and will fail if a provider loops.
2. **Ids it knows nothing about are simply left out** of the returned mapping (or map to an
   empty list). An empty ``ids`` list must return ``{}`` without touching the database.
3. **Language.** It is called inside the request's active language; ``Link.title`` is the text
   to show in that language (use the ``TranslatedText`` fields) and ``Link.url`` a URL for that
   language (e.g. the ``/<lang>/...`` page URL), or ``""`` when there is no page to link to
   (an item bank question has none; put something helpful in ``Link.detail`` instead).
4. **Only published, public things** for ``PREPARING`` and ``TEACHING`` links shown on public
   pages (``Link.is_public=False`` marks a link that only staff may see, e.g. a draft module or
   a question item; the public standard page drops those, the coverage report keeps them).
5. **No side effects**, no writes, no exceptions for unknown ids.

Registering (in the upper app's ``apps.py``)::

    class CoursesConfig(AppConfig):
        def ready(self):
            from competencies import coverage
            from . import selectors

            coverage.TEACHING.register(selectors.modules_teaching_criteria)
            coverage.PREPARING.register(selectors.courses_preparing_standards)

``register`` is idempotent (registering the same function twice keeps one), so ``ready()``
running twice in tests is harmless. Providers are called in registration order; their
results are merged per id, duplicates (same ``title`` and ``url``) removed.

Reading (competencies' own views, and anyone else)::

    coverage.modules_teaching([criterion.pk, ...])   -> dict[int, list[Link]]
    coverage.items_measuring([criterion.pk, ...])    -> dict[int, list[Link]]
    coverage.courses_preparing([standard.pk, ...])   -> dict[int, list[Link]]

Every id asked for is a key of the result (possibly with ``[]``), so templates can index
without guarding. Tests that must pin query counts independently of the installed upper
apps can use ``with coverage.only(teaching=[...], measuring=[], preparing=[]):``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = [
    "MEASURING",
    "PREPARING",
    "TEACHING",
    "Link",
    "Provider",
    "ProviderRegistry",
    "courses_preparing",
    "items_measuring",
    "modules_teaching",
    "only",
]


@dataclass(frozen=True, slots=True)
class Link:
    """Something that teaches, measures or prepares: shown as a link (or plain text)."""

    title: str
    url: str = ""
    detail: str = ""
    is_public: bool = True


Provider = Callable[[list[int]], Mapping[int, Sequence[Link]]]


class ProviderRegistry:
    """An ordered, duplicate-free list of providers answering one question."""

    def __init__(self, name: str):
        self.name = name
        self._providers: list[Provider] = []

    def __repr__(self):
        return f"<ProviderRegistry {self.name}: {len(self._providers)} provider(s)>"

    def register(self, provider: Provider) -> Provider:
        """Add ``provider`` (idempotent). Returns it, so it can be used as a decorator."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider: Provider) -> None:
        if provider in self._providers:
            self._providers.remove(provider)

    @property
    def providers(self) -> tuple[Provider, ...]:
        return tuple(self._providers)

    def collect(self, ids: Iterable[int], *, public_only: bool = False) -> dict[int, list[Link]]:
        """Merge every provider's answer for ``ids``; every id is a key of the result."""
        wanted = list(dict.fromkeys(ids))
        result: dict[int, list[Link]] = {pk: [] for pk in wanted}
        if not wanted:
            return result
        for provider in self._providers:
            for pk, links in (provider(list(wanted)) or {}).items():
                if pk not in result:
                    continue
                seen = {(link.title, link.url) for link in result[pk]}
                for link in links:
                    if public_only and not link.is_public:
                        continue
                    if (link.title, link.url) not in seen:
                        seen.add((link.title, link.url))
                        result[pk].append(link)
        return result


TEACHING = ProviderRegistry("teaching")
MEASURING = ProviderRegistry("measuring")
PREPARING = ProviderRegistry("preparing")


def modules_teaching(criterion_ids: Iterable[int], *, public_only=False) -> dict[int, list[Link]]:
    return TEACHING.collect(criterion_ids, public_only=public_only)


def items_measuring(criterion_ids: Iterable[int], *, public_only=False) -> dict[int, list[Link]]:
    return MEASURING.collect(criterion_ids, public_only=public_only)


def courses_preparing(standard_ids: Iterable[int], *, public_only=False) -> dict[int, list[Link]]:
    return PREPARING.collect(standard_ids, public_only=public_only)


@contextmanager
def only(
    *,
    teaching: Sequence[Provider] = (),
    measuring: Sequence[Provider] = (),
    preparing: Sequence[Provider] = (),
) -> Iterator[None]:
    """Temporarily replace every registry's providers (for tests)."""
    replacements = {TEACHING: teaching, MEASURING: measuring, PREPARING: preparing}
    saved = {registry: registry._providers for registry in replacements}
    try:
        for registry, providers in replacements.items():
            registry._providers = list(providers)
        yield
    finally:
        for registry, providers in saved.items():
            registry._providers = providers
