from django.core.management import call_command

from wagtail.models import Page

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo", force=True)
    counts = (User.objects.count(), Page.objects.count())
    call_command("seed_demo", force=True)
    output = capsys.readouterr().out

    assert (User.objects.count(), Page.objects.count()) == counts
    for email in [
        "aprendiz@puente.example",
        "instructor@puente.example",
        "evaluadora@puente.example",
        "admin@puente.example",
    ]:
        assert email in output
    assert "puente-demo-2026" in output


def test_seed_demo_refuses_without_debug():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo")
