from django import template
from django.utils.html import format_html

from competencies.translation import active_language, column

register = template.Library()


@register.simple_tag
def lang_attr(instance, field: str):
    """`` lang="es"`` when ``field`` is shown in its source language as a fallback.

    Screen readers then pronounce a not-yet-translated text in the right language.
    """
    language = active_language()
    if getattr(instance, column(field, language), ""):
        return ""
    source = getattr(instance, "source_language", language)
    return format_html(' lang="{}"', source) if source != language else ""
