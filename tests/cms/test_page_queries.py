"""Every page each role of the demo opens costs a pinned number of queries, on the demo's
content and again on grown data (issue 21): nothing per row, per learner or per criterion.

``PAGES`` is the table: a role, a URL (``{name}`` filled from the demo's objects, see
``demo_ids``) and its exact query count. Each role's pages are asked on the seeded demo
(with what it lacks for every page to exist, ``demo_extras``), then the demo grows
(``grow``): 40 more learners in the demo cohort, answers waiting to be graded, judgements
waiting for approval, a bulk issuance to the grown cohort, and longer lists of the demo
trainee's own (a second course, notifications, re-issued certificates, attempts, data
requests). Every count must stay the same. Adding a page is one line.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from accounts.inbox import notification_create
from accounts.models import Notification, User
from assessments.models import Answer, Attempt, Judgement, Quiz
from assessments.services.attempts import attempt_answers_save, attempt_start, attempt_submit
from audit.models import SecurityEvent
from certificates.models import BulkIssuance, Certificate, IssuanceRequest, IssuanceRule, Kind
from certificates.services.bulk import bulk_issuance_issue, bulk_issuance_run, bulk_issuance_start
from certificates.services.issue import certificate_reissue, certificate_store_pdf
from certificates.services.judgements import certificate_issue_for_judgement
from cms.demo.grow import EMAIL_DOMAIN
from competencies.models import Criterion, CrosswalkEntry, Element, Standard
from courses.models import Course, Enrollment
from courses.services.enrollment import enrollment_create
from privacy.models import DataRightsRequest
from privacy.services import data_rights_request_create

pytestmark = pytest.mark.django_db

EMAILS = {
    "trainee": "aprendiz@puente.example",
    "instructor": "instructor@puente.example",
    "evaluator": "evaluadora@puente.example",
    "administrator": "admin@puente.example",
}

# role ("admin": the administrator in the Wagtail admin), URL, queries (on SQLite, and on
# PostgreSQL too unless a second count says otherwise). Measured with DEBUG off, after one
# request that warms the site's caches (the root page, the locales, the inbox count).
PAGES = """
anonymous      /es/                                                                  8
anonymous      /en/                                                                  9
anonymous      /es/cursos/                                                          12
anonymous      /en/courses/                                                         13
anonymous      /es/cursos/calidad-linea-ensamble/                                   14
anonymous      /en/courses/assembly-line-quality/                                   15
anonymous      /es/cursos/calidad-linea-ensamble/par-de-apriete/                     5
anonymous      /en/courses/assembly-line-quality/torque-procedures/                  6
anonymous      /es/standards/                                                        3
anonymous      /en/standards/                                                        3
anonymous      /es/standards/conocer-muestra/EC9101/                                 7
anonymous      /en/standards/conocer-muestra/EC9102/                                 7
anonymous      /es/verify/                                                           1
anonymous      /es/verify/{code}/                                                    4
anonymous      /en/verify/{code}/                                                    4
anonymous      /es/verify/{first}/                                                   3
anonymous      /es/verify/{revoked}/                                                 3
anonymous      /es/verify/{code}/credential.json                                     2
anonymous      /es/verify/check-pdf/                                                 1
anonymous      /es/verify/check-credential/                                          1
anonymous      /.well-known/did.json                                                 0
anonymous      /credentials/status/1                                                 1
anonymous      /es/privacy/                                                          2
anonymous      /es/accounts/login/                                                   1
anonymous      /es/accounts/signup/                                                  1
anonymous      /es/accounts/password-reset/                                          1
anonymous      /admin/login/                                                         1
trainee        /es/                                                                 10
trainee        /en/                                                                 11
trainee        /es/cursos/                                                          14
trainee        /es/cursos/calidad-linea-ensamble/                                   18
trainee        /en/courses/assembly-line-quality/                                   19
trainee        /es/cursos/calidad-linea-ensamble/par-de-apriete/                    9
trainee        /en/courses/assembly-line-quality/torque-procedures/                 10
trainee        /es/cursos/cuarto-limpio-esd/manejo-esd/                             9
trainee        /es/learning/                                                        19
trainee        /en/learning/                                                        19
trainee        /es/assessments/competencies/                                         5
trainee        /es/assessments/competencies/{standard}/                             15
trainee        /en/assessments/competencies/{standard2}/                            13
trainee        /es/assessments/competencies/{standard}/plan/                         6
trainee        /es/assessments/competencies/{standard}/self-assessment/             14
trainee        /es/assessments/quizzes/{final}/                                      8
trainee        /es/assessments/quizzes/{check}/                                      6
trainee        /es/assessments/attempts/{attempt}/                                   6
trainee        /es/assessments/attempts/{attempt}/page/1/                            6
trainee        /es/assessments/attempts/{graded}/result/                            13
trainee        /en/assessments/attempts/{graded}/result/                            13
trainee        /es/certificates/                                                     7
trainee        /es/certificates/learner-record.json                                  3
trainee        /es/certificates/{code}/download/                                     2
trainee        /es/verify/{code}/                                                    6
trainee        /es/verify/{code}/credential.json                                     2
trainee        /es/privacy/my-data/                                                  5
trainee        /es/privacy/my-data/download/                                        56
trainee        /es/accounts/notifications/                                           5
trainee        /es/accounts/profile/                                                 3
trainee        /es/standards/conocer-muestra/EC9101/                                 9
instructor     /es/learning/                                                         7
instructor     /es/learning/teaching/                                               17
instructor     /es/assessments/grading/                                              5
instructor     /es/assessments/grading/{waiting}/                                    5
instructor     /es/assessments/grading/{essay}/                                      5
instructor     /es/assessments/reports/                                              4
instructor     /es/assessments/reports/cohorts/{cohort}/                            24
instructor     /es/assessments/reports/cohorts/{cohort}/?format=csv                 16
instructor     /es/assessments/reports/cohorts/{cohort}/items/                       7
instructor     /es/assessments/reports/cohorts/{cohort}/items/?format=csv            7
instructor     /es/learning/cohorts/{cohort}/                                       10
instructor     /es/learning/cohorts/{cohort}/?format=csv                             8
instructor     /es/assessments/quizzes/{final}/                                      8
instructor     /es/standards/conocer-muestra/EC9101/coverage/                       11
instructor     /admin/                                                              23
instructor     /admin/pages/                                                        39
instructor     /admin/snippets/assessments/item/                                    13
instructor     /admin/snippets/assessments/item/edit/{item}/                        24
instructor     /admin/snippets/assessments/quiz/                                    17
instructor     /admin/snippets/assessments/quiz/edit/{final}/                       33
instructor     /admin/cohorts/edit/{cohort}/                                        26
instructor     /admin/cohorts/{cohort}/trainees/                                    16
instructor     /admin/pages/{catalog}/                                              47
instructor     /admin/pages/{module_page}/edit/                                     49
instructor     /admin/snippets/assessments/item/add/                                12
instructor     /admin/cohorts/                                                      18
evaluator      /es/learning/                                                         7
evaluator      /es/assessments/evaluation/                                           6
evaluator      /es/assessments/evaluation/?standard={standard}                      12
evaluator      /es/assessments/evaluation/?standard={standard}&q=Hern               12
evaluator      /es/assessments/evaluation/{standard}/{trainee}/                     15
evaluator      /en/assessments/evaluation/{standard}/{trainee}/                     15
evaluator      /es/assessments/evaluation/{standard}/{trainee}/plan/                11
evaluator      /es/assessments/evaluation/{standard}/{trainee}/cedula/{judgement}/  13
administrator  /es/learning/teaching/                                               17
administrator  /es/assessments/grading/                                              5
administrator  /es/assessments/grading/{essay}/                                      5
administrator  /es/assessments/reports/                                              4
administrator  /es/assessments/reports/cohorts/{cohort}/                            23
administrator  /es/assessments/reports/cohorts/{cohort}/items/                       6
administrator  /es/learning/cohorts/{cohort}/                                        9
admin          /admin/                                                              24
admin          /admin/pages/                                                        37
admin          /admin/pages/{catalog}/                                              44
admin          /admin/pages/{course_page}/                                          48
admin          /admin/pages/{course_page}/edit/                                     46
admin          /admin/pages/{module_page}/edit/                                     47
admin          /admin/pages/search/?q=par                                           26
admin          /admin/competency_frameworks/                                        13
admin          /admin/competency_standards/                                         14
admin          /admin/competency_standards/edit/{standard}/                         21
admin          /admin/competency_elements/                                          20
admin          /admin/competency_elements/edit/{element}/                           19
admin          /admin/competency_criteria/                                          20
admin          /admin/competency_criteria/edit/{criterion}/                         19
admin          /admin/competency_crosswalk/                                         13
admin          /admin/snippets/assessments/item/                                    13
admin          /admin/snippets/assessments/item/edit/{item}/                        24
admin          /admin/snippets/assessments/quiz/                                    17
admin          /admin/snippets/assessments/quiz/edit/{final}/                       33
admin          /admin/courses/                                                      19
admin          /admin/courses/edit/{course}/                                        30
admin          /admin/cohorts/                                                      15
admin          /admin/cohorts/edit/{cohort}/                                        23
admin          /admin/cohorts/{cohort}/trainees/                                    14
admin          /admin/certificates/                                                 14
admin          /admin/certificates/{certificate}/                                   13
admin          /admin/certificates/issue/                                           19
admin          /admin/certificates/approvals/                                       13
admin          /admin/certificates/bulk/                                            18
admin          /admin/certificates/bulk/{bulk}/                                     15
admin          /admin/certificates/bulk/{bulk}/status/                               6
admin          /admin/certificate_issuance_rules/                                   15
admin          /admin/arco/                                                         12
admin          /admin/arco/{arco}/                                                  13
admin          /admin/security_log/                                                 13
admin          /admin/background-work/                                              14
admin          /admin/reports/translation-parity/                                   13
admin          /admin/users/                                                        14
admin          /admin/users/edit/{trainee}/                                         17
admin          /admin/competency_frameworks/edit/{framework}/                       14
admin          /admin/competency_crosswalk/edit/{crosswalk}/                        30
admin          /admin/snippets/assessments/item/add/                                12
admin          /admin/snippets/assessments/quiz/edit/{check}/                       28
admin          /admin/pages/{module_page}/history/                                  19
admin          /admin/pages/{catalog}/edit/                                         44
admin          /admin/cohorts/new/                                                  17
admin          /admin/certificate_issuance_rules/new/                               12
admin          /admin/security_log/inspect/{event}/                                 13
admin          /admin/reports/site-history/                                         31
admin          /admin/reports/locked/                                               14
admin          /admin/reports/translation-parity/results/                            6
admin          /admin/images/                                                       14
admin          /admin/documents/                                                    14
"""


@dataclass(frozen=True)
class Row:
    role: str
    url: str
    sqlite: int
    postgresql: int

    @property
    def queries(self) -> int:
        return self.postgresql if connection.vendor == "postgresql" else self.sqlite


def pages() -> list[Row]:
    rows = []
    for line in PAGES.strip().splitlines():
        role, url, sqlite, *postgresql = line.split()
        rows.append(Row(role, url, int(sqlite), int(postgresql[0] if postgresql else sqlite)))
    return rows


def seed():
    call_command("seed_demo", force=True, stdout=io.StringIO())


def demo_ids() -> dict[str, object]:
    """The demo's objects the table's URLs name (primary keys differ between runs and
    engines; codes are random)."""
    trainee = User.objects.get(email=EMAILS["trainee"])
    standard = Standard.objects.get(code="EC9101")
    judgement = Judgement.objects.filter(candidate=trainee, standard=standard).latest("pk")
    certificates = Certificate.objects.filter(holder=trainee, standard=standard)
    graded = Attempt.objects.filter(user=trainee, status=Attempt.Status.GRADED).earliest("pk")
    open_attempt = Attempt.objects.filter(user=trainee, status=Attempt.Status.IN_PROGRESS).latest(
        "pk"
    )
    essay = Answer.objects.filter(attempt=graded, item_version__content__kind="essay").get()
    cohort = Enrollment.objects.get(user=trainee, course__code="AUTO-CAL-101").cohort
    criterion = Criterion.objects.filter(element__standard=standard).order_by("pk").first()
    return {
        "trainee": trainee.pk,
        "instructor": User.objects.get(email=EMAILS["instructor"]).pk,
        "standard": standard.pk,
        "standard2": Standard.objects.get(code="EC9102").pk,
        "element": Element.objects.filter(standard=standard).order_by("pk").first().pk,
        "criterion": criterion.pk,
        "framework": standard.framework.pk,
        "judgement": judgement.pk,
        "code": certificates.get(status=Certificate.Status.VALID).code,
        "certificate": certificates.get(status=Certificate.Status.VALID).pk,
        "first": certificates.filter(status=Certificate.Status.SUPERSEDED).earliest("pk").code,
        "revoked": certificates.filter(status=Certificate.Status.REVOKED).earliest("pk").code,
        "final": graded.quiz_id,
        "check": open_attempt.quiz_id,
        "graded": graded.public_id,
        "attempt": open_attempt.public_id,
        "essay": essay.pk,
        "waiting": Answer.objects.filter(
            attempt__user=trainee, attempt__status=Attempt.Status.SUBMITTED, points=None
        )
        .earliest("pk")
        .pk,
        "item": essay.item_version.item_id,
        "cohort": cohort.pk,
        "course": cohort.course_id,
        "bulk": BulkIssuance.objects.latest("pk").pk,
        "arco": DataRightsRequest.objects.latest("pk").pk,
        "crosswalk": CrosswalkEntry.objects.order_by("pk").first().pk,
        "event": SecurityEvent.objects.latest("pk").pk,
        "catalog": Page.objects.get(url_path="/inicio/cursos/").pk,
        "course_page": Page.objects.get(url_path="/inicio/cursos/calidad-linea-ensamble/").pk,
        "module_page": Page.objects.get(
            url_path="/inicio/cursos/calidad-linea-ensamble/par-de-apriete/"
        ).pk,
    }


def demo_extras():
    """What the demo lacks for every page to exist: the trainee's inbox, a retake of the final
    quiz with its essay waiting for a grade, the quick check started, the valid certificate
    re-issued once (its PDF stored), a bulk issuance to the demo cohort, an ARCO request, and
    EC9101's certificates waiting for an administrator's approval (the trainee's judgement
    among them)."""
    trainee = User.objects.get(email=EMAILS["trainee"])
    standard = Standard.objects.get(code="EC9101")
    IssuanceRule.objects.create(standard=standard, mode=IssuanceRule.Mode.APPROVAL)
    IssuanceRequest.objects.create(
        holder=trainee,
        standard=standard,
        judgement=Judgement.objects.filter(candidate=trainee, standard=standard).latest("pk"),
    )
    notify(trainee, count=4)
    essay_waiting(trainee, Quiz.objects.get(code="auto-cal-101-final"))
    attempt_start(
        quiz=Quiz.objects.get(code="auto-cal-101-quick-check"), user=trainee, language="es"
    )
    reissue(times=1)
    bulk_issue()
    data_rights_request_create(user=trainee, kind=DataRightsRequest.Kind.ACCESS, details="Copia")


def essay_waiting(user, quiz):
    """``user`` takes ``quiz`` and submits it with only the essay answered: it waits for a
    grader."""
    attempt, _created = attempt_start(quiz=quiz, user=user, language="es")
    essay = attempt.answers.get(item_version__content__kind="essay")
    attempt_answers_save(
        public_id=attempt.public_id,
        user=user,
        answers={essay.position: ("Apreté en estrella y registré el valor.", 1)},
        language="es",
    )
    attempt_submit(public_id=attempt.public_id, user=user)


def notify(user, *, count: int):
    """``count`` notifications more in ``user``'s inbox. The demo's own are written after
    the seed's commit, which a test's transaction never reaches."""
    start = Notification.objects.filter(user=user).count()
    for number in range(start, start + count):
        notification_create(
            user=user,
            kind=Notification.Kind.ATTEMPT_GRADED,
            subject=f"page-queries-{number}",
            render=lambda: ("Calificado", "/es/learning/"),
        )


def reissue(*, times: int):
    """The trainee's valid certificate re-issued ``times`` times (a corrected name), the last
    one's PDF stored."""
    admin = User.objects.get(email=EMAILS["administrator"])
    certificate = Certificate.objects.get(
        holder__email=EMAILS["trainee"], standard__code="EC9101", status=Certificate.Status.VALID
    )
    for _ in range(times):
        certificate = certificate_reissue(certificate=certificate, actor=admin, reason="Nombre")
    certificate_store_pdf(certificate_id=certificate.pk)


