"""List the installed libraries' interface strings that have no Spanish (or another language)."""

from django.core.management.base import BaseCommand

import polib

from cms.vendor_messages import catalogue_path, untranslated


class Command(BaseCommand):
    help = "List library interface strings missing from a language (--add: append for translating)."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="es")
        parser.add_argument(
            "--add", action="store_true", help="append them, untranslated, for a translator"
        )

    def handle(self, *args, language, add, **options):
        missing = list(untranslated(language))
        for message in missing:
            self.stdout.write(f"{message.app}: {message.entry.msgid}")
        self.stdout.write(f"{len(missing)} untranslated in {language}")
        if add and missing:
            path = catalogue_path(language)
            catalogue = polib.pofile(str(path), wrapwidth=79)
            for message in missing:
                entry = message.entry
                catalogue.append(
                    polib.POEntry(
                        msgid=entry.msgid,
                        msgctxt=entry.msgctxt,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural={0: "", 1: ""} if entry.msgid_plural else {},
                        comment=message.app,
                        flags=[flag for flag in entry.flags if flag.endswith("-format")],
                    )
                )
            catalogue.save(str(path))
            self.stdout.write(f"appended to {path}: translate, then make messages")
