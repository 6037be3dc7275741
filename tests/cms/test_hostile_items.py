"""The payload corpus in question items (issue 16): stems, options and feedback typed by an
author through the question import (GIFT and Moodle XML, whose stems are HTML), then every
screen that shows them: the item bank's listing and edit form, the quiz a trainee takes and
its review, and the grading screen where an instructor reads the trainee's hostile essay."""

from xml.sax.saxutils import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest

from accounts.roles import Role
from assessments.models import Answer, Attempt, Item
from courses.models import Enrollment
from tests.cms.admin_forms import form_data
from tests.cms.payloads import (
    PAYLOADS,
    RICH_PAYLOADS,
    assert_inert_html,
    assert_no_formula,
    assert_shown_as_text,
)
from tests.factories.accounts import UserFactory
from tests.factories.assessments import quiz_with, trainee_in
from tests.factories.courses import CohortFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/snippets/assessments/item/import/"
LISTING_URL = "/admin/snippets/assessments/item/"
PLAIN = [payload for payload in PAYLOADS if "<" not in payload]  # survive as option text


def gift_escaped(text: str) -> str:
    return "".join("\\" + char if char in "~=#{}:" else char for char in text)


def gift_bank() -> str:
    questions = []
    for number, rich in enumerate(RICH_PAYLOADS):
        options = "\n".join(
            f"~{gift_escaped(text)}#{gift_escaped(text)}" for text in PLAIN[number % 2 :: 2]
        )
        questions.append(
            f"::{gift_escaped(PLAIN[number % len(PLAIN)])} {number}::[html]{gift_escaped(rich)}"
            f"{{\n=Correcta#{gift_escaped(PAYLOADS[number])}\n{options}\n}}"
        )
    questions.append(f"::Ensayo hostil::[html]{gift_escaped(RICH_PAYLOADS[0])}{{}}")
    return "\n\n".join(questions)


def moodle_bank() -> str:
    answers = "".join(
        f'<answer fraction="{100 if n == 0 else 0}" format="plain_text"><text>'
        f'<![CDATA[{text}]]></text><feedback format="html"><text><![CDATA[{rich}]]></text>'
        "</feedback></answer>"
        for n, (text, rich) in enumerate(zip(PLAIN, RICH_PAYLOADS, strict=False))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><quiz>'
        '<question type="multichoice"><name><text>Moodle hostil</text></name>'
        f'<questiontext format="html"><text><![CDATA[{"".join(RICH_PAYLOADS)}]]></text>'
        '</questiontext><generalfeedback format="html"><text><![CDATA['
        f"{RICH_PAYLOADS[1]}]]></text></generalfeedback><single>true</single>{answers}</question>"
        "</quiz>"
    )


def qti_item() -> str:
    choices = "".join(
        f'<simpleChoice identifier="C{n}">{escape(text)}</simpleChoice>'
        for n, text in enumerate(PLAIN)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="hostil"'
        ' title="QTI hostil" adaptive="false" timeDependent="false">'
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        "<correctResponse><value>C0</value></correctResponse></responseDeclaration>"
        '<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
        "<defaultValue><value>0</value></defaultValue></outcomeDeclaration><itemBody>"
        '<p onmouseover="alert(4)">párrafo <a href="javascript:alert(3)">enlace</a></p>'
        "<script>alert('qti')</script>"
        f"<p>{escape(PAYLOADS[0])}</p>"
        '<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
        f"<prompt>¿Cuál?</prompt>{choices}</choiceInteraction></itemBody>"
        '<responseProcessing template="http://www.imsglobal.org/question/qti_v2p2/rptemplates/'
        'match_correct"/></assessmentItem>'
    )


