"""Bulk enrolment in the admin: upload → preview → confirm, all or nothing."""

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from openpyxl import Workbook

from accounts.models import User
from accounts.roles import Role
from courses.models import Enrollment
from tests.factories import UserFactory
from tests.factories.courses import CohortFactory, CourseFactory, EnrollmentFactory

from .html_forms import form_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CURP = "GOMC850312MJCRRR00"


@pytest.fixture
def room(log_in):
    course = CourseFactory(title_es="Metrología", title_en="Metrology")
    lead = UserFactory(roles=[Role.INSTRUCTOR])
    course.lead_instructors.add(lead)
    cohort = CohortFactory(course=course, name="Grupo 7")
    return {"course": course, "cohort": cohort, "client": log_in(lead), "lead": lead}


def _upload(client, cohort, name, content):
    url = f"/admin/cohorts/{cohort.pk}/trainees/import/"
    page = client.get(url)
    assert b'type="file"' in page.content and b'name="file"' in page.content
    data = form_fields(page.content, action=url)
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(url, data)


def test_upload_preview_confirm_enrols_everyone_and_invites_them(
    room, django_capture_on_commit_callbacks
):
    cohort, client = room["cohort"], room["client"]
    known = UserFactory(email="known@example.mx", preferred_language="en")
    here = EnrollmentFactory(cohort=cohort, user__email="here@example.mx").user
    elsewhere = CohortFactory(course=room["course"], name="Grupo 8")
    mover = EnrollmentFactory(cohort=elsewhere, user__email="mover@example.mx").user
    content = (
        "\ufeffNombres;Apellidos;Correo;CURP;Idioma\r\n"
        f"María;Núñez Peña;maria@example.mx;{CURP};es\r\n"
        "Peter;Brown;peter@example.com;;English\r\n"
        ";;known@example.mx;;\r\n"
        ";;here@example.mx;;\r\n"
        ";;mover@example.mx;;\r\n"
    ).encode()

    preview = _upload(client, cohort, "grupo7.csv", content)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "New accounts (an invitation to choose a password) (2)" in text
    assert "Existing accounts to enrol (1)" in text
    assert "Moved here from another cohort (1)" in text
    assert "from “Grupo 8”" in text
    assert "Already in this cohort (nothing to do) (1)" in text
    assert "Confirm: enrol 4 trainees" in text
    assert not User.objects.filter(email="maria@example.mx").exists()  # a preview writes nothing

    confirm_url = f"/admin/cohorts/{cohort.pk}/trainees/import/confirm/"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            confirm_url, form_fields(preview.content, action=confirm_url), follow=True
        )
    assert "Enrolled: 2 new accounts, 1 existing accounts, 1 moved" in done.content.decode()
    maria = User.objects.get(email="maria@example.mx")
    assert (maria.printed_name, maria.curp, maria.preferred_language) == (
        "María Núñez Peña",
        CURP,
        "es",
    )
    assert not maria.has_usable_password()  # she chooses it through the invitation
    assert set(Enrollment.objects.filter(cohort=cohort).values_list("user__email", flat=True)) == {
        "maria@example.mx",
        "peter@example.com",
        known.email,
        here.email,
        mover.email,
    }
    invitations = {message.to[0]: message for message in mail.outbox}
    assert set(invitations) == {"maria@example.mx", "peter@example.com", known.email, mover.email}
    assert invitations["maria@example.mx"].subject == "Estás inscrito en «Metrología»"
    assert "/es/accounts/password-reset/" in invitations["maria@example.mx"].body
    assert invitations["peter@example.com"].subject == "You are enrolled in “Metrology”"
    assert "password-reset" not in invitations[known.email].body


def test_a_file_with_errors_writes_nothing_and_lists_them(room):
    cohort, client = room["cohort"], room["client"]
    UserFactory(email="taken@example.mx", curp=CURP)
    workbook = Workbook()
    sheet = workbook.active
    for row in [
        ["Given names", "Family names", "E-mail", "CURP", "Language"],
        ["Ok", "Person", "ok@example.com", None, "en"],
        ["Bad", "Mail", "bad-mail", None, "en"],
        ["Same", "Curp", "curp@example.com", CURP, "es"],
        [None, None, "nobody@example.com", None, "es"],
        ["Ok", "Again", "OK@example.com", None, "en"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = _upload(client, cohort, "roster.xlsx", buffer.getvalue())
    text = preview.content.decode()
    assert "4 rows have errors: nothing will be written." in text
    assert "“bad-mail” is not a valid e-mail address." in text
    assert "This CURP belongs to another account." in text
    assert "Given names are missing (needed for a new account)." in text
    assert "Duplicate row: same e-mail as row 2." in text
    assert "Confirm: enrol" not in text  # no way to write a file with errors
    assert not User.objects.filter(email="ok@example.com").exists()
    assert Enrollment.objects.count() == 0


def test_an_unreadable_file_is_refused_on_the_upload_form(room):
    response = _upload(room["client"], room["cohort"], "old.xls", b"\xd0\xcf\x11\xe0rest")
    assert "Old Excel files (.xls) are not read" in response.content.decode()


def test_a_tampered_or_foreign_preview_is_refused(room, log_in):
    cohort, client = room["cohort"], room["client"]
    preview = _upload(
        client, cohort, "a.csv", b"Nombres,Apellidos,Correo\nAna,Ruiz,ana@example.mx\n"
    )
    confirm_url = f"/admin/cohorts/{cohort.pk}/trainees/import/confirm/"
    data = form_fields(preview.content, action=confirm_url)
    other_lead = UserFactory(roles=[Role.INSTRUCTOR])
    room["course"].lead_instructors.add(other_lead)
    log_in(other_lead)  # the signed preview belongs to the first lead
    response = client.post(confirm_url, data, follow=True)
    assert "This preview has expired; upload the file again." in response.content.decode()
    assert not User.objects.filter(email="ana@example.mx").exists()
