"""Matching: each option's text belongs with its own partner text (``match``); trainees see
the partners shuffled and pick one for each element.

Stores ``{option key: partner option key}``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..portable import Interaction, PortableChoice, PortableItem
from ..scoring.items import InvalidResponse, grade_matching
from .base import ItemType, option_from, option_keys

MATCHING = "matching"


class Matching(ItemType):
    kind = MATCHING
    label = gettext_lazy("Matching")
    position = 60

    def problems(self, content):
        options, problems = content["options"], []
        if len(options) < 2:
            problems.append(_("Give at least two elements."))
        if any(not any(option["match"].values()) for option in options):
            problems.append(_("Every matching element needs its partner text."))
        return problems

    def texts_to_read(self, content):
        options = content["options"]
        return [option["text"] for option in options] + [option["match"] for option in options]

    def option_order(self, keys, *, shuffle, rng):
        order, _none = super().option_order(keys, shuffle=shuffle, rng=rng)
        match_order = list(keys)
        rng.shuffle(match_order)
        return order, match_order

    def read_response(self, data, name, option_order):
        return {key: data.get(f"{name}-{key}", "") for key in option_order}

    def normalize(self, content, raw):
        if not isinstance(raw, dict):
            raise InvalidResponse("option")
        keys = set(option_keys(content))
        pairs = {left: right for left, right in raw.items() if right}
        if not set(pairs) <= keys or not set(pairs.values()) <= keys:
            raise InvalidResponse("option")
        return pairs or None

    def grade(self, content, response):
        return grade_matching({key: key for key in option_keys(content)}, response)

    def correct_response(self, content):
        return {key: key for key in option_keys(content)}

    def correct_answer(self, content, *, text):
        return [
            f"{text(option['text'])} → {text(option['match'])}" for option in content["options"]
        ]

    def to_portable(self, content, *, text):
        choices = [
            PortableChoice(text(option["text"]), match=text(option["match"]))
            for option in content["options"]
        ]
        return PortableItem(Interaction.MATCH, choices=choices)

    def from_portable(self, portable):
        if portable.interaction != Interaction.MATCH:
            return None
        pairs = [choice for choice in portable.choices if choice.text]
        if len(pairs) < len(portable.choices):
            left_out = len(portable.choices) - len(pairs)
            portable.warnings.append(
                ngettext(
                    "%(count)s partner with no element (a distractor) is left out.",
                    "%(count)s partners with no element (distractors) are left out.",
                    left_out,
                )
                % {"count": left_out}
            )
        return {"settings": {}, "options": [option_from(choice) for choice in pairs]}

    def display(self, question, *, content, response, match_order, text):
        by_key = {option["key"]: option for option in content["options"]}
        question["matches"] = [
            {"key": key, "text": text(by_key[key]["match"])} for key in match_order if key in by_key
        ]
        if isinstance(response, dict):
            for option in question["options"]:
                option["matched"] = response.get(option["key"], "")


ITEM_TYPE = Matching()
