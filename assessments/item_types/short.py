"""Short answer: typed text compared with the accepted answers (the options' texts, in
either language), ignoring case and accents unless the author says they matter.

Stores the text as typed, stripped.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..portable import FULL, Interaction, PortableChoice, PortableItem
from ..scoring.items import grade_short_answer
from .base import ItemType, free_text, option_from

SHORT = "short"
MAX_LENGTH = 500


class ShortAnswer(ItemType):
    kind = SHORT
    label = gettext_lazy("Short answer")
    position = 40

    def settings(self, item):
        return {"case_sensitive": item.case_sensitive, "accent_sensitive": item.accent_sensitive}

    def item_fields(self, settings):
        return {
            "case_sensitive": bool(settings.get("case_sensitive")),
            "accent_sensitive": bool(settings.get("accent_sensitive")),
        }

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
        texts = content["options"][0]["text"]  # the source language's, else any written
        return texts.get(content.get("source_language")) or next(
            (text for text in texts.values() if text), ""
        )

    def correct_answer(self, content, *, text):
        accepted = [text(option["text"]) for option in content["options"]]
        return list(dict.fromkeys(answer for answer in accepted if answer))

    def to_portable(self, content, *, text):
        settings = content.get("settings", {})
        choices = [
            PortableChoice(text(option["text"]), FULL, feedback=text(option["feedback"]))
            for option in content["options"]
            if text(option["text"])
        ]
        return PortableItem(
            Interaction.TEXT,
            choices=choices,
            case_sensitive=settings.get("case_sensitive", False),
            accent_sensitive=settings.get("accent_sensitive", False),
        )

    def from_portable(self, portable):
        if portable.interaction != Interaction.TEXT:
            return None
        accepted = [choice for choice in portable.choices if choice.fraction == FULL]
        if len(accepted) < len(portable.choices):
            left_out = len(portable.choices) - len(accepted)
            portable.warnings.append(
                ngettext(
                    "Only answers worth full credit are kept; %(count)s is left out.",
                    "Only answers worth full credit are kept; %(count)s are left out.",
                    left_out,
                )
                % {"count": left_out}
            )
        if any("*" in choice.text for choice in accepted):
            portable.warnings.append(
                _("A * in an accepted answer is taken literally, not as a wildcard.")
            )
        settings = {
            "case_sensitive": bool(portable.case_sensitive),
            "accent_sensitive": bool(portable.accent_sensitive),
        }
        # Every option is an accepted answer; "correct" plays no part (as in the admin).
        return {"settings": settings, "options": [option_from(choice) for choice in accepted]}


ITEM_TYPE = ShortAnswer()
