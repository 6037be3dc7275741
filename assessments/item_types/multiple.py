"""Multiple response: every correct option must be picked; all or nothing, or proportional
with a penalty per wrong pick (``Item.scoring`` and ``Item.penalty``).

Stores the sorted list of chosen option keys.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scoring.items import ALL_OR_NOTHING, InvalidResponse, grade_multiple_response
from .base import ItemType, correct_keys, option_keys

MULTIPLE = "multiple"


class MultipleResponse(ItemType):
    kind = MULTIPLE
    label = gettext_lazy("Multiple response")
    position = 20

    def settings(self, item):
        return {"scoring": item.scoring, "penalty": str(item.penalty)}

    def problems(self, content):
        problems = []
        if not correct_keys(content):
            problems.append(_("Mark at least one option as correct."))
        if len(content["options"]) < 2:
            problems.append(_("Give at least two options."))
        return problems

    def read_response(self, data, name, option_order):
        return data.getlist(name)

    def normalize(self, content, raw):
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list) or not set(chosen) <= set(option_keys(content)):
            raise InvalidResponse("option")
        return sorted(set(chosen))

    def grade(self, content, response):
        settings = content.get("settings", {})
        return grade_multiple_response(
            correct_keys(content),
            option_keys(content),
            response,
            mode=settings.get("scoring", ALL_OR_NOTHING),
            penalty=float(settings.get("penalty", 1)),
        )

    def correct_response(self, content):
        return sorted(correct_keys(content))


ITEM_TYPE = MultipleResponse()
