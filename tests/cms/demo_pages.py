"""The demo's cohort and the URLs of its reports, for the tests that measure pages on the demo
and on grown data (query counts, query plans)."""

from django.urls import reverse

from courses.models import Cohort, Enrollment


def demo_cohort() -> Cohort:
    """The demo trainee's cohort of the quality course, the one ``grow_demo`` grows."""
    return Enrollment.objects.get(
        user__email="aprendiz@puente.example", course__code="AUTO-CAL-101"
    ).cohort


def cohort_report_urls(cohort: Cohort) -> list[str]:
    """An instructor's reports on ``cohort``, each page then its CSV: heatmap, item
    statistics, cohort grid."""
    pages = [
        reverse("assessments:report_heatmap", args=[cohort.pk]),
        reverse("assessments:report_items", args=[cohort.pk]),
        reverse("courses:cohort", args=[cohort.pk]),
    ]
    return [url + query for url in pages for query in ("", "?format=csv")]
