"""Ordering: the options in the author's order are the answer; trainees see them shuffled
and number them. Partial credit counts the pairs put in the right relative order.

Stores the option keys in the trainee's order.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..portable import Interaction, PortableChoice, PortableItem
from ..scoring.items import InvalidResponse, grade_ordering
from .base import ItemType, option_from, option_keys

ORDERING = "ordering"


class Ordering(ItemType):
    kind = ORDERING
    label = gettext_lazy("Ordering")
    position = 70

    def problems(self, content):
        if len(content["options"]) < 2:
            return [_("Give at least two elements.")]
        return []

    def option_order(self, keys, *, shuffle, rng):
        order = list(keys)
        rng.shuffle(order)  # always: the author's order is the answer
        while len(keys) > 1 and order == keys:  # never show it already solved
            rng.shuffle(order)
        return order, []

    def read_response(self, data, name, option_order):
        ranks = {key: data.get(f"{name}-{key}", "").strip() for key in option_order}
        if not any(ranks.values()):
            return None
        try:
            ordered = sorted(ranks, key=lambda key: int(ranks[key]))
            unique = len({int(rank) for rank in ranks.values()}) == len(ranks)
        except ValueError:
            ordered, unique = [], False
        return ordered if unique else ["?"]

    def normalize(self, content, raw):
        if not isinstance(raw, list) or sorted(raw) != sorted(option_keys(content)):
            raise InvalidResponse("order")
        return list(raw)

    def grade(self, content, response):
        return grade_ordering(option_keys(content), response)

    def correct_response(self, content):
        return option_keys(content)

    def correct_answer(self, content, *, text):
        return [f"{n}. {text(option['text'])}" for n, option in enumerate(content["options"], 1)]

    def to_portable(self, content, *, text):
        choices = [PortableChoice(text(option["text"])) for option in content["options"]]
        return PortableItem(Interaction.ORDER, choices=choices)

    def from_portable(self, portable):
        if portable.interaction != Interaction.ORDER:
            return None
        return {"settings": {}, "options": [option_from(c) for c in portable.choices]}

    def display(self, question, *, content, response, match_order, text):
        if isinstance(response, list):
            ranks = {key: index for index, key in enumerate(response, 1)}
            for option in question["options"]:
                option["rank"] = ranks.get(option["key"])


ITEM_TYPE = Ordering()
