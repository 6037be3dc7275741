"""Situational judgement: courses of action, each worth a weight from 0 to 1; pick one.

Stores the chosen option key.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scoring.items import grade_situational
from .base import ItemType

SITUATIONAL = "situational"


def _weights(content) -> dict[str, float]:
    return {option["key"]: float(option.get("weight", 0)) for option in content["options"]}


class SituationalJudgement(ItemType):
    kind = SITUATIONAL
    label = gettext_lazy("Situational judgement")
    position = 90

    def problems(self, content):
        problems = []
        if len(content["options"]) < 2:
            problems.append(_("Give at least two options."))
        if not any(weight > 0 for weight in _weights(content).values()):
            problems.append(_("Give at least one course of action a weight above 0."))
        return problems

    def grade(self, content, response):
        return grade_situational(_weights(content), response)

    def correct_response(self, content):
        weights = _weights(content)
        return max(weights, key=weights.get)


ITEM_TYPE = SituationalJudgement()
