"""An item's content as plain values: built from an ``Item``, checked, and displayed.

The neutral layer below models, services and selectors: ``Item`` (its parity check and
preview), the freezing services and the quiz pages all build and read content here, and
what differs between kinds of question is asked of ``assessments.item_types``. Nothing
here imports models, services or selectors: an ``Item`` is read through its attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from accounts.languages import LANGUAGE_CODES as LANGUAGES
from competencies.translation import texts, translated_value

from . import item_types
from .item_types.base import UnchosenType

_UNCHOSEN = UnchosenType()


def _item_type(kind: str) -> item_types.ItemType:
    """The registered type of ``kind``; a plain one (no answer controls, no checks) while the
    author has not chosen a type yet (the admin's live preview of a new item)."""
    try:
        return item_types.get(kind)
    except LookupError:
        return _UNCHOSEN


#: Where ``services.items.items_for_content`` leaves an item's options and criterion links.
PREFETCHED_OPTIONS, PREFETCHED_CRITERIA = "prefetched_options", "prefetched_criteria"


def _both(obj, field: str) -> dict[str, str]:
    return texts(obj, field)


def item_content(item, *, options=None, criteria=None) -> dict:
    """The plain, self-contained content of ``item`` as a trainee would be served it.

    Works on unsaved instances too (the Wagtail preview passes the form's item and options;
    the admin form passes ``options`` and ``criteria`` built from its formsets).
    """
    item_type = _item_type(item.kind)
    if options is None:
        options = getattr(item, PREFETCHED_OPTIONS, None)
        options = list(item.options.all()) if options is None else options
    if criteria is None:
        criteria = getattr(item, PREFETCHED_CRITERIA, None)
        criteria = list(item.criteria.all()) if criteria is None else criteria
    if not item_type.uses_options:
        options = []
    return {
        "key": str(item.key),
        "kind": item.kind,
        "source_language": item.source_language,
        "points": str(item.points),
        "stem": _both(item, "stem"),
        "explanation": _both(item, "explanation"),
        "model_answer": _both(item, "model_answer"),
        "image": (
            {"id": item.image_id, "alt": _both(item, "image_alt")} if item.image_id else None
        ),
        "settings": item_type.settings(item),
        "options": [
            {
                "key": option.key,
                "text": _both(option, "text"),
                "match": _both(option, "match"),
                "feedback": _both(option, "feedback"),
                "correct": bool(option.is_correct),
                "weight": str(option.weight),
            }
            for option in options
        ],
        "criteria": {
            str(link.criterion_id): str(link.weight) for link in criteria if link.criterion_id
        },
    }


def item_problems(content: Mapping) -> list[str]:
    """What keeps frozen ``content`` from being a gradable item (for the author)."""
    return _item_type(content["kind"]).problems(content)


def missing_languages(content: Mapping) -> list[str]:
    """Languages in which some text a trainee must read is empty in frozen ``content``."""
    texts = [content["stem"], *_item_type(content["kind"]).texts_to_read(content)]
    if content.get("image"):
        texts.append(content["image"]["alt"])
    return [language for language in LANGUAGES if any(not text.get(language) for text in texts)]


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def question_display(
    *,
    content: Mapping,
    language: str,
    option_order: list[str],
    match_order: list[str] | None = None,
    response=None,
) -> dict:
    """Plain values to render one question in ``language``, options in the frozen order;
    ``template`` is the type's answer controls (``assessments/items/_question.html``)."""
    source = content.get("source_language")

    def text(values: Mapping[str, str] | None) -> str:
        return translated_value(values, language, source=source)

    item_type = _item_type(content["kind"])
    by_key = {option["key"]: option for option in content["options"]}
    chosen = response if isinstance(response, list) else [response]
    options = [
        {
            "key": key,
            "text": text(by_key[key]["text"]),
            "feedback": text(by_key[key]["feedback"]),
            "correct": by_key[key]["correct"],
            "chosen": key in chosen,
        }
        for key in option_order
        if key in by_key
    ]
    image = content.get("image")
    question = {
        "kind": content["kind"],
        "template": item_type.template,
        "stem": text(content["stem"]),
        "explanation": text(content["explanation"]),
        "points": _number(content["points"]),
        "options": options,
        "response": response,
        "image_id": image["id"] if image else None,
        "image_alt": text(image["alt"]) if image else "",
    }
    item_type.display(
        question, content=content, response=response, match_order=match_order or [], text=text
    )
    return question
