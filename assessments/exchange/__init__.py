"""Question exchange formats: each module reads a file into ``PortableItem``s (with every
problem at its line) and writes ``PortableItem``s back (``assessments.portable``).

Format modules know interactions, never Puente's item types: the types map themselves to and
from portable items (``ItemType.to_portable`` / ``from_portable``). The import and export
services are in ``assessments.services.exchange``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..portable import PortableItem


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a line (0: the file as a whole)."""

    line: int
    message: str

    def __str__(self):
        return f"{self.line}: {self.message}" if self.line else self.message


@dataclass
class Reading:
    """What a format module found in a file."""

    items: list[PortableItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    """Questions of a kind Puente does not have (a GIFT description), with the reason."""