def bulk_issue():
    admin = User.objects.get(email=EMAILS["administrator"])
    trainee = User.objects.get(email=EMAILS["trainee"])
    cohort = Enrollment.objects.get(user=trainee, course__code="AUTO-CAL-101").cohort
    bulk = bulk_issuance_start(
        cohort=cohort,
        kind=Kind.COMPETENCY,
        standard=Standard.objects.get(code="EC9101"),
        requested_by=admin,
    )
    bulk_issuance_run(bulk_id=bulk.pk)
    holders = list(Enrollment.objects.filter(cohort=cohort).values_list("user", flat=True))
    bulk_issuance_issue(bulk_id=bulk.pk, holder_ids=holders)


def grow():
    """40 more learners, essays waiting for their grade, their Competente judgements waiting
    for approval, certificates bulk-issued to the grown cohort, and the demo trainee's own
    lists longer (a second course and its standard, notifications, re-issued certificates,
    attempts, data requests)."""
    call_command("grow_demo", learners=40, force=True, stdout=io.StringIO(), stderr=io.StringIO())
    # grow_demo leaves one essay in 25 waiting for its grade; a dozen wait here.
    essays = Answer.objects.filter(
        attempt__user__email__endswith=EMAIL_DOMAIN, item_version__content__kind="essay"
    ).order_by("pk")[:12]
    waiting = list(essays.values_list("pk", "attempt_id"))
    Answer.objects.filter(pk__in=[pk for pk, _ in waiting]).update(
        points=None, fraction=None, grader=None, graded_at=None
    )
    Attempt.objects.filter(pk__in=[attempt for _, attempt in waiting]).update(
        status=Attempt.Status.SUBMITTED
    )
    for judgement in Judgement.objects.filter(
        candidate__email__endswith=EMAIL_DOMAIN, result=Judgement.Result.COMPETENT
    ):
        certificate_issue_for_judgement(judgement=judgement)  # EC9101 waits for approval
    assert IssuanceRequest.objects.filter(status=IssuanceRequest.Status.PENDING).count() >= 4
    bulk_issue()
    trainee = User.objects.get(email=EMAILS["trainee"])
    notify(trainee, count=40)
    reissue(times=4)
    enrollment_create(user=trainee, course=Course.objects.get(code="SEMI-CR-101"))
    essay_waiting(trainee, Quiz.objects.get(code="auto-cal-101-final"))  # the last of three
    for kind in (DataRightsRequest.Kind.RECTIFICATION, DataRightsRequest.Kind.OPPOSITION):
        data_rights_request_create(user=trainee, kind=kind, details="Otra")


