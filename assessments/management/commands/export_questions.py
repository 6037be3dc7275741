from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from assessments.models import Quiz
from assessments.selectors.items import items_for_exchange, items_of_quiz, items_tagged
from assessments.services.exchange import EXPORT_FORMATS, questions_export


class Command(BaseCommand):
    help = (
        "Export the item bank, a quiz's items or a category (tag) to a question file, as the "
        "admin's export does. Items not translated into the language, or of a type the "
        "format cannot express, are listed and left out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", dest="file_format", choices=list(EXPORT_FORMATS), required=True
        )
        parser.add_argument("-o", "--output", type=Path, required=True, help="File to write.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )
        parser.add_argument("--quiz", help="Code of a quiz: its fixed and drawable items.")
        parser.add_argument("--tag", default="", help="Only items with this tag (category).")

    def handle(self, *args, file_format, output: Path, language, quiz, tag, **options):
        if quiz:
            try:
                items = items_of_quiz(quiz=Quiz.objects.get(code=quiz))
            except Quiz.DoesNotExist:
                raise CommandError(
                    gettext("No quiz has the code %(code)s.") % {"code": quiz}
                ) from None
        elif tag:
            items = items_tagged(tag=tag)
        else:
            items = items_for_exchange()
        result = questions_export(
            items=items, file_format=file_format, language=language, actor=None, category=tag
        )
        try:
            output.write_bytes(result.content)
        except OSError as error:
            raise CommandError(
                gettext("Cannot write %(file)s: %(error)s")
                % {"file": output, "error": error.strerror}
            ) from error
        for name, reason in result.skipped:
            self.stdout.write(f"  {name}: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                gettext("%(count)s items written to %(file)s.")
                % {"count": result.exported, "file": output}
            )
        )
