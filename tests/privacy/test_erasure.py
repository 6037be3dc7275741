"""A learner asks to be erased; an administrator handles the request in the Wagtail admin."""

import pytest

from accounts.demo import DEMO_PASSWORD, seed_people
from accounts.models import User
from accounts.roles import Role
from assessments.models import Attempt, EvidenceRecord, Judgement
from audit.models import SecurityEvent
from certificates.models import Certificate
from courses.models import Enrollment
from privacy.models import DataRightsRequest, DataRightsRequestEvent
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_trainee_is_erased_and_her_certificates_still_verify(
    client,
    demo_trainee,
    private_files,
    django_capture_on_commit_callbacks,
):
    trainee = demo_trainee
    photo = EvidenceRecord.objects.get(candidate=trainee, supersedes__isnull=False).photo.name
    assert (private_files / photo).exists()
    certificates = list(Certificate.objects.filter(holder=trainee).order_by("pk"))
    judgements = Judgement.objects.filter(candidate=trainee).count()

    # The learner asks, confirming with her password.
    client.force_login(trainee)
    page = client.get("/es/privacy/my-data/").content.decode()
    assert "Lo que se conserva:" in page
    wrong = client.post("/es/privacy/my-data/erasure/", {"password": "no-es-la-mía"})
    assert wrong.status_code == 400
    assert "Esa no es tu contraseña." in wrong.content.decode()
    assert not DataRightsRequest.objects.exists()
    asked = client.post(
        "/es/privacy/my-data/erasure/",
        {"password": DEMO_PASSWORD, "details": "Ya no trabajo en la planta."},
        follow=True,
    )
    assert "Recibimos tu solicitud de borrado." in asked.content.decode()
    assert "Tu solicitud de borrado está en trámite." in asked.content.decode()
    data_request = DataRightsRequest.objects.get(user=trainee)
    assert data_request.kind == "cancellation" and data_request.status == "received"

    # The administrator finds it in the admin and erases her, confirming.
    admin = seed_people()[Role.ADMINISTRATOR]
    staff = type(client)()
    staff.force_login(admin)
    listing = staff.get("/admin/arco/").content.decode()
    assert "aprendiz@puente.example" in listing
    detail = staff.get(f"/admin/arco/{data_request.pk}/").content.decode()
    assert "Ya no trabajo en la planta." in detail
    unconfirmed = staff.post(f"/admin/arco/{data_request.pk}/erase/", {"note": ""})
    assert unconfirmed.status_code == 400
    assert DataRightsRequest.objects.get().status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        done = staff.post(
            f"/admin/arco/{data_request.pk}/erase/",
            {"confirm": "on", "note": "Identidad confirmada por correo."},
        )
    assert done.status_code == 302

    erased = User.objects.get(pk=trainee.pk)
    assert erased.email.endswith("@erased.invalid")
    assert (erased.first_name, erased.last_name, erased.curp) == ("", "", "")
    assert not erased.is_active and not erased.has_usable_password()
    assert not erased.groups.exists()
    assert not Enrollment.objects.filter(user=erased).exists()
    assert not Attempt.objects.filter(user=erased).exists()
    assert not (private_files / photo).exists()
    assert not EvidenceRecord.objects.filter(candidate=erased).exclude(photo="").exists()
    assert not EvidenceRecord.objects.filter(candidate=erased).exclude(notes="").exists()
    assert Judgement.objects.filter(candidate=erased).count() == judgements
    # What verification requires stays: the certificates, the name printed on them.
    kept = list(Certificate.objects.filter(holder=erased).order_by("pk"))
    assert [c.code for c in kept] == [c.code for c in certificates]
    valid = next(c for c in kept if c.status == "valid")
    assert valid.holder_name == "María José Hernández Peña"
    assert "María José Hernández Peña" in client.get(f"/es/verify/{valid.code}/").content.decode()

    # Her session ended; she cannot log in again.
    assert client.get("/es/privacy/my-data/").status_code == 302
    again = client.post(
        "/es/accounts/login/",
        {"username": "aprendiz@puente.example", "password": DEMO_PASSWORD},
    )
    assert again.status_code == 200  # the form again, with its error
    assert client.get("/es/privacy/my-data/").status_code == 302

    data_request.refresh_from_db()
    assert data_request.status == "done" and data_request.closed_at
    assert list(data_request.events.values_list("action", "actor", "note")) == [
        ("received", trainee.pk, ""),
        ("erased", admin.pk, "Identidad confirmada por correo."),
    ]
    # The security log has the request and the erasure, and no name of hers on the erasure.
    events = SecurityEvent.objects.filter(action__in=["arco_request", "erasure"])
    assert sorted(events.values_list("action", "actor")) == [
        ("arco_request", trainee.pk),
        ("erasure", admin.pk),
    ]
    erasure = events.get(action="erasure")
    assert "Hernández" not in erasure.target_label and erasure.target_id == str(trainee.pk)
    log = staff.get(f"/admin/arco/{data_request.pk}/").content.decode()
    assert "Personal data erased" in log and "Identidad confirmada por correo." in log


