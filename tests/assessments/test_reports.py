"""Instructor reports, checked against numbers worked out by hand."""

import csv
import datetime
import io
import math

from django.urls import reverse
from django.utils import translation

import pytest

from assessments.selectors import statistics
from assessments.selectors.statistics import (
    HeatCell,
    Response,
    cohort_heatmap,
    cohort_item_statistics,
    cohort_trainees,
    heatmap_columns,
    item_statistics,
    pearson,
)
from assessments.services.evidence import evidence_record
from assessments.services.standings import standings_rebuild
from assessments.views.reports import CohortHeatmapView
from tests.factories import evidence as build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_pearson_matches_the_hand_computation():
    # x̄ = .5, ȳ = .5; Σdxdy = .25 + 0 + 0 + .25 = .5; Σdx² = 1; Σdy² = .5 → r = .5/√.5
    assert pearson([1, 1, 0, 0], [1, 0.5, 0.5, 0]) == pytest.approx(1 / math.sqrt(2))
    assert pearson([1, 1], [0.2, 0.9]) is None  # no spread in the item
    assert pearson([1], [1]) is None


def test_item_statistics_split_by_language():
    responses = [
        Response("a", "es", 1, 1.0),
        Response("a", "es", 1, 0.5),
        Response("a", "en", 0, 1.0),
        Response("a", "en", 0, 0.0),
    ]
    stats = {s.language: s for s in item_statistics(responses)}
    assert [s.language for s in item_statistics(responses)] == ["all", "es", "en"]
    assert (stats["all"].responses, stats["all"].facility) == (4, 0.5)
    # ȳ = .625; Σdxdy = .25; Σdy² = .6875 → r = .25 / √.6875
    assert stats["all"].discrimination == pytest.approx(0.25 / math.sqrt(0.6875))
    assert (stats["es"].facility, stats["es"].discrimination) == (1.0, None)
    assert (stats["en"].facility, stats["en"].responses) == (0.0, 2)


def test_heat_cells_bands():
    assert HeatCell(mastered=2, evidenced=3, total=4).percent == 50
    assert HeatCell(2, 3, 4).band == "mid"
    assert HeatCell(1, 3, 3).percent == 33 and HeatCell(1, 3, 3).band == "low"
    assert HeatCell(4, 4, 5).band == "high"
    assert HeatCell(0, 0, 5).band == "none"
    assert HeatCell(0, 0, 0).percent is None


@pytest.fixture
def cohort_case():
    standard = build.standard_with_criteria((("knowledge", "performance"),))
    knowledge, performance = build.criteria_of(standard)
    teacher = build.instructor()
    evaluator = build.evaluator()
    room = build.classroom(standard, instructors=[teacher], evaluators=[evaluator])
    quiz = build.quiz(room)
    items = [build.item({knowledge: 1}, name=name) for name in ("A", "B", "C")]
    names = ["Ana", "Beto", "Carla", "Diego"]
    trainees = [build.trainee(first_name=n, last_name="Prueba") for n in names]
    for trainee in trainees:
        build.enroll(trainee, room)
    # Answers per trainee for items A, B, C, the language, and the observation of P.
    plan = [
        ((1, 1, 1), "es", True),  # Ana: K 100 %, P met
        ((1, 1, 0), "es", False),  # Beto: K 67 %, P not met
        ((0, 1, 1), "en", None),  # Carla: K 67 %, P not observed
        ((0, 0, 0), "en", True),  # Diego: K 0 %, P met
    ]
    for trainee, (fractions, language, met) in zip(trainees, plan, strict=True):
        answers = list(zip(items, fractions, strict=True))
        build.attempt(trainee, quiz, answers, language=language)
        if met is not None:
            evidence_record(
                evaluator=evaluator,
                candidate=trainee,
                standard=standard,
                criterion=performance,
                met=met,
                observed_on=datetime.date(2026, 11, 18),
                place="Taller",
            )
    standings_rebuild(standard=standard)  # the factory wrote the attempts, not the services
    return {"standard": standard, "room": room, "teacher": teacher, "trainees": trainees}


