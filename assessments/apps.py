from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import completion as course_completion

        from . import completion

        course_completion.REQUIREMENTS.register(completion.NAME, completion.required_quizzes_passed)
