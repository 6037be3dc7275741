from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from assessments.services.exchange import FORMATS, QuestionsImportError, questions_import


class Command(BaseCommand):
    help = (
        "Import a question file (GIFT) into the item bank, as the admin's upload does: "
        "items the file names are updated, or translated when the file is in another "
        "language; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path of the question file.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=list(FORMATS),
            help="Format of the file (default: recognised from its content).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language the file is written in (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, file: Path, file_format, language, dry_run, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(
                gettext("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        try:
            report = questions_import(
                raw=raw,
                language=language,
                actor=None,
                file_format=file_format,
                commit=not dry_run,
            )
        except QuestionsImportError as error:
            report = error.report
        for problem in report.problems:
            self.stderr.write(f"  {file}:{problem}")
        for skipped in report.skipped:
            self.stdout.write(f"  {file}:{skipped}")
        for planned in report.planned:
            self.stdout.write(f"  {file}:{planned.line}: {planned.action_label} {planned.name}")
            for warning in planned.warnings:
                self.stdout.write(f"      {warning}")
        if report.problems:
            raise CommandError(
                gettext("%(file)s was not imported: %(count)s problem(s) found; nothing was saved.")
                % {"file": file, "count": len(report.problems)}
            )
        counts = ", ".join(f"{action}: {count}" for action, count in report.counts.items())
        if dry_run:
            self.stdout.write(gettext("Nothing was saved (dry run).") + f" {counts}")
        else:
            self.stdout.write(
                self.style.SUCCESS(gettext("Imported %(file)s.") % {"file": file} + f" {counts}")
            )
