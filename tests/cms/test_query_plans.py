"""Query plans of the pages whose lists grow with a plant's cohort (issue 21): on grown data,
every query of a trainee's progress pages, an instructor's reports and the grading queue
reaches the rows of a growing table through an index, so no page reads such a table whole,
let alone once per row of another (a square).

SQLite's planner chooses by the indexes that exist (no statistics are gathered), so its
``EXPLAIN QUERY PLAN`` on test data is the plan at any size. PostgreSQL's chooses by
statistics and reads small tables whole by design; ``benchmarks/reports.py`` prints its plans
at 1,000 and 10,000 learners."""

import io
import re

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from accounts.models import User
from assessments.models import Judgement
from cms.demo.grow import EMAIL_DOMAIN
from tests.cms.demo_pages import cohort_report_urls, demo_cohort

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="plans by statistics; benchmarks/reports.py explains them at scale",
    ),
]

#: Tables that grow with the learners: a full read of one is a defect on any page.
GROWING = {
    "accounts_user",
    "courses_enrollment",
    "courses_moduleprogress",
    "assessments_attempt",
    "assessments_answer",
    "assessments_evidencerecord",
    "assessments_judgement",
    "assessments_criterionstanding",
    "certificates_certificate",
    "audit_securityevent",
}
#: Partial indexes that hold only what a page lists: reading one whole is reading the list.
LISTS = {"assessments_answer_ungraded"}  # the answers still to grade


def full_reads(sql: str) -> list[str]:
    """The steps of ``sql``'s plan that read a growing table whole."""
    aliases = dict(re.findall(r'"(\w+)" (U\d+|T\d+)\b', sql))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        steps = [row[3] for row in cursor.fetchall()]
    found = []
    for step in steps:
        words = step.split()
        if words[0] != "SCAN" or len(words) < 2:
            continue
        table = aliases.get(words[1], words[1])
        if table in GROWING and not (len(words) > 4 and words[-1] in LISTS):
            found.append(f"{step} ({table})")
    return found


@override_settings(DEBUG=False)
def test_pages_read_growing_tables_through_indexes(client):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    call_command("grow_demo", learners=40, force=True, stdout=io.StringIO(), stderr=io.StringIO())
    judged = (
        Judgement.objects.filter(candidate__email__endswith=EMAIL_DOMAIN)
        .select_related("candidate")
        .first()
    )
    pages = {
        judged.candidate: [
            reverse("assessments:progress"),
            reverse("assessments:progress_standard", args=[judged.standard_id]),
        ],
        User.objects.get(email="instructor@puente.example"): [
            *cohort_report_urls(demo_cohort()),
            reverse("assessments:grading_queue"),
        ],
    }
    found, explained = {}, 0
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
            assert response.status_code == 200, url
            for query in captured:
                if query["sql"].lstrip().upper().startswith("SELECT"):
                    explained += 1
                    if reads := full_reads(query["sql"]):
                        found.setdefault(url, []).append((reads, query["sql"][:300]))
    assert explained > 60
    assert found == {}