def imported(client, name: str, content: str) -> list[Item]:
    page = client.get(IMPORT_URL)
    data = form_data(page.content)
    data["language"] = ["es"]
    data["file"] = SimpleUploadedFile(name, content.encode(), content_type="text/plain")
    preview = client.post(IMPORT_URL, data)
    assert preview.status_code == 200
    assert_inert_html(preview.text)
    done = client.post(IMPORT_URL, form_data(preview.content, form_id="import-confirm"))
    assert done.status_code == 302, preview.text[-3000:]
    return list(Item.objects.order_by("pk"))


def url(name, **kwargs):
    with translation.override("es"):
        return reverse(f"assessments:{name}", kwargs=kwargs)


@pytest.fixture
def instructor(client):
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    return client


@pytest.mark.parametrize(
    ("name", "bank"),
    [("hostil.gift", gift_bank), ("hostil.xml", moodle_bank), ("hostil-qti.xml", qti_item)],
)
def test_imported_items_are_inert_in_the_item_bank_and_the_quiz(client, instructor, name, bank):
    items = imported(instructor, name, bank())
    assert items
    listing = instructor.get(LISTING_URL)
    assert listing.status_code == 200
    assert_inert_html(listing.text)
    for item in items:
        edit = instructor.get(f"{LISTING_URL}edit/{item.pk}/")
        assert edit.status_code == 200
        assert_inert_html(edit.text)
    quiz = quiz_with(items)
    client.force_login(trainee_in(quiz.course))
    assert client.post(url("quiz_start", pk=quiz.pk)).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    for page in range(1, len(items) + 1):
        response = client.get(url("attempt_page", public_id=attempt.public_id, page=page))
        assert response.status_code == 200
        assert_inert_html(response.text)


def test_a_trainee_takes_the_hostile_quiz_and_an_instructor_grades_the_hostile_essay(
    client, instructor
):
    items = imported(instructor, "hostil.gift", gift_bank())
    quiz = quiz_with(items)
    trainee = trainee_in(quiz.course)
    client.force_login(trainee)
    assert client.post(url("quiz_start", pk=quiz.pk)).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    essay = Answer.objects.get(attempt=attempt, item_version__item__kind="essay")
    for page in range(1, len(items) + 1):
        response = client.get(url("attempt_page", public_id=attempt.public_id, page=page))
        assert response.status_code == 200
        assert_inert_html(response.text)
    essay_text = "\n".join(PAYLOADS)
    saved = client.post(
        url("attempt_page", public_id=attempt.public_id, page=essay.position),
        {f"q{essay.position}": essay_text, f"seq{essay.position}": "1", "go": "next"},
    )
    assert saved.status_code == 302
    client.post(url("attempt_submit", public_id=attempt.public_id))
    result = client.get(url("attempt_result", public_id=attempt.public_id))
    assert result.status_code == 200
    assert_inert_html(result.text)

    administrator = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    client.force_login(administrator)
    queue = client.get(url("grading_queue"))
    assert_inert_html(queue.text)
    grading = client.get(url("grading_answer", pk=essay.pk))
    assert grading.status_code == 200
    for payload in PAYLOADS:
        assert_shown_as_text(grading.text, payload.strip())
    graded = client.post(
        url("grading_answer", pk=essay.pk), {"points": "1", "feedback": "\n".join(PAYLOADS)}
    )
    assert graded.status_code == 302

    client.force_login(trainee)
    review = client.get(url("attempt_result", public_id=attempt.public_id))
    assert_shown_as_text(review.text, PAYLOADS[2])  # the instructor's feedback

    cohort = CohortFactory(course=quiz.course, name=PAYLOADS[1])
    cohort.instructors.add(administrator)
    Enrollment.objects.filter(user=trainee).update(cohort=cohort)
    client.force_login(administrator)
    for report in ("report_heatmap", "report_items"):
        shown = client.get(url(report, pk=cohort.pk))
        assert shown.status_code == 200
        assert_inert_html(shown.text)
        download = client.get(url(report, pk=cohort.pk), {"format": "csv"})
        text = b"".join(download.streaming_content).decode("utf-8-sig")
        assert_no_formula(text)
    assert "HYPERLINK" in text  # the items' names are in the item statistics