@pytest.fixture
def holder_with_certificate(django_capture_on_commit_callbacks):
    from certificates.services import certificate_issue
    from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory

    standard = StandardFactory(code="EC0301", is_sample=False)
    ElementFactory(standard=standard, number=1)
    holder = UserFactory(first_name="Lucía", last_name="Ramos", email="lucia@puente.example")
    JudgementFactory(candidate=holder, standard=standard)
    issuer = UserFactory(roles=[Role.ADMINISTRATOR])
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue(holder=holder, standard=standard, issued_by=issuer)
    return holder


def test_deleting_a_person_whose_records_must_stay_erases_them_instead(
    client, holder_with_certificate
):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    url = f"/admin/users/delete/{holder_with_certificate.pk}/"
    page = client.get(url).content.decode()
    assert "Esta persona tiene registros que deben conservarse" in page
    assert client.post(url, {}).status_code == 400  # not confirmed
    assert client.post(url, {"confirm": "on"}).status_code == 302
    erased = User.objects.get(pk=holder_with_certificate.pk)
    assert erased.email.endswith("@erased.invalid") and not erased.is_active
    assert Certificate.objects.get(holder=erased).holder_name == "Lucía Ramos"


def test_the_security_log_keeps_an_erased_persons_entries_without_naming_them(
    client, holder_with_certificate
):
    """Security needs the entries (what happened, when, from where); the person's e-mail and
    name go: each entry about them names the anonymous account instead."""
    holder = holder_with_certificate
    holder.set_password("Correcta-2026-segura")
    holder.save()
    client.post("/es/accounts/login/", {"username": "LUCIA@puente.example", "password": "x"})
    client.post(
        "/es/accounts/login/",
        {"username": "lucia@puente.example", "password": "Correcta-2026-segura"},
    )
    client.get("/es/privacy/my-data/download/")
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    about_her = SecurityEvent.objects.exclude(actor=admin)
    before = sorted(about_her.values_list("action", flat=True))
    assert {"login", "login_failed", "data_export"} <= set(before)
    screen = client.get(f"/admin/users/delete/{holder.pk}/").content.decode()
    assert "El registro de seguridad conserva sus entradas sobre esa persona" in screen
    assert client.post(f"/admin/users/delete/{holder.pk}/", {"confirm": "on"}).status_code == 302

    erased = User.objects.get(pk=holder.pk)
    assert sorted(about_her.values_list("action", flat=True)) == before  # nothing deleted
    for event in SecurityEvent.objects.all():
        text = f"{event.actor_label} {event.target_label} {event.details}".lower()
        assert "lucia@puente.example" not in text and "lucía" not in text, event.action
    for failed in SecurityEvent.objects.filter(action="login_failed"):
        assert failed.actor_label == erased.email and failed.ip_address == "127.0.0.1"
    login = SecurityEvent.objects.get(action="login", actor=erased)
    assert login.actor_label == login.target_label == erased.email
    page = client.get("/admin/security_log/", {"q": "lucia"})
    assert "lucia@puente.example" not in page.text.lower()


