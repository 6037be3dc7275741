import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from competencies.models import Framework
from competencies.selectors import standards_case_export, standards_export


class Command(BaseCommand):
    help = (
        "Write frameworks, standards and crosswalk entries as JSON (docs/standards-json.md) "
        "or, with --format case, one framework as a CASE 1.1 package."
    )

    def add_arguments(self, parser):
        parser.add_argument("--framework", default="", help="Only this framework (its slug).")
        parser.add_argument("-o", "--output", type=Path, help="Write to this file, not stdout.")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=["json", "case"],
            default="json",
            help="json (default, every framework) or case (one framework per package).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default="",
            help="CASE: the language of the statements (default: the framework's source "
            "language). Every language travels in the extensions either way.",
        )

    def handle(self, *args, framework, output, file_format, language, **options):
        if framework and not Framework.objects.filter(slug=framework).exists():
            raise CommandError(gettext("No framework “%(slug)s”.") % {"slug": framework})
        if file_format == "case":
            if not framework:
                slugs = list(Framework.objects.values_list("slug", flat=True))
                if len(slugs) != 1:
                    raise CommandError(
                        gettext(
                            "A CASE package holds one framework; name it with --framework "
                            "(one of: %(slugs)s)."
                        )
                        % {"slugs": ", ".join(slugs) or "—"}
                    )
                framework = slugs[0]
            source = Framework.objects.get(slug=framework).source_language
            data = standards_case_export(framework=framework, language=language or source)
        else:
            data = standards_export(framework=framework)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
