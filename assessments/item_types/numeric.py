"""Numeric: a number within a tolerance, with an optional unit among those accepted; a
decimal comma and a decimal point read alike.

Stores the text as typed (checked with ``parse_number``).
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy

from ..portable import Interaction, PortableItem, decimal_text
from ..scoring.items import InvalidResponse, grade_numeric, parse_number
from .base import ItemType

NUMERIC = "numeric"


class Numeric(ItemType):
    kind = NUMERIC
    label = gettext_lazy("Numeric")
    position = 50

    def settings(self, item):
        answer = item.numeric_answer if item.numeric_answer is not None else 0
        return {
            "answer": str(answer),
            "tolerance": str(item.numeric_tolerance or 0),
            "units": [unit.strip() for unit in item.numeric_units.split(",") if unit.strip()],
        }

    def item_fields(self, settings):
        return {
            "numeric_answer": Decimal(settings["answer"]),
            "numeric_tolerance": Decimal(settings.get("tolerance", "0")),
            "numeric_units": ", ".join(settings.get("units", [])),
        }

    def normalize(self, content, raw):
        if not isinstance(raw, str):
            raise InvalidResponse("number")
        parse_number(raw)
        return raw.strip()

    def grade(self, content, response):
        settings = content.get("settings", {})
        return grade_numeric(
            Decimal(settings["answer"]),
            Decimal(settings.get("tolerance", "0")),
            settings.get("units", []),
            response,
        )

    def correct_response(self, content):
        return str(content["settings"]["answer"])

    def correct_answer(self, content, *, text):
        settings = content["settings"]
        answer = decimal_text(Decimal(settings["answer"]))
        tolerance = Decimal(settings.get("tolerance", "0"))
        if tolerance:
            answer = f"{answer} ± {decimal_text(tolerance)}"
        units = settings.get("units", [])
        return [f"{answer} {units[0]}" if units else answer]

    def to_portable(self, content, *, text):
        settings = content["settings"]
        return PortableItem(
            Interaction.NUMERIC,
            answer=Decimal(settings["answer"]),
            tolerance=Decimal(settings.get("tolerance", "0")),
            units=list(settings.get("units", [])),
        )

    def from_portable(self, portable):
        if portable.interaction != Interaction.NUMERIC or portable.answer is None:
            return None
        settings = {
            "answer": decimal_text(portable.answer),
            "tolerance": decimal_text(abs(portable.tolerance)),
            "units": list(portable.units),
        }
        return {"settings": settings, "options": []}

    def display(self, question, *, content, response, match_order, text):
        question["units"] = content.get("settings", {}).get("units", [])


ITEM_TYPE = Numeric()
