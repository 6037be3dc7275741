import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0014_item_source_ref"),
        ("competencies", "0005_languages_from_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SelfAssessment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("alone", "I can do this without help"),
                            ("with_help", "I can do this with help"),
                            ("not_yet", "I cannot do this yet"),
                        ],
                        max_length=10,
                        verbose_name="answer",
                    ),
                ),
                ("answered_at", models.DateTimeField(verbose_name="answered at")),
                (
                    "candidate",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="self_assessments",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="candidate",
                    ),
                ),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="self_assessments",
                        to="competencies.criterion",
                        verbose_name="criterion",
                    ),
                ),
            ],
            options={
                "verbose_name": "self-assessment answer",
                "verbose_name_plural": "self-assessment answers",
                "constraints": [
                    models.UniqueConstraint(fields=("candidate", "criterion"), name="assessments_self_assessment_once"),
                    models.CheckConstraint(
                        condition=models.Q(("level__in", ["alone", "with_help", "not_yet"])),
                        name="assessments_self_assessment_level_valid",
                    ),
                ],
            },
        ),
    ]
