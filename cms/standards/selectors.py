"""The coverage report: for each criterion of a standard, what teaches and what measures it.

A fixed number of queries whatever the size of the standard: its elements and criteria
(``competencies``), the modules teaching them (``courses``), the items measuring them
(``assessments``).
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.selectors import items_measuring_criteria
from competencies.coverage import Link
from competencies.models import Criterion, Element, Standard
from competencies.selectors import standard_elements
from courses.selectors import courses_preparing_standards, modules_teaching_criteria


def courses_preparing(*, standard: Standard) -> list[Link]:
    """Published courses that prepare for ``standard``, for its public page (2 queries)."""
    return courses_preparing_standards([standard.pk]).get(standard.pk, [])


@dataclass
class CriterionCoverage:
    criterion: Criterion
    teaching: list[Link]
    measuring: list[Link]

    @property
    def is_taught(self) -> bool:
        return bool(self.teaching)

    @property
    def is_measured(self) -> bool:
        return bool(self.measuring)

    @property
    def is_covered(self) -> bool:
        return self.is_taught and self.is_measured


@dataclass
class ElementCoverage:
    element: Element
    criteria: list[CriterionCoverage]


@dataclass
class StandardCoverage:
    standard: Standard
    elements: list[ElementCoverage]

    @property
    def rows(self) -> list[CriterionCoverage]:
        return [row for element in self.elements for row in element.criteria]

    @property
    def gaps(self) -> int:
        return sum(not row.is_covered for row in self.rows)


def standard_coverage(*, standard: Standard) -> StandardCoverage:
    """For each criterion, the modules that teach it and the items that measure it."""
    elements = standard_elements(standard=standard)
    criterion_ids = [criterion.pk for element in elements for criterion in element.criteria.all()]
    teaching = modules_teaching_criteria(criterion_ids)
    measuring = items_measuring_criteria(criterion_ids)
    return StandardCoverage(
        standard=standard,
        elements=[
            ElementCoverage(
                element=element,
                criteria=[
                    CriterionCoverage(
                        criterion=criterion,
                        teaching=teaching.get(criterion.pk, []),
                        measuring=measuring.get(criterion.pk, []),
                    )
                    for criterion in element.criteria.all()
                ],
            )
            for element in elements
        ],
    )
