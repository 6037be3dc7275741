"""Admin panels for translated text: one field per language of ``settings.LANGUAGES``, so a
language added there appears in every editing form without touching the forms.

Models declare their panels with these without importing Wagtail's admin: a row is a
placeholder the admin builds into a ``FieldRowPanel`` when it first binds the model's panels,
and a field is its name (a ``FieldPanel``), as Wagtail's own models do (``wagtail.models.panels``).
Its panels import BeautifulSoup and much of the admin, which a background worker, loading
every model but never an editing form, would otherwise carry (about 10 MiB, issue 21;
``tests/cms/test_worker_apps.py``).
"""

from wagtail.models.panels import PanelPlaceholder

from accounts.languages import LANGUAGE_CODES

from .translation import column


def row(*fields: str, **kwargs) -> PanelPlaceholder:
    """A ``FieldRowPanel`` of ``fields``, side by side."""
    return PanelPlaceholder("wagtail.admin.panels.FieldRowPanel", [list(fields)], kwargs)


def translated_row(field: str, **kwargs) -> PanelPlaceholder:
    """``field`` in every language, side by side (short texts)."""
    return row(*(column(field, code) for code in LANGUAGE_CODES), **kwargs)


def translated_stack(field: str) -> list[str]:
    """``field`` in every language, one under the other (rich text and long texts)."""
    return [column(field, code) for code in LANGUAGE_CODES]
