from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo.grow import DemoMissing, grow_demo


class Command(BaseCommand):
    help = (
        "Grow the demo cohort to N learners with attempts, answers, evidence and judgements "
        "(idempotent; after seed_demo). For load tests and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, required=True, help="Learners wanted (N).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off (never on a production site: demo passwords are public).",
        )

    def handle(self, *args, learners: int, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "grow_demo creates accounts with public passwords; use --force outside DEBUG."
            )
        if learners < 0:
            raise CommandError("--learners must be 0 or more.")
        try:
            added = grow_demo(
                learners=learners,
                progress=lambda done: self.stderr.write(f"  {done} learners added…"),
            )
        except DemoMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"The demo cohort has learners 1–{learners}; {added} were added.")
        )
