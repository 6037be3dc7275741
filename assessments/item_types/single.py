"""Single choice: one correct option among several; the trainee picks one.

Stores the chosen option key.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..portable import FULL, NONE, Interaction, PortableChoice, PortableItem
from ..scoring.items import grade_single_choice
from .base import ItemType, correct_keys, option_from

SINGLE = "single"


class SingleChoice(ItemType):
    kind = SINGLE
    label = gettext_lazy("Single choice")
    position = 10

    def problems(self, content):
        problems = []
        if len(correct_keys(content)) != 1:
            problems.append(_("A single-choice item needs exactly one correct option."))
        if len(content["options"]) < 2:
            problems.append(_("Give at least two options."))
        return problems

    def grade(self, content, response):
        return grade_single_choice(correct_keys(content), response)

    def correct_response(self, content):
        return correct_keys(content)[0]

    def to_portable(self, content, *, text):
        choices = [
            PortableChoice(
                text(option["text"]),
                FULL if option["correct"] else NONE,
                feedback=text(option["feedback"]),
            )
            for option in content["options"]
        ]
        return PortableItem(Interaction.CHOICE, choices=choices)

    def from_portable(self, portable):
        if portable.interaction != Interaction.CHOICE or portable.multiple:
            return None
        fractions = sorted(choice.fraction for choice in portable.choices)
        if not fractions or fractions != [NONE] * (len(fractions) - 1) + [FULL]:
            return None  # partial credit: a situational judgement
        options = [
            option_from(choice, correct=choice.fraction == FULL) for choice in portable.choices
        ]
        return {"settings": {}, "options": options}


ITEM_TYPE = SingleChoice()