def measure(client, role: str, rows: list[Row]) -> dict[str, int]:
    client.logout()
    if role in EMAILS:
        client.force_login(User.objects.get(email=EMAILS[role]))
    ids = demo_ids()
    counts = {}
    for row in rows:
        url = row.url.format(**ids)
        client.get(url)  # the site, its locales and the inbox count are cached from then on
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, f"{role} {url}: {response.status_code}"
        counts[row.url] = len(queries)
    return counts


def table(role: str, counts: dict[str, int]) -> str:
    return "\n".join(f"{role:<16} {url:<62} {count:>3}" for url, count in counts.items())


ROLES = ["anonymous", "trainee", "instructor", "evaluator", "administrator", "admin"]


@override_settings(DEBUG=False)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_costs_the_same_queries_on_the_demo_and_on_grown_data(client, role):
    seed()
    demo_extras()
    rows = [row for row in pages() if row.role == role]
    assert rows
    pinned = {row.url: row.queries for row in rows}
    login = "administrator" if role == "admin" else role
    on_the_demo = measure(client, login, rows)
    grow()
    grown = measure(client, login, rows)
    assert (on_the_demo, grown) == (pinned, pinned), (
        f"demo:\n{table(role, on_the_demo)}\ngrown:\n{table(role, grown)}"
    )
