from django.core.management.base import BaseCommand

from certificates.services import RENEWAL_WINDOW_DAYS, certificate_send_expiry_reminders


class Command(BaseCommand):
    help = (
        "E-mail holders whose certificate expires soon, with a link to renew. Idempotent: each "
        "certificate is reminded once, so it is safe to run daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=RENEWAL_WINDOW_DAYS,
            help=f"Remind this many days before expiry ({RENEWAL_WINDOW_DAYS}).",
        )

    def handle(self, *args, days: int, **options):
        sent = certificate_send_expiry_reminders(days_before=days)
        self.stdout.write(f"Expiry reminders sent: {sent}")
