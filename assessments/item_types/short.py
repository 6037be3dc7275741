"""Short answer: typed text compared with the accepted answers (the options' texts, in
either language), ignoring case and accents unless the author says they matter.

Stores the text as typed, stripped.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..scoring.items import grade_short_answer
from .base import ItemType, free_text

SHORT = "short"
MAX_LENGTH = 500


class ShortAnswer(ItemType):
    kind = SHORT
    label = gettext_lazy("Short answer")
    position = 40

    def settings(self, item):
        return {"case_sensitive": item.case_sensitive, "accent_sensitive": item.accent_sensitive}

    def problems(self, content):
        if not content["options"]:
            return [_("Add at least one accepted answer as an option.")]
        return []

    def texts_to_read(self, content):
        return []  # the options are accepted answers: trainees never see them

    def option_order(self, keys, *, shuffle, rng):
        return list(keys), []

    def normalize(self, content, raw):
        return free_text(raw, max_length=MAX_LENGTH)

    def grade(self, content, response):
        settings = content.get("settings", {})
        accepted = [text for option in content["options"] for text in option["text"].values()]
        return grade_short_answer(
            accepted,
            response,
            case_sensitive=settings.get("case_sensitive", False),
            accent_sensitive=settings.get("accent_sensitive", False),
        )

    def correct_response(self, content):
        return next(iter(content["options"][0]["text"].values()))


ITEM_TYPE = ShortAnswer()
