"""The evaluator's candidate search pages through every candidate (issue 21): on the demo grown
to 120 learners, candidate #51 is on page 2, the page says which ones it shows, the page links
keep the standard and the search, and a page costs the same queries with 5 learners as with
120 (the refusals and the judgements are asked for the page's candidates only)."""

import io
import re

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from accounts.models import User
from assessments.demo_evidence import STANDARD_CODE
from assessments.models import Judgement
from cms.demo.grow import EMAIL_DOMAIN
from competencies.models import Standard
from courses.permissions import evaluation_candidates

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def grow(learners: int) -> None:
    call_command(
        "grow_demo", learners=learners, force=True, stdout=io.StringIO(), stderr=io.StringIO()
    )


def listed(html: str) -> list[str]:
    """The e-mails of the candidate cards, in order."""
    return re.findall(r"<h3>[^<]*</h3>\s*<p>([^<]+)</p>", html)


@override_settings(DEBUG=False)
def test_the_candidate_search_pages_through_a_grown_cohort(client):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    grow(5)
    evaluator = User.objects.get(email="evaluadora@puente.example")
    standard = Standard.objects.get(code=STANDARD_CODE)
    client.force_login(evaluator)
    with translation.override("en"):
        url = reverse("assessments:evaluation_candidates")
    search = {"standard": standard.pk}

    def measure(params) -> int:
        client.get(url, params)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(queries)

    small = measure(search)
    grow(120)
    assert measure(search) == small
    assert measure({**search, "page": 2}) == small

    everyone = list(
        evaluation_candidates(evaluator=evaluator, standard=standard)
        .exclude(pk=evaluator.pk)
        .order_by("last_name", "first_name", "pk")
        .values_list("email", flat=True)
    )
    total = len(everyone)
    assert total > 120
    first = client.get(url, search).text
    second = client.get(url, {**search, "page": 2}).text
    assert listed(first) == everyone[:50]
    assert listed(second) == everyone[50:100]  # candidate #51 heads page 2
    assert f"Showing 1–50 of {total}" in first
    assert f"Showing 51–100 of {total}" in second
    # Two pagers, above and below the list: two landmarks a screen reader tells apart.
    assert second.count('<nav class="pages" aria-label="Pages">') == 1
    assert second.count('<nav class="pages" aria-label="Pages, end of the list">') == 1
    assert f'href="?standard={standard.pk}&amp;page=3" aria-current="page"' not in second
    assert f'href="?standard={standard.pk}&amp;page=2" aria-current="page"' in second
    assert f'href="?standard={standard.pk}&amp;page=1" rel="prev"' in second
    assert f'href="?standard={standard.pk}&amp;page=3" rel="next"' in second
    # the judgements shown are those of page 2's own candidates
    judged = Judgement.objects.filter(standard=standard, candidate__email__in=everyone[50:100])
    assert judged.exists()
    for judgement in judged.select_related("candidate"):
        card = second.split(f"<p>{judgement.candidate.email}</p>", 1)[1].split("</li>", 1)[0]
        assert judgement.get_result_display() in card

    # A search pages too, and its links keep the search.
    grown = {**search, "q": EMAIL_DOMAIN}
    matching = [email for email in everyone if email.endswith(EMAIL_DOMAIN)]
    assert measure({**grown, "page": 2}) == small
    page = client.get(url, {**grown, "page": 2}).text
    assert listed(page) == matching[50:100]
    assert f"Showing 51–100 of {len(matching)}" in page
    query = f"?standard={standard.pk}&amp;q={EMAIL_DOMAIN}&amp;page="
    assert f'href="{query}1" rel="prev"' in page and f'href="{query}3" rel="next"' in page

    # Past the last page: the last page, not an error.
    last = client.get(url, {**search, "page": 999}).text
    assert listed(last) == everyone[(total - 1) // 50 * 50 :]
