import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certificates.services import certificate_issue, certificate_revoke


def run() -> str:
    out = StringIO()
    call_command("send_expiry_reminders", "--days", "30", stdout=out)
    return out.getvalue()


def test_reminder_sent_once_with_a_renewal_link(
    competent, holder, standard, django_capture_on_commit_callbacks, administrator
):
    today = timezone.localdate()
    # Issued 36 months minus 20 days ago: expires in about 20 days.
    issued_on = today.replace(year=today.year - 3) + datetime.timedelta(days=20)
    certificate = certificate_issue(
        holder=holder, standard=standard, today=issued_on, issued_by=administrator
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "Expiry reminders sent: 1" in run()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Expiry reminders sent: 0" in run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "vence pronto" in message.subject  # the holder's language: Spanish
    assert "http://testserver/es/certificates/" in message.body
    assert f"http://testserver/es/verify/{certificate.code}/" in message.body
    certificate.refresh_from_db()
    assert certificate.expiry_reminder_sent_at is not None
    assert certificate.events.filter(action="reminded").count() == 1


def test_no_reminder_for_far_expiry_or_revoked(competent, holder, standard, administrator):
    certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    assert "Expiry reminders sent: 0" in run()
    certificate_revoke(certificate=certificate, reason="Error", actor=administrator)
    assert "Expiry reminders sent: 0" in run()
