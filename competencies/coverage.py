"""What teaches, measures or prepares for a standard, as the apps above report it.

``competencies`` sits below ``courses`` and ``assessments``, so it cannot ask them; they answer
in this shape, and the pages that combine the three (the standard's public page and the
coverage report, in ``cms.standards``) call their selectors directly:

* ``courses.selectors.modules_teaching_criteria(criterion_ids)`` — modules teaching each criterion
* ``courses.selectors.courses_preparing_standards(standard_ids)`` — courses preparing for each
  standard
* ``assessments.selectors.items_measuring_criteria(criterion_ids)`` — items measuring each
  criterion

Each takes a list of ids, runs a fixed number of queries and returns ``{id: [Link, ...]}``,
leaving out ids it knows nothing about.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Link"]


@dataclass(frozen=True, slots=True)
class Link:
    """Something that teaches, measures or prepares: shown as a link (or plain text).

    ``title`` is in the active language; ``url`` is a page in that language, or ``""`` when
    there is no page (an item bank question); ``is_public`` is false for what only staff may
    see (a question item)."""

    title: str
    url: str = ""
    detail: str = ""
    is_public: bool = True
