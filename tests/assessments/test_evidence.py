"""Evaluator evidence: who may record it, what it may be about, and that it is append-only."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

import lxml.html
import pytest
from PIL import Image

from accounts.roles import Role
from accounts.storage import private_storage
from assessments.models import AppendOnlyError, EvidenceRecord
from assessments.models.evidence import PHOTO_MAX_BYTES
from assessments.services.evidence import (
    EvaluationRefused,
    evaluation_refusal,
    evaluation_refusals,
    evidence_record,
)
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def setting():
    standard = build.standard_with_criteria()
    knowledge, performance, product, attitude = build.criteria_of(standard)
    candidate = build.trainee(first_name="María José", last_name="Hernández Peña")
    evaluator = build.evaluator()
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    return {
        "standard": standard,
        "knowledge": knowledge,
        "performance": performance,
        "product": product,
        "attitude": attitude,
        "candidate": candidate,
        "evaluator": evaluator,
        "room": room,
    }


def record(s, criterion=None, **kwargs):
    values = {
        "evaluator": s["evaluator"],
        "candidate": s["candidate"],
        "standard": s["standard"],
        "criterion": criterion or s["performance"],
        "met": True,
        "observed_on": TODAY,
        "place": "Planta Ramos Arizpe, celda 4",
    }
    values.update(kwargs)
    return evidence_record(**values)


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 85, 99)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_evaluator_records_a_performance_criterion(setting):
    evidence = record(setting, notes="Bloqueó la energía antes de abrir la celda.")
    assert evidence.met and evidence.supersedes is None
    assert evidence.standard == setting["standard"]
    assert list(EvidenceRecord.objects.current()) == [evidence]


def test_the_instructor_who_trained_the_candidate_cannot_evaluate_them(setting):
    teacher = UserFactory(roles=[Role.INSTRUCTOR, Role.EVALUATOR], first_name="Luis")
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    with pytest.raises(EvaluationRefused) as refused:
        record(setting, evaluator=teacher)
    assert "You trained María José Hernández Peña" in refused.value.message
    assert setting["room"].cohort.name in refused.value.message
    assert not EvidenceRecord.objects.exists()


def test_the_candidate_list_and_the_writes_ask_the_same_rule(setting, django_assert_num_queries):
    teacher = UserFactory(roles=[Role.INSTRUCTOR, Role.EVALUATOR])
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    stranger = build.trainee(first_name="Ana")
    build.enroll(stranger, build.classroom(setting["standard"], evaluators=[teacher]))
    outsider = build.trainee(first_name="Olga")
    build.enroll(outsider, build.classroom(setting["standard"]))
    candidates = [setting["candidate"], stranger, teacher, outsider]
    # The evaluator's roles, the learners of their cohorts, the cohorts they teach.
    with django_assert_num_queries(3):
        refusals = evaluation_refusals(
            evaluator=teacher, candidates=candidates, standard=setting["standard"]
        )
    assert set(refusals) == {setting["candidate"].pk, teacher.pk, outsider.pk}
    assert "not enrolled in a cohort you evaluate for EC0900" in refusals[outsider.pk]
    assert "You trained María José Hernández Peña" in refusals[setting["candidate"].pk]
    assert "cannot evaluate yourself" in refusals[teacher.pk]
    for candidate in candidates:
        assert refusals.get(candidate.pk) == evaluation_refusal(
            evaluator=teacher, candidate=candidate, standard=setting["standard"]
        )


def test_teaching_a_course_for_another_standard_is_no_conflict(setting):
    teacher = UserFactory(roles=[Role.INSTRUCTOR, Role.EVALUATOR])
    other = build.classroom(build.standard_with_criteria(code="EC0901"), instructors=[teacher])
    build.enroll(setting["candidate"], other)
    setting["room"].cohort.evaluators.add(teacher)
    assert record(setting, evaluator=teacher).evaluator == teacher


def test_nobody_evaluates_themselves(setting):
    both = UserFactory(roles=[Role.TRAINEE, Role.EVALUATOR])
    with pytest.raises(EvaluationRefused, match="cannot evaluate yourself"):
        record(setting, evaluator=both, candidate=both)
    # The database refuses it too, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceRecord.objects.create(
            candidate=both,
            evaluator=both,
            standard=setting["standard"],
            criterion=setting["performance"],
            met=True,
            observed_on=TODAY,
            place="x",
            recorded_at=build.now(),
        )


def test_only_evaluators_record_evidence(setting):
    with pytest.raises(EvaluationRefused, match="Only evaluators"):
        record(setting, evaluator=build.instructor())


def test_evidence_for_a_criterion_of_another_standard_is_refused(setting):
    other = build.criteria_of(build.standard_with_criteria(code="EC0902"))[1]
    with pytest.raises(EvaluationRefused, match="belongs to another standard"):
        record(setting, criterion=other)


def test_knowledge_criteria_come_from_the_questionnaire_not_the_checklist(setting):
    with pytest.raises(EvaluationRefused, match="knowledge criterion"):
        record(setting, criterion=setting["knowledge"])


def test_a_correction_supersedes_without_changing_the_original(setting):
    first = record(setting, met=False, notes="No usó guantes.")
    other_evaluator = build.evaluator()
    setting["room"].cohort.evaluators.add(other_evaluator)
    second = record(
        setting,
        evaluator=other_evaluator,
        met=True,
        replaces=first,
        correction_reason="Se registró en el criterio equivocado.",
    )
    first.refresh_from_db()
    assert (first.met, first.notes) == (False, "No usó guantes.")
    assert second.supersedes == first and first.superseded_by == second
    assert second.evaluator == other_evaluator
    assert list(EvidenceRecord.objects.current()) == [second]


def test_a_correction_needs_a_reason_and_the_current_record(setting):
    first = record(setting)
    with pytest.raises(EvaluationRefused, match="Say why"):
        record(setting, replaces=first)
    with pytest.raises(EvaluationRefused, match="recorded meanwhile"):
        record(setting)  # did not see the existing record
    second = record(setting, replaces=first, correction_reason="Fecha corregida.")
    with pytest.raises(EvaluationRefused, match="recorded meanwhile"):
        record(setting, replaces=first, correction_reason="Otra vez.")  # stale
    assert EvidenceRecord.objects.current().get() == second


def test_records_are_append_only(setting):
    evidence = record(setting)
    evidence.met = False
    with pytest.raises(AppendOnlyError):
        evidence.save()
    with pytest.raises(AppendOnlyError):
        evidence.delete()
    with pytest.raises(AppendOnlyError):
        EvidenceRecord.objects.filter(pk=evidence.pk).update(met=False)
    with pytest.raises(AppendOnlyError):
        EvidenceRecord.objects.all().delete()
    # Two first records for one criterion are refused by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceRecord.objects.create(
            candidate=setting["candidate"],
            evaluator=setting["evaluator"],
            standard=setting["standard"],
            criterion=setting["performance"],
            met=False,
            observed_on=TODAY,
            place="x",
            recorded_at=build.now(),
        )
    assert EvidenceRecord.objects.get().met is True


def test_a_photo_is_stored_when_it_is_a_real_image(setting, media_root):
    evidence = record(setting, photo=SimpleUploadedFile("celda.png", png(), "image/png"))
    assert evidence.photo.name.startswith("evidence/") and evidence.photo.name.endswith(".png")
    assert "celda" not in evidence.photo.name
    # Private (issue 16, item 7): outside MEDIA_ROOT, where nothing serves it.
    assert not (media_root / evidence.photo.name).exists()
    assert private_storage().exists(evidence.photo.name)


def test_a_file_that_is_not_an_image_is_refused(setting):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.7 not really a photo", "image/jpeg")
    with pytest.raises(EvaluationRefused, match="not an image"):
        record(setting, photo=fake)
    assert not EvidenceRecord.objects.exists()


def test_an_image_of_another_format_is_refused(setting):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="BMP")
    with pytest.raises(EvaluationRefused, match="BMP images are not accepted"):
        record(setting, photo=SimpleUploadedFile("foto.bmp", buffer.getvalue(), "image/bmp"))


def test_an_oversized_photo_is_refused(setting):
    big = png() + b"\0" * PHOTO_MAX_BYTES
    with pytest.raises(EvaluationRefused, match="the limit is 5"):
        record(setting, photo=SimpleUploadedFile("grande.png", big, "image/png"))


def test_refusals_are_translated(setting):
    teacher = UserFactory(roles=[Role.EVALUATOR])
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    with translation.override("es"), pytest.raises(EvaluationRefused) as refused:
        record(setting, evaluator=teacher)
    assert "Tú capacitaste a María José Hernández Peña" in refused.value.message


# --- the evaluator's screen ---------------------------------------------------------------


def evaluation_url(setting, language="es"):
    with translation.override(language):
        return reverse(
            "assessments:evaluation", args=[setting["standard"].pk, setting["candidate"].pk]
        )


def test_the_checklist_lists_observable_criteria_in_both_languages(client, setting):
    client.force_login(setting["evaluator"])
    spanish = client.get(evaluation_url(setting, "es"))
    english = client.get(evaluation_url(setting, "en"))
    assert spanish.status_code == english.status_code == 200
    assert "Lista de observación" in spanish.text and "Observation checklist" in english.text
    assert "Criterion 1.2 (performance)" in english.text
    assert "Criterio 1.2 (performance)" in spanish.text
    # Knowledge criteria get no checklist form.
    assert f'id="criterion-{setting["knowledge"].pk}"' not in spanish.text
    assert f'id="criterion-{setting["performance"].pk}"' in spanish.text


def test_posting_the_checklist_form_records_evidence(client, setting):
    client.force_login(setting["evaluator"])
    pk = setting["performance"].pk
    response = client.post(
        evaluation_url(setting),
        {
            "criterion": pk,
            f"c{pk}-met": "no",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": "Taller de mantenimiento",
            f"c{pk}-notes": "Omitió la prueba de energía cero.",
            f"c{pk}-photo": SimpleUploadedFile("prueba.png", png(), "image/png"),
        },
    )
    assert response.status_code == 302
    evidence = EvidenceRecord.objects.get()
    assert (evidence.met, evidence.place) == (False, "Taller de mantenimiento")
    assert evidence.photo
    photo = client.get(reverse("assessments:evidence_photo", args=[evidence.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_a_refused_upload_keeps_what_was_typed(client, setting):
    client.force_login(setting["evaluator"])
    pk = setting["product"].pk
    response = client.post(
        evaluation_url(setting, "en"),
        {
            "criterion": pk,
            f"c{pk}-met": "yes",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": "Línea 2",
            f"c{pk}-notes": "Pieza dentro de tolerancia",
            f"c{pk}-photo": SimpleUploadedFile("informe.png", b"not an image", "image/png"),
        },
    )
    assert response.status_code == 400
    assert "Upload a JPEG, PNG or WebP photo" in response.text
    assert "Pieza dentro de tolerancia" in response.text
    assert not EvidenceRecord.objects.exists()


def test_the_screen_refuses_a_trainer_with_the_reason(client, setting):
    teacher = UserFactory(roles=[Role.EVALUATOR])
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    client.force_login(teacher)
    response = client.get(evaluation_url(setting, "en"))
    assert response.status_code == 403
    assert "Another evaluator must assess this candidate" in response.text


def test_trainees_cannot_open_the_evaluator_screens(client, setting):
    client.force_login(setting["candidate"])
    assert client.get(evaluation_url(setting)).status_code == 403
    assert client.get(reverse("assessments:evaluation_candidates")).status_code == 403


def test_candidate_search_flags_the_evaluators_own_trainees(client, setting):
    teacher = UserFactory(roles=[Role.EVALUATOR])
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    client.force_login(teacher)
    with translation.override("en"):
        url = reverse("assessments:evaluation_candidates")
    response = client.get(url, {"standard": setting["standard"].pk, "q": "Hernández"})
    assert "María José Hernández Peña" in response.text
    assert "You trained this candidate" in response.text


def test_photos_are_private(client, setting):
    evidence = record(setting, photo=SimpleUploadedFile("celda.png", png(), "image/png"))
    url = reverse("assessments:evidence_photo", args=[evidence.pk])
    client.force_login(build.trainee())
    assert client.get(url).status_code == 404
    client.force_login(setting["candidate"])
    assert client.get(url).status_code == 200


def _polyglot() -> bytes:
    """A valid PNG that is also an HTML page (script in a text chunk and after the image)."""
    buffer = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><script>alert(document.cookie)</script></html>")
    Image.new("RGB", (20, 10), (200, 0, 0)).save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue() + b"<html><body><script>alert(1)</script></body></html>"


def test_a_photo_is_reencoded_and_renamed_by_its_format(client, setting, media_root):
    """Issue 16, item 6: a PNG/HTML polyglot named .html is stored as a fresh PNG under a
    random .png name, with nothing of the HTML left; the pixels survive."""
    client.force_login(setting["evaluator"])
    pk = setting["performance"].pk
    response = client.post(
        evaluation_url(setting),
        {
            "criterion": pk,
            f"c{pk}-met": "yes",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": "Taller",
            f"c{pk}-photo": SimpleUploadedFile("foto.html", _polyglot(), "text/html"),
        },
    )

    assert response.status_code == 302
    evidence = EvidenceRecord.objects.get()
    assert evidence.photo.name.startswith("evidence/")
    assert evidence.photo.name.endswith(".png")
    assert "foto" not in evidence.photo.name
    with evidence.photo.open("rb") as handle:
        stored = handle.read()
    assert b"script" not in stored and b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (20, 10))
        assert image.convert("RGB").getpixel((5, 5)) == (200, 0, 0)


def test_a_jpeg_named_png_is_stored_as_jpg(setting, media_root):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 0)).save(buffer, format="JPEG")
    evidence = record(setting, photo=SimpleUploadedFile("x.png", buffer.getvalue(), "image/png"))

    assert evidence.photo.name.endswith(".jpg")


# --- on the shop floor: one element at a time, saved without reloading ---------------------


def test_the_checklist_shows_one_element_at_a_time(client, setting):
    client.force_login(setting["evaluator"])
    first = client.get(evaluation_url(setting, "en")).text
    assert f'id="criterion-{setting["performance"].pk}"' in first
    assert f'id="criterion-{setting["product"].pk}"' not in first
    assert 'aria-current="step"' in first and "0 of 2 recorded" in first
    second = client.get(evaluation_url(setting, "en") + "?element=2").text
    assert f'id="criterion-{setting["product"].pk}"' in second
    assert f'id="criterion-{setting["attitude"].pk}"' in second
    assert f'id="criterion-{setting["performance"].pk}"' not in second
    spanish = client.get(evaluation_url(setting, "es") + "?element=2").text
    assert "Elemento 2 (2 de 2)" in spanish and "Element 2" not in spanish
    # Element 1 recorded: the screen opens on the next element with a criterion to record.
    record(setting)
    assert f'id="criterion-{setting["product"].pk}"' in client.get(evaluation_url(setting)).text


def test_saving_a_card_answers_json_with_the_card_as_it_reads_now(client, setting):
    client.force_login(setting["evaluator"])
    pk = setting["product"].pk
    response = client.post(
        evaluation_url(setting, "en"),
        {
            "criterion": pk,
            f"c{pk}-met": "yes",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": "Línea 2, estación de torque",
            f"c{pk}-notes": "Pieza dentro de tolerancia",
        },
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True and "saved" in answer["message"]
    assert f'id="criterion-{pk}"' in answer["card"]
    assert "Current record: met" in answer["card"] and "Record a correction" in answer["card"]
    assert EvidenceRecord.objects.get().place == "Línea 2, estación de torque"


def part(html: str, marker: str) -> str:
    """The element carrying the data attribute ``marker``, serialised, without the CSRF token
    (new on each page)."""
    (element,) = lxml.html.fromstring(html).xpath(f"//*[@{marker}]")
    for token in element.xpath(".//input[@name='csrfmiddlewaretoken']"):
        token.drop_tree()
    return lxml.html.tostring(element, encoding="unicode", with_tail=False)


def test_saving_a_card_sends_the_verdict_and_counts_a_reload_would_show(client, setting):
    """The verdict and the element steps change in place after a save: the parts sent are
    the page's own, as a reload shows them, not the ones from before the save."""
    client.force_login(setting["evaluator"])
    pk = setting["product"].pk
    url = evaluation_url(setting, "es") + "?element=2"
    before = client.get(url).text
    answer = client.post(
        evaluation_url(setting, "es"),
        {
            "criterion": pk,
            f"c{pk}-met": "yes",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": "Línea 2, estación de torque",
        },
        headers={"accept": "application/json"},
    ).json()
    after = client.get(url).text

    for name, marker in (("status", "data-evaluation-status"), ("steps", "data-element-steps")):
        assert part(answer[name], marker) != part(before, marker)
        assert part(answer[name], marker) == part(after, marker)
    assert "0 de 2 registrados" in part(before, "data-element-steps")
    assert "1 de 2 registrados" in answer["steps"]
    assert "Element " not in answer["steps"] and "Judgement" not in answer["status"]


def test_a_refused_card_answers_json_in_the_users_language_and_saves_nothing(client, setting):
    client.force_login(setting["evaluator"])
    pk = setting["product"].pk
    response = client.post(
        evaluation_url(setting, "es"),
        {"criterion": pk, f"c{pk}-met": "yes", f"c{pk}-observed_on": "2026-11-19"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    answer = response.json()
    assert answer["saved"] is False
    assert "La evidencia no se guardó" in answer["message"]
    assert "Este campo es necesario." in answer["errors"]  # the place, left empty
    assert not EvidenceRecord.objects.exists()


def test_a_refused_evaluator_gets_the_reason_in_json(client, setting):
    teacher = UserFactory(roles=[Role.EVALUATOR])
    setting["room"].cohort.instructors.add(teacher)
    setting["room"].cohort.evaluators.add(teacher)
    client.force_login(teacher)
    pk = setting["product"].pk
    response = client.post(
        evaluation_url(setting, "en"),
        {"criterion": pk, f"c{pk}-met": "yes"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 403
    assert "Another evaluator must assess this candidate" in response.json()["message"]
