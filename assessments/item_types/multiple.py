"""Multiple response: every correct option must be picked; all or nothing, or proportional
with a penalty per wrong pick (``Item.scoring`` and ``Item.penalty``).

Stores the sorted list of chosen option keys.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..portable import NONE, Interaction, PortableChoice, PortableItem
from ..scoring.items import ALL_OR_NOTHING, PROPORTIONAL, InvalidResponse, grade_multiple_response
from .base import ItemType, correct_keys, option_from, option_keys

MULTIPLE = "multiple"


class MultipleResponse(ItemType):
    kind = MULTIPLE
    label = gettext_lazy("Multiple response")
    position = 20

    def settings(self, item):
        return {"scoring": item.scoring, "penalty": str(item.penalty)}

    def item_fields(self, settings):
        return {"scoring": settings["scoring"], "penalty": Decimal(settings["penalty"])}

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

    def to_portable(self, content, *, text):
        # Credit as exchange formats count it: each right pick earns its share, each wrong
        # pick loses its share of the penalty (Puente's proportional scoring, exactly).
        settings, options = content["settings"], content["options"]
        right = sum(1 for option in options if option["correct"]) or 1
        wrong = (len(options) - right) or 1
        penalty = Decimal(settings.get("penalty", 1))
        choices = [
            PortableChoice(
                text(option["text"]),
                Decimal(1) / right if option["correct"] else -penalty / wrong,
                feedback=text(option["feedback"]),
            )
            for option in options
        ]
        all_or_nothing = settings.get("scoring", ALL_OR_NOTHING) == ALL_OR_NOTHING
        return PortableItem(
            Interaction.CHOICE, choices=choices, multiple=True, all_or_nothing=all_or_nothing
        )

    def from_portable(self, portable):
        if portable.interaction != Interaction.CHOICE or not portable.multiple:
            return None
        choices = portable.choices
        right = [choice.fraction for choice in choices if choice.fraction > NONE]
        wrong = [choice for choice in choices if choice.fraction <= NONE]
        if right and len(set(right)) > 1:
            portable.warnings.append(
                _("Right answers with different credit count alike: each earns an equal share.")
            )
        penalties = {-choice.fraction * len(wrong) for choice in wrong}
        if len(penalties) > 1:
            portable.warnings.append(
                _("Wrong answers with different penalties count alike: their mean is used.")
            )
        penalty = sum(penalties, NONE) / len(penalties) if penalties else NONE
        penalty = min(max(penalty, NONE), Decimal(1)).quantize(Decimal("0.001"))
        scoring = ALL_OR_NOTHING if portable.all_or_nothing else PROPORTIONAL
        options = [option_from(choice, correct=choice.fraction > NONE) for choice in choices]
        return {"settings": {"scoring": scoring, "penalty": str(penalty)}, "options": options}


ITEM_TYPE = MultipleResponse()
