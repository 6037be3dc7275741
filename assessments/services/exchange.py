"""Question banks in and out: import a GIFT or Moodle XML file, export items in them.

One service for the admin's upload and the ``import_questions`` / ``export_questions``
commands. An import reads the file into portable items (``assessments.exchange``), asks the
item types which of them each one is (``item_types.from_portable``), checks every item as
the admin form would, and plans what each does to the bank:

- *create* a new item in the file's language;
- *update* the item it names (GIFT ``::title::`` or ``[id:…]``, Moodle ``name``/``idnumber``)
  when the file is in that item's source language;
- *translate* the item it names when the file is in another language: only that language's
  texts are written; a different answer key is refused with the item named (DESIGN
  principle 2: one item, one answer key);
- leave it *unchanged*.

Every problem is reported with its line and nothing is written unless the whole file is
good (``commit=False`` gives the preview).
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.images import get_image_model
from wagtail.whitelist import allow_without_attributes

import willow

from competencies.translation import column, texts

from .. import item_types
from ..content import item_content, item_problems, missing_languages
from ..exchange import Problem, Reading, gift, moodle_xml, qti
from ..models import Item, ItemOption
from ..portable import PortableImage, PortableItem

FORMATS = {
    "gift": gettext_lazy("GIFT (Moodle)"),
    "moodle-xml": gettext_lazy("Moodle XML"),
    "qti": gettext_lazy("QTI 2.2 or 3.0 item, or QTI content package"),
}
EXPORT_FORMATS = {
    "gift": FORMATS["gift"],
    "moodle-xml": FORMATS["moodle-xml"],
    "qti3": gettext_lazy("QTI 3.0 content package"),
}
MODULES = {"gift": gift, "moodle-xml": moodle_xml, "qti": qti, "qti3": qti}
EXPORT_EXTENSIONS = {"gift": "gift", "moodle-xml": "xml", "qti3": "zip"}
EXPORT_CONTENT_TYPES = {
    "gift": "text/plain; charset=utf-8",
    "moodle-xml": "application/xml; charset=utf-8",
    "qti3": "application/zip",
}
TEXT_FIELDS = ("stem", "explanation", "model_answer")
OPTION_TEXT_FIELDS = ("text", "match", "feedback")

# The formats whose question identifier is the author's and is kept on the item.
KEEPS_SOURCE_REF = {"gift", "moodle-xml"}


class QuestionsImportError(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(_("The file was not imported."))
        self.report = report


class Action:
    CREATE = "create"
    UPDATE = "update"
    TRANSLATE = "translate"
    UNCHANGED = "unchanged"

    labels = {
        CREATE: gettext_lazy("create"),
        UPDATE: gettext_lazy("update"),
        TRANSLATE: gettext_lazy("add translation"),
        UNCHANGED: gettext_lazy("unchanged"),
    }


@dataclass
class PlannedItem:
    """What one question of the file does to the bank."""

    line: int
    name: str
    kind: str
    action: str
    warnings: list[str]
    item: Item | None = None
    """The existing item it updates or translates."""
    portable: PortableItem | None = None
    answer: dict = field(default_factory=dict)
    source_ref: str = ""
    """The identifier the question has in its source bank (Moodle idnumber, GIFT id), kept on
    the item; QTI identifiers are not kept (Puente's QTI identifiers are its own)."""

    @property
    def kind_label(self) -> str:
        return str(item_types.get(self.kind).label)

    @property
    def action_label(self) -> str:
        return str(Action.labels[self.action])


@dataclass
class ImportReport:
    language: str
    file_format: str
    planned: list[PlannedItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    written: bool = False

    def count(self, action: str) -> int:
        return sum(1 for planned in self.planned if planned.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in Action.labels}


def questions_import_permitted(user) -> bool:
    """Authors of items; ``None`` is the operator at the shell (the ``import_questions``
    command), as for ``competencies.services.standards_import``."""
    if user is None:
        return True
    return user.has_perm("assessments.add_item") and user.has_perm("assessments.change_item")


def questions_export_permitted(user) -> bool:
    return user is None or user.has_perm("assessments.view_item")


def detect_format(raw: bytes) -> str:
    """The format of a file from its content: GIFT unless it is XML."""
    if raw.startswith(b"PK\x03\x04"):
        return "qti"
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1000].lower()
    if b"assessmentitem" in head or b"qti-assessment-item" in head:
        return "qti"
    if head.startswith(b"<?xml") or head.startswith(b"<quiz"):
        return "moodle-xml"
    return "gift"


def _read(raw: bytes, file_format: str) -> Reading:
    if file_format == "qti":
        return qti.read(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Reading(problems=[Problem(0, _("The file is not UTF-8 text."))])
    return MODULES[file_format].read(text)


def questions_import(
    *,
    raw: bytes,
    language: str,
    actor,
    file_format: str | None = None,
    commit: bool = True,
) -> ImportReport:
    """Plan the import of ``raw`` in ``language`` and, when ``commit`` and the file has no
    problem, carry it out in one transaction. ``QuestionsImportError`` (with the report)
    when ``commit`` and the file has problems; nothing is written then."""
    if not questions_import_permitted(actor):
        raise PermissionDenied
    file_format = file_format or detect_format(raw)
    if file_format not in FORMATS:
        report = ImportReport(language, file_format)
        report.problems.append(
            Problem(0, _("Unknown format “%(format)s”.") % {"format": file_format})
        )
    else:
        report = _plan(_read(raw, file_format), language=language, file_format=file_format)
    if not commit:
        return report
    if report.problems:
        raise QuestionsImportError(report)
    with transaction.atomic():
        for planned in report.planned:
            _write(planned, language=language)
    report.written = True
    return report


# --- planning -------------------------------------------------------------------------


def _plan(reading: Reading, *, language: str, file_format: str) -> ImportReport:
    report = ImportReport(language, file_format, problems=list(reading.problems))
    report.skipped = list(reading.skipped)
    if not reading.items and not reading.problems:
        report.problems.append(Problem(0, _("The file holds no questions.")))
    seen: dict[int, int] = {}  # existing item → the line that names it
    for portable in reading.items:
        name = _name(portable)
        claimed = item_types.from_portable(portable)
        if claimed is None:
            report.problems.append(
                Problem(portable.line, _("Puente has no item type for this question."))
            )
            continue
        item_type, answer = claimed
        before = len(report.problems)
        existing = _existing(portable, report)
        if len(report.problems) > before:
            continue
        if existing is not None and existing.pk in seen:
            report.problems.append(
                Problem(
                    portable.line,
                    _("“%(name)s” is already in the file at line %(line)s.")
                    % {"name": existing.name, "line": seen[existing.pk]},
                )
            )
            continue
        if existing is not None:
            seen[existing.pk] = portable.line
        planned = PlannedItem(
            line=portable.line,
            name=name,
            kind=item_type.kind,
            action=Action.CREATE,
            warnings=list(portable.warnings),
            item=existing,
            portable=portable,
            answer=answer,
            source_ref=portable.ref if file_format in KEEPS_SOURCE_REF else "",
        )
        problems = _check(planned, language=language)
        report.problems.extend(Problem(portable.line, message) for message in problems)
        if not problems:
            report.planned.append(planned)
    return report


def _rich_text(html: str, field: str, language: str) -> str:
    """``html`` from a file as the rich-text editor would save it: only the elements and
    attributes the field's features allow, links of allowed schemes only. A file's HTML is
    anyone's HTML: scripts, event handlers and frames would run for trainees, and markup the
    editor cannot read would break the item's edit form."""
    features = Item._meta.get_field(column(field, language)).features
    whitelister = EditorHTMLConverter(features=features).whitelister
    # Wagtail's HTML rules know no sub/superscript (Draftail keeps them as inline styles).
    extra = {"sub": "subscript", "sup": "superscript"}
    for element, feature in extra.items():
        if feature in features:
            whitelister.element_rules[element] = allow_without_attributes
    return whitelister.clean(html) if html else html


def _name(portable: PortableItem) -> str:
    name = portable.identifier or " ".join(strip_tags(portable.stem).split())
    return Truncator(name).chars(Item._meta.get_field("name").max_length)


def _existing(portable: PortableItem, report: ImportReport) -> Item | None:
    """The item ``portable`` names: by its key (Puente's exports write it as the id), else by
    the identifier it had in its source bank (a Moodle idnumber kept on import), else by name
    when the file gives one."""
    try:
        key = uuid.UUID(portable.ref) if portable.ref else None
    except ValueError:
        key = None
    if key is not None:
        found = Item.objects.prefetch_related("options", "criteria").filter(key=key).first()
        if found is not None:
            return found
    if portable.ref:
        found = (
            Item.objects.prefetch_related("options", "criteria")
            .filter(source_ref=portable.ref)
            .first()
        )
        if found is not None:
            return found
    if not portable.identifier:
        return None
    found = list(
        Item.objects.prefetch_related("options", "criteria").filter(name=portable.identifier)[:2]
    )
    if len(found) > 1:
        report.problems.append(
            Problem(
                portable.line,
                _("Several items are named “%(name)s”; give them different names first.")
                % {"name": portable.identifier},
            )
        )
        return None
    return found[0] if found else None


def _build(planned: PlannedItem, *, language: str, base: Item | None = None):
    """The item and options the file describes, unsaved: ``base``'s copy (other languages
    kept) with this language's texts and the file's answer key, or a new item."""
    portable, answer = planned.portable, planned.answer
    item_type = item_types.get(planned.kind)
    if base is None:
        item = Item(kind=planned.kind, name=planned.name, source_language=language)
        old_options: list[ItemOption] = []
    else:
        item = Item.objects.get(pk=base.pk)
        old_options = list(base.options.all())
    item.kind = planned.kind
    if planned.source_ref and planned.source_ref != str(item.key):
        # A foreign identifier (Moodle idnumber, GIFT id) is kept, to be given back on export.
        item.source_ref = planned.source_ref[: Item._meta.get_field("source_ref").max_length]
    if portable.points is not None:
        cents = portable.points.quantize(Decimal("0.01"))  # Moodle writes 2.0000000
        item.points = cents if cents == portable.points else portable.points
    for name, value in item_type.item_fields(answer["settings"]).items():
        setattr(item, name, value)
    values = {
        "stem": _rich_text(portable.stem, "stem", language),
        "explanation": _rich_text(portable.general_feedback, "explanation", language),
        "model_answer": portable.model_answer,
    }
    for name, value in values.items():
        setattr(item, column(name, language), value)
    image = portable.image
    translating = base is not None and base.source_language != language
    if image is not None:
        setattr(item, column("image_alt", language), image.alt)
        if not translating and not (base is not None and _same_image(base, image)):
            item.image = None  # a new picture: saved with the item (``_write``)
    options = []
    for index, data in enumerate(answer["options"]):
        option = ItemOption(item=item, sort_order=index)
        if index < len(old_options):
            old = old_options[index]
            option.pk, option.key = old.pk, old.key
            for name in OPTION_TEXT_FIELDS:
                for code, text in texts(old, name).items():
                    setattr(option, column(name, code), text)
        for name in OPTION_TEXT_FIELDS:
            setattr(option, column(name, language), data[name])
        option.is_correct = data["correct"]
        option.weight = Decimal(data["weight"]).quantize(Decimal("0.001"))
        options.append(option)
    return item, options


def _same_image(item: Item, image: PortableImage) -> bool:
    if not item.image_id:
        return False
    with item.image.file.open("rb") as file:
        return file.read() == image.data


def _image_problem(image: PortableImage) -> str | None:
    try:
        willow.Image.open(io.BytesIO(image.data)).get_size()
    except Exception:  # noqa: BLE001 - Willow raises many kinds for a file it cannot read
        return _("The embedded image %(name)s cannot be read as a picture.") % {"name": image.name}
    return None


def _normal(value):
    if isinstance(value, list | tuple):
        return tuple(_normal(part) for part in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _normal(part)) for key, part in value.items()))
    if isinstance(value, str):
        try:
            return Decimal(value).normalize()
        except InvalidOperation:
            return value
    return value


