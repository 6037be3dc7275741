from decimal import Decimal

import factory

from competencies.models import Criterion, CrosswalkEntry, Element, Framework, Standard


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"marco-{n}")
    name_es = factory.Sequence(lambda n: f"Marco de prueba {n}")
    name_en = factory.Sequence(lambda n: f"Test framework {n}")
    country = Framework.Country.MEXICO
    publisher = "CONOCER"
    source_language = "es"


class USFrameworkFactory(FrameworkFactory):
    slug = factory.Sequence(lambda n: f"us-framework-{n}")
    country = Framework.Country.UNITED_STATES
    publisher = "Test publisher"
    source_language = "en"


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"EC{8000 + n}")
    title_es = factory.Sequence(lambda n: f"Estándar de prueba {n}")
    title_en = factory.Sequence(lambda n: f"Test standard {n}")
    purpose_es = "Propósito de prueba."
    purpose_en = "Test purpose."
    level = 2
    default_threshold = Decimal("0.800")
    is_sample = True


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    standard = factory.SubFactory(StandardFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_es = factory.Sequence(lambda n: f"Elemento {n}")
    title_en = factory.Sequence(lambda n: f"Element {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    element = factory.SubFactory(ElementFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Criterion.Kind.PERFORMANCE
    knowledge_level = ""
    text_es = factory.Sequence(lambda n: f"Criterio {n}")
    text_en = factory.Sequence(lambda n: f"Criterion {n}")


class CrosswalkEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrosswalkEntry

    equivalence = CrosswalkEntry.Equivalence.FULL
    rationale_es = "Mismo desempeño."
    rationale_en = "Same performance."


def standard_with(*, elements: int, criteria: int, **kwargs) -> Standard:
    """A standard of ``elements`` elements of ``criteria`` criteria each, kinds in rotation."""
    standard = StandardFactory(**kwargs)
    kinds = list(Criterion.Kind.values)
    for e in range(1, elements + 1):
        element = ElementFactory(standard=standard, number=e)
        for c in range(1, criteria + 1):
            kind = kinds[(c - 1) % len(kinds)]
            CriterionFactory(
                element=element,
                number=c,
                kind=kind,
                knowledge_level="knowledge" if kind == "knowledge" else "",
            )
    return standard
