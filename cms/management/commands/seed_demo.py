from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.demo import DEMO_PASSWORD, seed_people
from assessments.demo import seed_quizzes
from assessments.demo_evidence import seed_evaluation
from certificates.demo import demo_verification_urls, seed_certificates
from cms.demo.courses import seed_courses
from cms.demo.site import seed_site
from competencies.demo import seed_standards


class Command(BaseCommand):
    help = "Load the bilingual demo (idempotent) and print the demo logins. Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off (never on a production site: demo passwords are public).",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with public passwords; use --force outside DEBUG."
            )
        people = seed_people()
        seed_site()
        seed_standards()
        seed_courses(people=people)
        seed_quizzes()
        seed_evaluation(people)
        certificates = seed_certificates()

        base = settings.PUENTE_BASE_URL.rstrip("/")
        self.stdout.write(self.style.SUCCESS("Puente demo is ready."))
        self.stdout.write(f"  Español: {base}/es/    English: {base}/en/    Admin: {base}/admin/")
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
        with translation.override("en"):
            for role, user in people.items():
                self.stdout.write(f"    {role.label:<14} {user.email}")
        for label, url in demo_verification_urls(certificates).items():
            self.stdout.write(f"  Demo certificate ({label}): {url}")