def test_a_person_without_such_records_is_deleted_as_before(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    person = UserFactory()
    client.force_login(admin)
    assert client.post(f"/admin/users/delete/{person.pk}/").status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("language", "wrong", "received", "duplicate"),
    [
        ("es", "Esa no es tu contraseña.", "Recibimos tu solicitud.", "Ya tienes una solicitud"),
        ("en", "That is not your password.", "We received your request.", "You already have"),
    ],
)
def test_requests_through_the_forms_in_each_language(client, language, wrong, received, duplicate):
    person = UserFactory()
    client.force_login(person)
    refused = client.post(f"/{language}/privacy/my-data/erasure/", {"password": "x"})
    assert wrong in refused.content.decode()
    data = {"kind": "opposition", "details": "No quiero estar en las estadísticas."}
    sent = client.post(f"/{language}/privacy/my-data/request/", data, follow=True)
    assert received in sent.content.decode()
    again = client.post(f"/{language}/privacy/my-data/request/", data)
    assert again.status_code == 400 and duplicate in again.content.decode()
    assert DataRightsRequest.objects.filter(user=person, kind="opposition").count() == 1
    empty = client.post(f"/{language}/privacy/my-data/request/", {"kind": "access"})
    assert empty.status_code == 400


def test_an_administrator_moves_a_request_along_with_a_logged_note(client):
    person = UserFactory()
    from privacy.services import data_rights_request_create

    data_request = data_rights_request_create(user=person, kind="access", details="¿Qué tienen?")
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(admin)
    client.post(
        f"/admin/arco/{data_request.pk}/",
        {"status": "done", "note": "Se envió el ZIP por correo."},
    )
    data_request.refresh_from_db()
    assert data_request.status == "done" and data_request.closed_at
    event = data_request.events.get(action=DataRightsRequestEvent.Action.STATUS)
    assert (event.actor, event.note) == (admin, "Se envió el ZIP por correo.")
    # Nothing to erase on an access request.
    assert (
        "Borrar datos personales"
        not in client.get(f"/admin/arco/{data_request.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (
            "es",
            "Tu solicitud ARCO (Acceso): Atendida",
            ("Hola, Rosa:", "Tu solicitud de Acceso ahora está: Atendida.", "/es/privacy/my-data/"),
        ),
        (
            "en",
            "Your ARCO request (Access): Done",
            ("Hello Rosa,", "Your Access request is now: Done.", "/en/privacy/my-data/"),
        ),
    ],
)
def test_the_requester_is_emailed_in_their_language_when_the_status_changes(
    client, mailoutbox, django_capture_on_commit_callbacks, language, subject, words
):
    from privacy.services import data_rights_request_create

    person = UserFactory(first_name="Rosa", preferred_language=language)
    data_request = data_rights_request_create(user=person, kind="access", details="¿Qué tienen?")
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)  # works in Spanish
    client.force_login(admin)
    url = f"/admin/arco/{data_request.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "received", "note": "Solo una nota interna."})
    assert mailoutbox == []  # a note alone changes nothing for the requester
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(url, {"status": "done", "note": "Se envió el ZIP por correo."})
    assert moved.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [person.email] and mail.subject == subject
    for word in words:
        assert word in mail.body
    assert "Se envió el ZIP" not in mail.body  # the administrators' note stays in the log


def test_trainees_and_instructors_cannot_handle_requests(client):
    for role in (Role.TRAINEE, Role.INSTRUCTOR):
        client.force_login(UserFactory(roles=[role], is_staff=role == Role.INSTRUCTOR))
        assert client.get("/admin/arco/").status_code in (302, 403)


def test_bulk_deletion_refuses_people_whose_records_must_stay(client, holder_with_certificate):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, preferred_language="en")
    other = UserFactory()
    client.force_login(admin)
    url = f"/admin/bulk/accounts/user/delete/?id={holder_with_certificate.pk}&id={other.pk}"
    response = client.post(url, follow=True)
    assert "Nothing was deleted: lucia@puente.example must be kept" in response.content.decode()
    assert User.objects.filter(pk__in=[holder_with_certificate.pk, other.pk]).count() == 2