def test_cohort_heatmap_numbers(cohort_case, django_assert_num_queries):
    trainees = cohort_trainees(cohort_case["room"].cohort)
    with django_assert_num_queries(HEATMAP_QUERIES):
        heatmap = cohort_heatmap(
            cohort=cohort_case["room"].cohort,
            columns=heatmap_columns(cohort_case["standard"]),
            trainees=trainees,
        )
    assert heatmap.codes == ["EC0900 E1.1", "EC0900 E1.2"]
    scores = {row.trainee.first_name: [c.percent for c in row.cells] for row in heatmap.rows}
    assert scores == {"Ana": [100, 100], "Beto": [66, 0], "Carla": [66, None], "Diego": [0, 100]}
    knowledge, performance = heatmap.summary
    # K: only Ana reaches 80 % → 1 of 4 = 25 %; everyone has evidence.
    assert (knowledge.mastered, knowledge.evidenced, knowledge.total, knowledge.percent) == (
        1,
        4,
        4,
        25,
    )
    # P: Ana and Diego met, Beto not met, Carla pending → 2 of 4 = 50 %.
    assert (performance.mastered, performance.evidenced, performance.percent) == (2, 3, 50)
    assert (knowledge.band, performance.band) == ("low", "mid")


# Elements and criteria (2), the page's trainees (1) and their standings (1), the summary's
# total (1) and counts (1): the same for 4 trainees or 10,000.
HEATMAP_QUERIES = 6
# The request's own (session, user, roles, cohort, its standards…), the rules checked (2 per
# standard) and the heatmap's: 16 whatever the size of the cohort.
HEATMAP_PAGE_QUERIES = 16


def test_cohort_item_statistics_by_language(cohort_case):
    rows = cohort_item_statistics(cohort=cohort_case["room"].cohort)
    stats = {(row.name, row.stats.language): row.stats for row in rows}
    # Item A: 1, 1, 0, 0; rest of the attempt (B and C): 1, .5, 1, 0 → r = .25/√.6875
    assert stats[("A", "all")].facility == 0.5
    assert stats[("A", "all")].discrimination == pytest.approx(0.30151, abs=1e-5)
    assert (stats[("A", "es")].facility, stats[("A", "en")].facility) == (1.0, 0.0)
    assert stats[("B", "all")].facility == 0.75
    assert stats[("C", "en")].responses == 2


