"""Writes for competency standards: the JSON import (upsert) used by the admin's upload
screen, the ``import_standards`` command and the demo."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, QuerySet
from django.utils.translation import gettext, ngettext_lazy

from accounts.languages import LANGUAGE_CODES

from .case import case_read, is_case_package
from .exchange import NodeRef, Problem, check_document, parse_document
from .models import Criterion, CrosswalkEntry, Element, Framework, Standard
from .selectors import case_node_refs
from .translation import column, texts


class StandardsImportError(Exception):
    """The file was refused as a whole; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


COUNTED = {
    "frameworks": ngettext_lazy("%(count)s framework", "%(count)s frameworks", "count"),
    "standards": ngettext_lazy("%(count)s standard", "%(count)s standards", "count"),
    "crosswalk entries": ngettext_lazy(
        "%(count)s crosswalk entry", "%(count)s crosswalk entries", "count"
    ),
}


FORMATS = {"json": "Puente JSON", "case": "CASE 1.1"}


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    # What a CASE package holds that Puente leaves out, each at its path.
    skipped: list[Problem] = field(default_factory=list)
    file_format: str = "json"

    def count(self, kind: str, *, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    @staticmethod
    def describe(counts: dict[str, int]) -> str:
        """``counts`` in words, in the active language ("2 frameworks, 5 standards")."""
        parts = [COUNTED[kind] % {"count": count} for kind, count in counts.items() if count]
        return ", ".join(parts) or gettext("none")


# Importing can create, change and delete every kind of competency row.
IMPORT_PERMISSIONS = tuple(
    f"competencies.{action}_{model}"
    for model in ("framework", "standard", "element", "criterion", "crosswalkentry")
    for action in ("add", "change", "delete")
)


def standards_import_permitted(user) -> bool:
    return user.is_active and user.has_perms(IMPORT_PERMISSIONS)


def standards_import_file(
    *, raw: bytes, actor=None, file_format: str | None = None, commit: bool = True
) -> ImportSummary:
    """``standards_import`` of a file's bytes: the standards JSON format or a CASE 1.1 package
    (``competencies.case``), told apart by the content unless ``file_format`` says. A file that
    is not UTF-8 JSON is refused the same way, with its problem listed; a CASE package's
    problems are given at their paths in the package."""
    document, problems = parse_document(raw)
    if problems:
        raise StandardsImportError(problems)
    if file_format is None:
        file_format = "case" if is_case_package(document) else "json"
    if file_format == "json":
        return standards_import(document=document, actor=actor, commit=commit)
    if not is_case_package(document):
        raise StandardsImportError(
            [Problem("$.CFDocument", gettext("Not a CASE package: it has no CFDocument."))]
        )
    if actor is not None and not standards_import_permitted(actor):
        raise PermissionDenied
    reading = case_read(document, known=case_node_refs().get)
    if reading.problems:
        # The items are checked too, so that every problem is listed at once (the crosswalk
        # is not: its ends name items whose problems are already listed).
        _data, checked = check_document(reading.document) if reading.document else ({}, [])
        problems = list(reading.problems)
        for problem in checked:
            if problem.path.startswith("$.crosswalk"):
                continue
            mapped = Problem(reading.package_path(problem.path), problem.message)
            if mapped not in problems:
                problems.append(mapped)
        raise StandardsImportError(problems)
    _keep_other_languages(reading.document)
    try:
        summary = standards_import(document=reading.document, actor=actor, commit=commit)
    except StandardsImportError as error:
        raise StandardsImportError(
            [Problem(reading.package_path(p.path), p.message) for p in error.problems]
        ) from None
    summary.skipped = reading.skipped
    summary.file_format = "case"
    return summary


def _keep_other_languages(document: dict) -> None:
    """A CASE package states each text in one language: a framework, standard, element or
    criterion already on the site keeps its texts in the languages the package leaves empty,
    so a package in the other language pairs by identifier and fills that language only."""
    for data in document["frameworks"]:
        framework = Framework.objects.filter(slug=data["slug"]).first()
        if framework is None:
            continue
        _keep_texts(data, framework, ("name",))
        standards = framework.standards.prefetch_related("elements__criteria")
        existing = {(standard.code, standard.version): standard for standard in standards}
        for s_data in data["standards"]:
            standard = existing.get((s_data.get("code"), s_data.get("version")))
            if standard is None:
                continue
            _keep_texts(s_data, standard, ("title", "purpose"))
            elements = {element.number: element for element in standard.elements.all()}
            for e_data in s_data["elements"]:
                element = elements.get(e_data["number"])
                if element is None:
                    continue
                _keep_texts(e_data, element, ("title",))
                criteria = {criterion.number: criterion for criterion in element.criteria.all()}
                for c_data in e_data["criteria"]:
                    if (criterion := criteria.get(c_data["number"])) is not None:
                        _keep_texts(c_data, criterion, ("text",))


def _keep_texts(data: dict, instance, names: tuple[str, ...]) -> None:
    for name in names:
        stated = data.get(name)
        if isinstance(stated, dict):
            for language, text in texts(instance, name).items():
                if text and not str(stated.get(language) or "").strip():
                    stated[language] = text


class _Rollback(Exception):
    pass


def standards_import(*, document: dict, actor=None, commit: bool = True) -> ImportSummary:
    """Create or update frameworks, standards and crosswalk entries from a parsed file.

    Atomic: either the whole file is written or nothing is, and every problem found is
    reported in one ``StandardsImportError``. Idempotent: frameworks are matched by slug,
    standards by framework + code + version, elements and criteria by number, crosswalk
    entries by their two ends; importing the same file twice changes nothing. Elements and
    criteria of an imported standard that the file no longer lists are deleted.

    ``actor``, the person importing through a screen, must hold every permission the import
    may use (``IMPORT_PERMISSIONS``); the command and the demo pass none. With ``commit``
    false the import runs and is rolled back: the summary (or the problems) it would give,
    for a preview.
    """
    if actor is not None and not standards_import_permitted(actor):
        raise PermissionDenied
    data, problems = check_document(document)
    if problems:
        raise StandardsImportError(problems)
    writer = _Writer()
    try:
        with transaction.atomic():
            for framework in data["frameworks"]:
                writer.framework(framework)
            for entry in data["crosswalk"]:
                writer.crosswalk(entry)
            if writer.problems or not commit:
                raise _Rollback
    except _Rollback:
        if writer.problems:
            raise StandardsImportError(writer.problems) from None
    return writer.summary


class _Writer:
    def __init__(self):
        self.problems: list[Problem] = []
        self.summary = ImportSummary()

    def _valid(self, instance, path: str, *, exclude=None) -> bool:
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = path if name == NON_FIELD_ERRORS else f"{path}.{_json_key(name)}"
                self.problems.extend(Problem(where, message) for message in messages)
            return False
        return True

    def framework(self, data: dict) -> None:
        framework = Framework.objects.filter(slug=data["slug"]).first()
        created = framework is None
        framework = framework or Framework(slug=data["slug"])
        framework.country = data["country"]
        framework.publisher = data["publisher"]
        framework.url = data["url"]
        framework.source_language = data["source_language"]
        _set_text(framework, "name", data["name"])
        if not self._valid(framework, data["path"]):
            return
        framework.save()
        self.summary.count("frameworks", created=created)

        standards = [(item, self.standard(framework, item)) for item in data["standards"]]
        for item, standard in standards:
            if standard is None or item["superseded_by"] is None:
                continue
            code, version = item["superseded_by"]
            successor = Standard.objects.filter(
                framework=framework, code=code, version=version
            ).first()
            if successor is None:
                self.problems.append(
                    Problem(
                        f"{item['path']}.superseded_by",
                        gettext("Standard %(code)s version %(version)s not found.")
                        % {"code": code, "version": version},
                    )
                )
                continue
            standard.superseded_by = successor
            standard.status = Standard.Status.SUPERSEDED
            if self._valid(standard, item["path"]):
                standard.save()

    def standard(self, framework: Framework, data: dict) -> Standard | None:
        standard = Standard.objects.filter(
            framework=framework, code=data["code"], version=data["version"]
        ).first()
        created = standard is None
        standard = standard or Standard(
            framework=framework, code=data["code"], version=data["version"]
        )
        for name in ("level", "published_on", "validity_months", "industry_codes"):
            setattr(standard, name, data[name])
        standard.occupation_codes = data["occupation_codes"]
        standard.is_sample = data["is_sample"]
        if data["default_threshold"] is not None:
            standard.default_threshold = data["default_threshold"]
        # A successor is linked once every standard of the framework exists.
        superseded = data["status"] == Standard.Status.SUPERSEDED
        standard.status = Standard.Status.WITHDRAWN if superseded else data["status"]
        if not superseded:
            standard.superseded_by = None
        _set_text(standard, "title", data["title"])
        _set_text(standard, "purpose", data["purpose"])
        if not self._valid(standard, data["path"]):
            return None
        standard.save()
        self.summary.count("standards", created=created)

        existing = {element.number: element for element in standard.elements.all()}
        for item in data["elements"]:
            element = existing.pop(item["number"], None) or Element(
                standard=standard, number=item["number"]
            )
            _set_text(element, "title", item["title"])
            if self._valid(element, item["path"]):
                element.save()
                self.criteria(element, item)
        self._delete(existing.values(), data["path"])
        return standard

    def criteria(self, element: Element, data: dict) -> None:
        existing = {criterion.number: criterion for criterion in element.criteria.all()}
        for item in data["criteria"]:
            criterion = existing.pop(item["number"], None) or Criterion(
                element=element, number=item["number"]
            )
            criterion.kind = item["kind"]
            criterion.knowledge_level = item["knowledge_level"]
            criterion.threshold = item["threshold"]
            _set_text(criterion, "text", item["text"])
            if self._valid(criterion, item["path"]):
                criterion.save()
        self._delete(existing.values(), data["path"])

    def _delete(self, rows, path: str) -> None:
        for row in rows:
            try:
                row.delete()
            except ProtectedError:
                self.problems.append(
                    Problem(
                        path,
                        gettext("%(item)s is no longer in the file but is in use; keep it.")
                        % {"item": row},
                    )
                )

    def crosswalk(self, data: dict) -> None:
        path = data["path"]
        source = self._node(data["source"], f"{path}.source")
        target = self._node(data["target"], f"{path}.target")
        reviewer = None
        if data["reviewed_by"]:
            reviewer = get_user_model().objects.filter(email__iexact=data["reviewed_by"]).first()
            if reviewer is None:
                self.problems.append(
                    Problem(f"{path}.reviewed_by", gettext("No user has this e-mail address."))
                )
        if source is None or target is None:
            return
        ends = {
            f"source_{_node_kind(source)}": source,
            f"target_{_node_kind(target)}": target,
        }
        entry = CrosswalkEntry.objects.filter(**ends).first()
        created = entry is None
        entry = entry or CrosswalkEntry(**ends)
        entry.equivalence = data["equivalence"]
        entry.reviewed_on = data["reviewed_on"]
        entry.reviewed_by = reviewer
        _set_text(entry, "rationale", data["rationale"])
        if self._valid(entry, path):
            entry.save()
            self.summary.count("crosswalk entries", created=created)

    def _node(self, ref: NodeRef, path: str) -> Element | Criterion | None:
        element = (
            Element.objects.select_related("standard__framework")
            .filter(
                standard__framework__slug=ref.framework,
                standard__code=ref.standard,
                standard__version=ref.version,
                number=ref.element,
            )
            .first()
        )
        node = element
        if element is not None and ref.criterion is not None:
            node = element.criteria.filter(number=ref.criterion).first()
        if node is None:
            reference = f"{ref.framework} {ref.standard} v{ref.version} E{ref.element}"
            if ref.criterion is not None:
                reference += f".{ref.criterion}"
            self.problems.append(
                Problem(
                    path,
                    gettext("No element or criterion matches %(reference)s.")
                    % {"reference": reference},
                )
            )
        return node


def _node_kind(node) -> str:
    return "element" if isinstance(node, Element) else "criterion"


def _set_text(instance, name: str, texts: dict[str, str]) -> None:
    for language, value in texts.items():
        setattr(instance, column(name, language), value)


def _json_key(field_name: str) -> str:
    """``title_es`` → ``title.es``, the path of that text in the file."""
    base, _sep, language = field_name.rpartition("_")
    return f"{base}.{language}" if language in LANGUAGE_CODES and base else field_name


RENUMBER_OFFSET = 10_000


@transaction.atomic
def children_renumber(*, children: QuerySet, ordered_ids: list[int]) -> None:
    """Number ``children`` (elements of a standard, criteria of an element) 1..n in order.

    Rows are first moved out of the way (number + offset, one statement) and then given
    their final number, so no two rows ever share a number on the way: the unique
    constraint holds at every step on SQLite and PostgreSQL alike. Rows missing from
    ``ordered_ids`` keep their relative order after the listed ones.
    """
    current = list(children.order_by("number").values_list("pk", flat=True))
    order = [pk for pk in ordered_ids if pk in set(current)]
    order += [pk for pk in current if pk not in set(order)]
    children.update(number=F("number") + RENUMBER_OFFSET)
    for number, pk in enumerate(order, start=1):
        children.filter(pk=pk).update(number=number)
