"""Admin panels for translated text: one field per language of ``settings.LANGUAGES``, so a
language added there appears in every editing form without touching the forms."""

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from accounts.languages import LANGUAGE_CODES

from .translation import column


def translated_row(field: str, **kwargs) -> FieldRowPanel:
    """``field`` in every language, side by side (short texts)."""
    return FieldRowPanel([FieldPanel(column(field, code)) for code in LANGUAGE_CODES], **kwargs)


def translated_stack(field: str) -> list[FieldPanel]:
    """``field`` in every language, one under the other (rich text and long texts)."""
    return [FieldPanel(column(field, code)) for code in LANGUAGE_CODES]
