"""Essay: free text graded by hand in the grading queue, against the model answer.

Stores the text; ``grade`` returns ``None`` until an instructor grades it.
"""

from django.utils.translation import gettext_lazy

from ..portable import Interaction, PortableItem
from .base import ANSWER_MAX_LENGTH, ItemType, free_text

ESSAY = "essay"
MAX_LENGTH = ANSWER_MAX_LENGTH


class Essay(ItemType):
    kind = ESSAY
    label = gettext_lazy("Essay (graded by hand)")
    position = 80
    graded_by_hand = True

    def normalize(self, content, raw):
        return free_text(raw, max_length=MAX_LENGTH)

    def grade(self, content, response):
        return None  # an instructor grades it (assessments.services.grading)

    def correct_answer(self, content, *, text):
        model_answer = text(content.get("model_answer"))
        return [model_answer] if model_answer else []

    def to_portable(self, content, *, text):
        return PortableItem(Interaction.EXTENDED_TEXT)

    def from_portable(self, portable):
        if portable.interaction != Interaction.EXTENDED_TEXT:
            return None
        return {"settings": {}, "options": []}


ITEM_TYPE = Essay()
