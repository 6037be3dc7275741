from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from competencies.services import StandardsImportError, standards_import_file


class Command(BaseCommand):
    help = (
        "Create or update frameworks, standards and crosswalk entries from a JSON file "
        "(format: docs/standards-json.md) or a CASE 1.1 package. All or nothing; re-importing "
        "is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path of the JSON or CASE file.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=["json", "case"],
            default=None,
            help="json or case (default: told from the content).",
        )

    def handle(self, *args, file: Path, file_format: str | None, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(
                gettext("Cannot read %(file)s: %(error)s")
                % {
                    "file": file,
                    "error": error.strerror,
                }
            ) from error
        try:
            summary = standards_import_file(raw=raw, file_format=file_format)
        except StandardsImportError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                gettext("%(file)s was not imported: %(count)s problem(s) found; nothing was saved.")
                % {"file": file, "count": len(error.problems)}
            ) from error
        for label, counts in (
            (gettext("created"), summary.created),
            (gettext("updated"), summary.updated),
        ):
            for kind, count in counts.items():
                self.stdout.write(f"  {kind} {label}: {count}")
        for skipped in summary.skipped:
            self.stdout.write(gettext("  skipped: %(problem)s") % {"problem": skipped})
        self.stdout.write(self.style.SUCCESS(gettext("Imported %(file)s.") % {"file": file}))
