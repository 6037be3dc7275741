from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from competencies.services import StandardsImportError, standards_import_file


class Command(BaseCommand):
    help = (
        "Create or update frameworks, standards and crosswalk entries from a JSON file "
        "(format: docs/standards-json.md). All or nothing; re-importing is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Path of the JSON file.")

    def handle(self, *args, file: Path, **options):
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
            summary = standards_import_file(raw=raw)
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
        self.stdout.write(self.style.SUCCESS(gettext("Imported %(file)s.") % {"file": file}))