def _answer_key(content: dict) -> tuple:
    """What a translation may not change: type, settings, points, each option's key."""
    return (
        content["kind"],
        _normal(content["settings"]),
        _normal(content["points"]),
        tuple((option["correct"], _normal(option["weight"])) for option in content["options"]),
    )


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _check(planned: PlannedItem, *, language: str) -> list[str]:
    """Problems of ``planned`` (the admin form's checks and the pairing rule); sets its
    action."""
    existing = planned.item
    if existing is not None and existing.kind != planned.kind:
        return [
            _("“%(name)s” is a %(kind)s item in Puente; the file makes it another type.")
            % {"name": existing.name, "kind": item_types.get(existing.kind).label}
        ]
    translating = existing is not None and existing.source_language != language
    item, options = _build(planned, language=language, base=existing)
    criteria = list(existing.criteria.all()) if existing is not None else []
    content = item_content(item, options=options, criteria=criteria)
    problems = list(item_problems(content))
    if planned.portable.image is not None and (problem := _image_problem(planned.portable.image)):
        problems.append(problem)
    try:
        item.full_clean(exclude=["key"], validate_unique=False)
    except ValidationError as error:
        problems.extend(_validation_messages(error))
    for option in options:
        try:
            option.full_clean(exclude=["item", "key"], validate_unique=False)
        except ValidationError as error:
            problems.extend(_validation_messages(error))
    if existing is None:
        planned.action = Action.CREATE
        return problems
    before = item_content(existing)
    if len(options) != len(before["options"]):
        problems.append(
            _(
                "“%(name)s” has %(puente)s options in Puente and %(file)s in the file; "
                "change them in the item's form."
            )
            % {"name": existing.name, "puente": len(before["options"]), "file": len(options)}
        )
    elif translating and _answer_key(content) != _answer_key(before):
        problems.append(
            _(
                "The answer key of “%(name)s” differs from the one in Puente; a file in "
                "another language fills in translations only."
            )
            % {"name": existing.name}
        )
    if _normal(content) == _normal(before):
        planned.action = Action.UNCHANGED
    else:
        planned.action = Action.TRANSLATE if translating else Action.UPDATE
    return problems


