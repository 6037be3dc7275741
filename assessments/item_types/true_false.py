"""True or false: the statement is the stem, the answer key ``Item.true_false_answer``.

Stores ``True`` or ``False``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..portable import Interaction, PortableItem
from ..scoring.items import InvalidResponse, grade_true_false
from .base import ItemType

TRUE_FALSE = "true_false"


class TrueFalse(ItemType):
    kind = TRUE_FALSE
    label = gettext_lazy("True or false")
    position = 30
    uses_options = False

    def settings(self, item):
        return {"answer": bool(item.true_false_answer)}

    def item_fields(self, settings):
        return {"true_false_answer": bool(settings["answer"])}

    def texts_to_read(self, content):
        return []

    def normalize(self, content, raw):
        if raw in (True, "true"):
            return True
        if raw in (False, "false"):
            return False
        raise InvalidResponse("option")

    def grade(self, content, response):
        return grade_true_false(bool(content.get("settings", {}).get("answer")), response)

    def correct_response(self, content):
        return bool(content.get("settings", {}).get("answer"))

    def correct_answer(self, content, *, text):
        return [_("True") if self.correct_response(content) else _("False")]

    def to_portable(self, content, *, text):
        return PortableItem(Interaction.TRUE_FALSE, answer=self.correct_response(content))

    def from_portable(self, portable):
        if portable.interaction != Interaction.TRUE_FALSE:
            return None
        return {"settings": {"answer": bool(portable.answer)}, "options": []}


ITEM_TYPE = TrueFalse()
