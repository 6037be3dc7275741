"""Single choice: one correct option among several; the trainee picks one.

Stores the chosen option key.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scoring.items import grade_single_choice
from .base import ItemType, correct_keys

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


ITEM_TYPE = SingleChoice()
