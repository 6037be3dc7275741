from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from competencies import coverage

        from . import selectors

        coverage.TEACHING.register(selectors.modules_teaching_criteria)
        coverage.PREPARING.register(selectors.courses_preparing_standards)
