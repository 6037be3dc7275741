"""In-app notifications (issue 20, item 4): written beside the e-mails, counted in the header,
listed, opened and marked read through the screens, in the reader's language."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from accounts.models import Notification
from accounts.roles import Role
from assessments.services.judgement import judgement_notify
from certificates.services import certificate_issue, certificate_send_expiry_reminders
from courses.services import learner_enrol
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory
from tests.factories.certificates import JudgementFactory, StandardFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

INBOX = "/en/accounts/notifications/"


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def header_count(client, url="/en/learning/") -> str:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    link = page.select_one("#site-nav a.nav-notifications")
    return words(link)


@pytest.fixture
def essay_graded(client, django_capture_on_commit_callbacks):
    """An essay graded through the grading screen's real form."""
    standard = build.standard_with_criteria((("knowledge",),))
    (knowledge,) = build.criteria_of(standard)
    teacher = build.instructor()
    room = build.classroom(standard, instructors=[teacher])
    trainee = build.trainee(first_name="Emily", last_name="Walker", preferred_language="en")
    build.enroll(trainee, room)
    quiz = build.quiz(room)
    essay = build.item({knowledge: 1}, kind="essay", points="4")
    attempt = build.attempt(trainee, quiz, [(essay, None)], language="en")
    client.force_login(teacher)
    url = reverse("assessments:grading_answer", args=[attempt.answers.get().pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"points": "3", "feedback": "Bien argumentado."})
    assert response.status_code == 302
    return {"trainee": trainee, "attempt": attempt, "quiz": quiz}


def test_a_graded_essay_reaches_the_inbox_and_is_read_by_opening_it(client, essay_graded):
    trainee, attempt = essay_graded["trainee"], essay_graded["attempt"]
    client.force_login(trainee)
    assert header_count(client) == "Notifications 1 unread"

    page = BeautifulSoup(client.get(INBOX).content, "html.parser")
    (item,) = page.select(".notifications > li")
    assert "notification--unread" in item["class"]
    assert "Your answers to “Knowledge questionnaire” are graded." in words(item)
    assert "Unread" in words(item) and "Quiz graded" in words(item)

    opened = client.get(item.select_one(".notification__text a")["href"])
    assert opened.status_code == 302
    assert opened["Location"] == reverse("assessments:attempt_result", args=[attempt.public_id])
    assert Notification.objects.get(user=trainee).read_at is not None
    assert header_count(client) == "Notifications"


def test_the_inbox_reads_in_the_language_in_use(client, essay_graded):
    client.force_login(essay_graded["trainee"])
    spanish = BeautifulSoup(client.get("/es/accounts/notifications/").content, "html.parser")
    text = words(spanish.select_one(".notification__text"))
    assert text == "Tus respuestas a «Cuestionario de conocimientos» están calificadas."
    assert header_count(client, "/es/learning/") == "Notificaciones 1 sin leer"
    opened = client.get(spanish.select_one(".notification__text a")["href"])
    assert opened["Location"].startswith("/es/assessments/attempts/")


def test_mark_one_and_all_as_read_through_the_forms(client, essay_graded):
    trainee = essay_graded["trainee"]
    second = Notification.objects.create(
        user=trainee, kind="enrolled", subject="enrollment:99", texts={"en": "Enrolled"}
    )
    client.force_login(trainee)
    page = BeautifulSoup(client.get(INBOX).content, "html.parser")
    forms = page.select(".notifications form")
    assert len(forms) == 2
    first_form = next(f for f in forms if str(second.pk) in f["action"])
    data = {i["name"]: i.get("value", "") for i in first_form.select("input")}
    response = client.post(first_form["action"], data)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.read_at is not None
    assert header_count(client) == "Notifications 1 unread"

    read_all = page.select_one("form[action$='/notifications/read/']")
    data = {i["name"]: i.get("value", "") for i in read_all.select("input")}
    client.post(read_all["action"], data)
    assert not Notification.objects.filter(user=trainee, read_at__isnull=True).exists()
    assert "All your notifications are marked as read." in client.get(INBOX).text
    assert header_count(client) == "Notifications"


def test_someone_elses_notification_is_not_found(client, essay_graded):
    theirs = Notification.objects.get(user=essay_graded["trainee"])
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:notification_open", args=[theirs.pk])).status_code == 404
    url = reverse("accounts:notification_read", args=[theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_judgement_certificate_and_expiry_notify_once_each(
    django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    holder = UserFactory(roles=[Role.TRAINEE])
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    standard = StandardFactory(code="EC0301")
    judgement = JudgementFactory(candidate=holder, standard=standard)
    judgement_notify(judgement=judgement)
    judgement_notify(judgement=judgement)  # an e-mail task that ran twice
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    certificate.refresh_from_db()
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=20)
    certificate.save(update_fields=["expires_on"])
    with django_capture_on_commit_callbacks(execute=True):
        certificate_send_expiry_reminders()

    by_kind = {n.kind: n for n in Notification.objects.filter(user=holder)}
    assert set(by_kind) == {"judgement", "certificate_issued", "certificate_expiring"}
    assert by_kind["judgement"].texts == {
        "es": "Juicio sobre EC0301: Competente.",
        "en": "Judgement on EC0301: Competent.",
    }
    assert by_kind["certificate_issued"].links["es"] == f"/es/verify/{certificate.code}/"
    with translation.override("en"):
        assert "expires on" in by_kind["certificate_expiring"].text("en")


def test_a_new_enrolment_notifies_the_trainee(django_capture_on_commit_callbacks):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    room = build.classroom(instructors=[instructor])
    trainee = UserFactory(roles=[Role.TRAINEE])
    with django_capture_on_commit_callbacks(execute=True):
        learner_enrol(cohort=room.cohort, actor=instructor, email=trainee.email)
    notification = Notification.objects.get(user=trainee, kind="enrolled")
    assert notification.texts["en"] == "You are enrolled in “Robot maintenance”."
    assert notification.texts["es"] == "Quedaste inscrito en «Mantenimiento de robots»."


def test_the_header_count_is_cached(client, essay_graded, django_assert_max_num_queries):
    client.force_login(essay_graded["trainee"])
    client.get(INBOX)
    with django_assert_max_num_queries(0):
        from django.template import Context, Template

        rendered = Template("{% load inbox_tags %}{% unread_notifications as n %}{{ n }}").render(
            Context({"user": essay_graded["trainee"]})
        )
    assert rendered == "1"
