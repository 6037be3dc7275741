"""The IEC (instrumento de evaluación de competencia) of a standard, generated from its data.

Each typed criterion becomes reactivos of the instrument that assesses it, as CONOCER's
instruments do: performance criteria (and attitudes, observed while the candidate performs)
in the *guía de observación*, product criteria in the *lista de cotejo*, knowledge criteria in
the *cuestionario*, one reactivo per active question item that measures them. Every reactivo
names its criterion and carries a weight: inside an element each criterion weighs the same
(an element is met only when all its criteria are), and a question's weight is the one its
author gave it for that criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from competencies.models import Criterion, Element, Standard

from ..models import ItemCriterion
from .report import standard_elements


class Section(StrEnum):
    OBSERVATION = "observation"  # guía de observación
    CHECKLIST = "checklist"  # lista de cotejo
    QUESTIONNAIRE = "questionnaire"  # cuestionario


SECTION_OF_KIND = {
    Criterion.Kind.PERFORMANCE: Section.OBSERVATION,
    Criterion.Kind.ATTITUDE: Section.OBSERVATION,
    Criterion.Kind.PRODUCT: Section.CHECKLIST,
    Criterion.Kind.KNOWLEDGE: Section.QUESTIONNAIRE,
}


@dataclass(frozen=True)
class Reactivo:
    number: int
    criterion: Criterion
    element: Element
    weight: Decimal
    """The criterion's share of its element, in percent (two decimals)."""
    item_link: ItemCriterion | None = None
    """For the questionnaire: the question item and its weight for the criterion."""

    @property
    def code(self) -> str:
        return self.criterion.code


@dataclass(frozen=True)
class Instrument:
    standard: Standard
    elements: list[Element]
    sections: dict[Section, list[Reactivo]]

    @property
    def criteria_without_reactivo(self) -> list[Criterion]:
        """Knowledge criteria no active question measures yet: the questionnaire lacks them."""
        covered = {r.criterion.pk for r in self.sections[Section.QUESTIONNAIRE]}
        return [
            criterion
            for element in self.elements
            for criterion in element.criteria.all()
            if criterion.kind == Criterion.Kind.KNOWLEDGE and criterion.pk not in covered
        ]


def instrument_of(standard: Standard) -> Instrument:
    """The IEC of ``standard``: 3 queries whatever its size."""
    elements = standard_elements(standard)
    criteria = [criterion for element in elements for criterion in element.criteria.all()]
    links: dict[int, list[ItemCriterion]] = {}
    for link in (
        ItemCriterion.objects.filter(
            criterion__in=[c.pk for c in criteria if c.kind == Criterion.Kind.KNOWLEDGE],
            item__is_active=True,
        )
        .select_related("item")
        .order_by("sort_order", "item__name", "pk")
    ):
        links.setdefault(link.criterion_id, []).append(link)

    sections: dict[Section, list[Reactivo]] = {section: [] for section in Section}
    for element in elements:
        members = list(element.criteria.all())
        share = (Decimal(100) / len(members)).quantize(Decimal("0.01")) if members else Decimal(0)
        for criterion in members:
            section = SECTION_OF_KIND[criterion.kind]
            rows = sections[section]
            if section == Section.QUESTIONNAIRE:
                for link in links.get(criterion.pk, []):
                    rows.append(Reactivo(len(rows) + 1, criterion, element, share, link))
            else:
                rows.append(Reactivo(len(rows) + 1, criterion, element, share))
    return Instrument(standard=standard, elements=elements, sections=sections)