# --- writing --------------------------------------------------------------------------


def _write(planned: PlannedItem, *, language: str) -> None:
    if planned.action == Action.UNCHANGED:
        return
    item, options = _build(planned, language=language, base=planned.item)
    image = planned.portable.image
    if image is not None and item.image_id is None:
        item.image = get_image_model().objects.create(
            title=Truncator(image.alt or image.name).chars(255),
            file=ContentFile(image.data, name=image.name or "image"),
        )
    item.save()
    for option in options:
        option.item = item
        option.save()
    if planned.action != Action.TRANSLATE and planned.portable.tags:
        item.tags.add(*planned.portable.tags)
        item.save()


# --- export ---------------------------------------------------------------------------


@dataclass
class ExportResult:
    content: bytes
    file_format: str
    exported: int
    skipped: list[tuple[str, str]]
    """``(item name, reason)`` for each item the format or language could not carry."""

    @property
    def extension(self) -> str:
        return EXPORT_EXTENSIONS[self.file_format]

    @property
    def content_type(self) -> str:
        return EXPORT_CONTENT_TYPES[self.file_format]


def questions_export(
    *, items: Iterable[Item], file_format: str, language: str, actor, category: str = ""
) -> ExportResult:
    """``items`` (from ``selectors.items``, options and tags prefetched) in ``file_format``
    and ``language``; those it cannot carry are listed in ``skipped`` with the reason."""
    if not questions_export_permitted(actor):
        raise PermissionDenied
    if file_format not in EXPORT_EXTENSIONS:
        raise ValueError(f"Unknown export format {file_format!r}.")
    module = MODULES[file_format]
    portables, skipped = [], []
    for item in items:
        content = item_content(item)
        if language in missing_languages(content):
            skipped.append((item.name, _("not translated into this language")))
            continue
        portable = item_types.to_portable(content, language)
        if portable is None or not module.expressible(portable):
            skipped.append(
                (
                    item.name,
                    _("%(format)s cannot express %(kind)s items")
                    % {
                        "format": FORMATS[file_format],
                        "kind": item_types.get(item.kind).label,
                    },
                )
            )
            continue
        portable.identifier = item.name
        # QTI identifiers must be XML names: there the item's key, elsewhere the identifier
        # the item had in its source bank when it has one.
        keeps_source = file_format in KEEPS_SOURCE_REF and item.source_ref
        portable.ref = item.source_ref if keeps_source else str(item.key)
        portable.tags = sorted(tag.name for tag in item.tags.all())
        if item.image_id:
            with item.image.file.open("rb") as file:
                portable.image = PortableImage(
                    os.path.basename(item.image.file.name),
                    file.read(),
                    alt=content["image"]["alt"].get(language, ""),
                )
        portables.append(portable)
    with translation.override(language):  # words a format adds (QTI's True / False)
        written = module.write(portables, category=category)
    content = written.encode() if isinstance(written, str) else written
    return ExportResult(content, file_format, len(portables), skipped)


__all__ = [
    "FORMATS",
    "Action",
    "ExportResult",
    "ImportReport",
    "PlannedItem",
    "QuestionsImportError",
    "detect_format",
    "questions_export",
    "questions_export_permitted",
    "questions_import",
    "questions_import_permitted",
]
