"""Administrators edit issuance rules and see the approval queue; certificates already issued
on a sample standard are marked sample (the snapshot field is new)."""

from django.db import migrations

from accounts.roles import Role, grant


def forwards(apps, schema_editor):
    grant(
        apps,
        Role.ADMINISTRATOR,
        [
            "certificates.view_issuancerule",
            "certificates.add_issuancerule",
            "certificates.change_issuancerule",
            "certificates.delete_issuancerule",
            "certificates.view_issuancerequest",
        ],
    )
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.filter(standard__is_sample=True).update(is_sample=True)
    Certificate.objects.filter(course__target_standards__is_sample=True).update(is_sample=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("certificates", "0003_issuance_on_judgement_renewal_revoked_copy"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
