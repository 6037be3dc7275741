from django.core.management.base import BaseCommand, CommandError

from assessments.services.standings import standings_rebuild
from competencies.models import Standard


class Command(BaseCommand):
    help = (
        "Recompute the reports' standings (each candidate on each criterion) from the evidence, "
        "for every standard or the ones given by code. The services keep them current; run "
        "this after restoring a backup or writing evidence outside them."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Standard codes (default: every standard).")

    def handle(self, *args, codes, **options):
        standards = Standard.objects.order_by("code")
        if codes:
            standards = standards.filter(code__in=codes)
            missing = set(codes) - set(standards.values_list("code", flat=True))
            if missing:
                raise CommandError(f"No standard has the code {', '.join(sorted(missing))}.")
        for standard in standards:
            written = standings_rebuild(
                standard=standard,
                progress=lambda done, total: self.stderr.write(f"  {done}/{total}", ending="\r"),
            )
            self.stdout.write(f"{standard.code}: {written} standings")
