"""Situational judgement: courses of action, each worth a weight from 0 to 1; pick one.

Stores the chosen option key.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..portable import FULL, NONE, Interaction, PortableChoice, PortableItem
from ..scoring.items import grade_situational
from .base import ItemType, option_from

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

    def to_portable(self, content, *, text):
        choices = [
            PortableChoice(
                text(option["text"]),
                Decimal(option.get("weight", 0)),
                feedback=text(option["feedback"]),
            )
            for option in content["options"]
        ]
        return PortableItem(Interaction.CHOICE, choices=choices)

    def from_portable(self, portable):
        if portable.interaction != Interaction.CHOICE or portable.multiple:
            return None
        if any(choice.fraction < NONE for choice in portable.choices):
            portable.warnings.append(
                _("Negative credit counts as 0: a course of action weighs from 0 to 1.")
            )
        options = [
            option_from(choice, weight=min(max(choice.fraction, NONE), FULL))
            for choice in portable.choices
        ]
        return {"settings": {}, "options": options}

    def display(self, question, *, content, response, match_order, text):
        # The best course of action is the one a review marks as the correct answer.
        best = self.correct_response(content)
        for option in question["options"]:
            option["correct"] = option["key"] == best


ITEM_TYPE = SituationalJudgement()
