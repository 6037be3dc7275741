"""The expiry rule, stated once: the row's status, the querysets and the renewal window agree."""

import datetime

import pytest

from certificates.models import RENEWAL_WINDOW_DAYS, Certificate
from certificates.services import certificate_revoke

TODAY = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("expires_on", "expired", "in_window"),
    [
        (None, False, False),
        (TODAY - datetime.timedelta(days=1), True, True),
        (TODAY, False, True),
        (TODAY + datetime.timedelta(days=RENEWAL_WINDOW_DAYS), False, True),
        (TODAY + datetime.timedelta(days=RENEWAL_WINDOW_DAYS + 1), False, False),
    ],
)
def test_every_reader_of_the_expiry_date_agrees(certificate, expires_on, expired, in_window):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=datetime.date(2020, 1, 1), expires_on=expires_on
    )
    certificate.refresh_from_db()
    rows = Certificate.objects.filter(pk=certificate.pk)

    assert certificate.is_expired(TODAY) is expired
    assert rows.expired(TODAY).exists() is expired
    assert rows.in_force(TODAY).exists() is not expired
    assert certificate.expires_within(RENEWAL_WINDOW_DAYS, TODAY) is in_window
    # Reminders go to certificates entering the window, not to those already expired.
    reminded = rows.expiring(today=TODAY, within_days=RENEWAL_WINDOW_DAYS).exists()
    assert reminded is (in_window and not expired)


def test_a_revoked_certificate_is_neither_expired_nor_in_force(certificate, administrator):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=datetime.date(2020, 1, 1), expires_on=TODAY - datetime.timedelta(days=3)
    )
    certificate_revoke(certificate=certificate, reason="Error", actor=administrator)
    rows = Certificate.objects.filter(pk=certificate.pk)
    assert not rows.expired(TODAY).exists()
    assert not rows.in_force(TODAY).exists()
    certificate.refresh_from_db()
    assert certificate.public_status == "revoked"
