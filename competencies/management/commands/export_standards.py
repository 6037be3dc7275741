import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from competencies.models import Framework
from competencies.selectors import standards_export


class Command(BaseCommand):
    help = "Write frameworks, standards and crosswalk entries as JSON (docs/standards-json.md)."

    def add_arguments(self, parser):
        parser.add_argument("--framework", default="", help="Only this framework (its slug).")
        parser.add_argument("-o", "--output", type=Path, help="Write to this file, not stdout.")

    def handle(self, *args, framework: str, output: Path | None, **options):
        if framework and not Framework.objects.filter(slug=framework).exists():
            raise CommandError(gettext("No framework “%(slug)s”.") % {"slug": framework})
        text = json.dumps(standards_export(framework=framework), ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
