"""``manage.py grow_demo``: the demo cohort grown to N learners, idempotently, with histories
the real scoring agrees with; and the pages that must not grow with it."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from accounts.models import User
from assessments.models import Answer, Attempt, CriterionStanding, EvidenceRecord, Judgement
from assessments.selectors.progress import standard_progress
from assessments.services.standings import standings_rebuild
from cms.demo.grow import EMAIL_DOMAIN, learner_email
from courses.models import Enrollment
from tests.cms.demo_pages import cohort_report_urls, demo_cohort

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", force=True, stdout=io.StringIO())


def grow(learners: int) -> str:
    out = io.StringIO()
    call_command("grow_demo", learners=learners, force=True, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (User, Enrollment, Attempt, Answer, EvidenceRecord, Judgement)
    )


def test_grow_demo_adds_only_the_missing_learners_with_a_realistic_history():
    seed()
    demo = counts()
    assert "12 were added" in grow(12)
    grown = counts()
    assert "0 were added" in grow(12)
    assert counts() == grown
    assert "3 were added" in grow(15)

    learners = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    assert learners.count() == 15 == counts()[0] - demo[0]
    assert set(learners.values_list("email", flat=True)) == {learner_email(n) for n in range(1, 16)}
    assert all(learner.check_password("puente-demo-2026") for learner in learners[:1])
    cohort = Enrollment.objects.get(user__email="aprendiz@puente.example").cohort
    assert Enrollment.objects.filter(user__in=learners, cohort=cohort).count() == 15
    statuses = dict(
        Attempt.objects.filter(user__in=learners).values_list("status").annotate(n=Count("pk"))
    )
    assert statuses.get("graded", 0) > 10
    assert Answer.objects.filter(attempt__user__in=learners, fraction=0).exists()
    assert Answer.objects.filter(attempt__user__in=learners, fraction=1).exists()
    assert EvidenceRecord.objects.filter(candidate__in=learners, met=False).exists()


def test_every_grown_judgement_is_the_one_the_scoring_gives():
    seed()
    grow(30)
    judgements = Judgement.objects.filter(
        candidate__email__endswith=f"@{EMAIL_DOMAIN}"
    ).select_related("candidate", "standard")
    assert judgements.count() > 5
    for judgement in judgements:
        progress = standard_progress(candidate=judgement.candidate, standard=judgement.standard)
        assert judgement.result == str(progress.result.verdict)
        expected = progress.result.as_basis()
        assert {key: judgement.basis[key] for key in expected} == expected


def test_grow_demo_needs_the_demo_and_debug():
    with pytest.raises(CommandError, match="seed_demo"):
        grow(3)
    with pytest.raises(CommandError, match="--force"):
        call_command("grow_demo", learners=3)


@override_settings(DEBUG=False)
def test_pages_of_the_demo_cost_the_same_queries_on_grown_data(client, django_assert_num_queries):
    """Pinned on the demo's own content, then again with 40 more learners in the cohort.
    The demo module page lists six criteria: none fetches its own standard or
    framework (a text's fallback language)."""
    seed()
    trainee = User.objects.get(email="aprendiz@puente.example")
    with translation.override("es"):
        index = reverse("assessments:progress")
    standard = Judgement.objects.filter(candidate=trainee).values_list("standard", flat=True)[0]
    detail = reverse("assessments:progress_standard", args=[standard])

    def measure(user, *, index_queries, standard_queries):
        client.logout()
        client.get(MODULE)  # the site and its locales are cached from the first request on
        with django_assert_num_queries(MODULE_QUERIES_ANONYMOUS):
            assert client.get(MODULE).status_code == 200
        client.force_login(user)
        with django_assert_num_queries(MODULE_QUERIES):
            page = client.get(MODULE)
        assert page.status_code == 200 and "EC9101 E2.6" in page.text
        with django_assert_num_queries(index_queries):
            assert client.get(index).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail).status_code == 200
        assert len(queries) <= standard_queries
        return len(queries)

    # The demo trainee: judged, certified, every criterion mastered. The standard page's
    # count (15 on SQLite, 16 on PostgreSQL) must not move when the cohort grows.
    on_the_demo = measure(trainee, index_queries=5, standard_queries=16)
    grow(40)
    assert measure(trainee, index_queries=5, standard_queries=16) == on_the_demo
    # A grown learner, judged and not certified, with criteria to study (module links).
    learner = (
        Judgement.objects.filter(candidate__email__endswith=EMAIL_DOMAIN, result="not_yet")
        .select_related("candidate")
        .first()
        .candidate
    )
    assert measure(learner, index_queries=5, standard_queries=16) <= on_the_demo


MODULE = "/es/cursos/calidad-linea-ensamble/par-de-apriete/"
MODULE_QUERIES_ANONYMOUS = 5
MODULE_QUERIES = 9


@override_settings(DEBUG=False)
def test_cohort_reports_cost_the_same_queries_on_grown_data_and_standings_stay_exact(client):
    """The instructor's reports on the demo cohort, then with 40 more learners: the same
    queries (nothing per trainee or per criterion); and the standings grow_demo kept chunk by
    chunk equal a rebuild from scratch."""
    seed()
    client.force_login(User.objects.get(email="instructor@puente.example"))
    pages = cohort_report_urls(demo_cohort())

    def queries() -> list[int]:
        counts = []
        for url in pages:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200
            counts.append(len(captured))
        return counts

    on_the_demo = queries()
    assert on_the_demo == REPORT_QUERIES
    grow(40)
    assert queries() == on_the_demo
    standard = Judgement.objects.filter(candidate__email__endswith=EMAIL_DOMAIN).first().standard
    kept = set(CriterionStanding.objects.filter(standard=standard).values_list(
        "candidate_id", "criterion_id", "status", "percent", "observed"))  # fmt: skip
    assert len(kept) > 40
    standings_rebuild(standard=standard)
    assert kept == set(CriterionStanding.objects.filter(standard=standard).values_list(
        "candidate_id", "criterion_id", "status", "percent", "observed"))  # fmt: skip


# heatmap, its CSV, item statistics, its CSV, cohort grid, its CSV (each CSV reads the cohort
# in one ordered pass, one query per standard, and logs the download in the security log)
REPORT_QUERIES = [24, 16, 7, 7, 10, 8]