def test_heatmap_page_and_csv(client, cohort_case):
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "25 %" in page.text
    assert "<small>1 of 4</small>" in page.text and "<small>2 of 4</small>" in page.text
    assert "no evidence yet" in page.text  # the legend
    export = client.get(url, {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv") and export.streaming
    rows = read_csv(export)
    assert rows[0] == ["standard", "trainee", "e-mail", "criterion", "status", "score (%)"]
    assert rows[3][:2] == ["EC0900", "Beto Prueba"] and rows[3][3:] == [
        "EC0900 E1.1",
        "Not yet mastered",
        "66",
    ]
    assert len(rows) == 1 + 4 * 2


def test_heatmap_shows_an_observed_criterion_as_met_or_not(client, cohort_case):
    """A criterion an evaluator decided reads ✓ met / ✗ not met, not a score: Ana and Diego
    were observed meeting the performance criterion, Beto not meeting it, Carla is pending."""
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    text = client.get(url).text
    assert text.count("✓ met") == 2 and text.count("✗ not met") == 1


def test_item_statistics_page_and_csv(client, cohort_case):
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_items", args=[cohort_case["room"].cohort.pk])
    assert "0.30" in client.get(url).text
    export = client.get(url, {"format": "csv"})
    assert export.streaming
    assert ["A", "Single choice", "all", "4", "0.50", "0.30"] in read_csv(export)


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheet programs then read the accents right
    return list(csv.reader(io.StringIO(text[1:])))


def test_heatmap_csv_reads_the_cohort_a_chunk_at_a_time(client, cohort_case, monkeypatch):
    """Trainees sharing a last name are neither skipped nor repeated across chunks."""
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    whole = read_csv(client.get(url, {"format": "csv"}))
    monkeypatch.setattr(statistics, "TRAINEES_PER_CHUNK", 1)
    assert read_csv(client.get(url, {"format": "csv"})) == whole
    assert [row[1] for row in whole[1::2]] == [
        "Ana Prueba",
        "Beto Prueba",
        "Carla Prueba",
        "Diego Prueba",
    ]


def test_heatmap_csv_costs_the_same_queries_whatever_the_chunk(
    client, cohort_case, monkeypatch, django_assert_num_queries
):
    """One ordered pass over the standings: no query per chunk of trainees, and a trainee
    whose rows straddle two fetches is written once, whole."""
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    whole = read_csv(client.get(url, {"format": "csv"}))
    for chunk in (500, 1):
        monkeypatch.setattr(statistics, "TRAINEES_PER_CHUNK", chunk)
        with django_assert_num_queries(HEATMAP_CSV_QUERIES):
            assert read_csv(client.get(url, {"format": "csv"})) == whole
    assert len(whole) == 1 + 4 * 2  # the header, then every trainee × criterion


# the user and their roles (2), the cohort and who may see it (2), the standard, its elements
# and criteria (3), whether its standings are current (2), the security log (1), and the
# cohort's standings in one pass (1)
HEATMAP_CSV_QUERIES = 11


def test_heatmap_csv_cells_are_never_formulas(client, cohort_case):
    """A name typed as a formula reaches the spreadsheet as text (issue 16, item 5)."""
    trainee = cohort_case["trainees"][0]
    trainee.first_name, trainee.last_name = '=HYPERLINK("http://x.example")', "@SUM(A1)"
    trainee.email = "-ana@example.com"
    trainee.save()
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    rows = read_csv(client.get(url, {"format": "csv"}))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x.example") @SUM(A1)' in cells
    assert "'-ana@example.com" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]


def test_heatmap_pages_trainees_and_keeps_the_cohort_summary(
    client, cohort_case, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(CohortHeatmapView, "paginate_by", 2)
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    client.get(url)
    with django_assert_num_queries(HEATMAP_PAGE_QUERIES):
        first = client.get(url).text
    second = client.get(url, {"page": 2}).text
    assert "Ana Prueba" in first and "Beto Prueba" in first and "Carla Prueba" not in first
    assert "Carla Prueba" in second and "Diego Prueba" in second and "Ana Prueba" not in second
    for text in (first, second):
        assert "<small>1 of 4</small>" in text and "<small>2 of 4</small>" in text  # summary
    assert "Showing 3–4 of 4" in second and 'href="?page=1"' in second


def test_the_cohort_summary_follows_new_evidence(client, cohort_case, monkeypatch):
    monkeypatch.setattr(CohortHeatmapView, "paginate_by", 2)
    client.force_login(cohort_case["teacher"])
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    assert "<small>2 of 4</small>" in client.get(url).text  # performance: Ana and Diego
    carla = cohort_case["trainees"][2]
    performance = build.criteria_of(cohort_case["standard"])[1]
    evaluator = build.evaluator()
    cohort_case["room"].cohort.evaluators.add(evaluator)
    evidence_record(
        evaluator=evaluator,
        candidate=carla,
        standard=cohort_case["standard"],
        criterion=performance,
        met=True,
        observed_on=datetime.date(2026, 11, 19),
        place="Taller",
    )
    assert "<small>3 of 4</small>" in client.get(url).text


def test_item_statistics_are_added_up_by_the_database(cohort_case, django_assert_num_queries):
    """Two queries whatever the number of answers: the sums, then the items' names."""
    with django_assert_num_queries(2):
        rows = cohort_item_statistics(cohort=cohort_case["room"].cohort)
    assert [(row.name, row.stats.language) for row in rows][:3] == [
        ("A", "all"),
        ("A", "es"),
        ("A", "en"),
    ]


def test_reports_only_for_the_cohorts_own_instructors(client, cohort_case):
    client.force_login(build.instructor())
    url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    assert client.get(url).status_code == 404
    client.force_login(cohort_case["trainees"][0])
    assert client.get(url).status_code == 403


def test_heatmap_in_spanish(client, cohort_case):
    client.force_login(cohort_case["teacher"])
    with translation.override("es"):
        url = reverse("assessments:report_heatmap", args=[cohort_case["room"].cohort.pk])
    assert "1 de 4" in client.get(url).text
