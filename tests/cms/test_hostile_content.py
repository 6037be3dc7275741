"""The payload corpus (``tests/cms/payloads.py``, issue 16) in module pages and what learners
and evaluators write: an instructor types it into every text of a module's body (rich text
and StreamField blocks) through the page editor; a trainee saves it as reflections through
the module page; an evaluator records it as notes through the evaluation screen. Every page
that shows them, the portfolio PDF and the certificate PDF keep it as text."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from assessments.models import EvaluationPlan, EvidenceRecord
from certificates.services import certificate_issue
from competencies.models import Standard
from courses.services import enrollment_create
from tests.cms.admin_forms import form_data, form_errors
from tests.cms.learning import build_learning_tree
from tests.cms.payloads import (
    PAYLOADS,
    assert_inert_html,
    assert_pdf_is_inert,
    assert_shown_as_text,
    pdf_text,
)
from tests.factories import evidence as build
from tests.factories.accounts import UserFactory
from tests.factories.certificates import JudgementFactory

pytestmark = pytest.mark.django_db

MARKUP_PAYLOADS = [payload for payload in PAYLOADS if "<" in payload or ":" in payload]

BODY = [
    {"type": "heading", "value": {"text": "Encabezado", "level": "h2"}},
    {"type": "rich_text", "value": "<p>Texto</p>"},
    {
        "type": "callout",
        "value": {"kind": "safety", "level": "h2", "title": "Aviso", "text": "<p>Cuidado</p>"},
    },
    {
        "type": "procedure",
        "value": {
            "title": "Procedimiento",
            "steps": [{"text": "Paso", "alt_text": "", "note_kind": "safety", "note": "Nota"}],
        },
    },
    {
        "type": "scenario",
        "value": {
            "title": "Caso",
            "situation": "Situación",
            "question": "Pregunta",
            "discussion_points": ["Punto"],
        },
    },
    {"type": "reflection", "value": {"prompt": "¿Qué aprendiste?"}},
    {
        "type": "glossary_term",
        "value": {"term_es": "Par", "term_en": "Torque", "definition": "Definición"},
    },
    {"type": "checklist", "value": {"title": "Lista", "items": ["Uno", "Dos"]}},
]
STRUCTURE = ("-type", "-id", "-deleted", "-order", "-count", "-level", "-kind", "-note_kind")


def hostile_contentstate(number: int) -> str:
    """What the rich-text editor posts, hand-made: payload text and a ``javascript:`` link."""
    text = f"{PAYLOADS[number % len(PAYLOADS)]} enlace"
    return json.dumps(
        {
            "blocks": [
                {
                    "key": f"k{number}",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": len(text) - 6, "length": 6, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {
                    "type": "LINK",
                    "mutability": "MUTABLE",
                    "data": {"url": "javascript:alert(document.domain)"},
                }
            },
        }
    )


def typed_into_every_text(data: dict) -> dict:
    """``data`` with a payload in every text field of the body (rich text included)."""
    number = 0
    for name, values in data.items():
        if not name.startswith("body-") or name.endswith(STRUCTURE) or not values[0]:
            continue
        try:
            is_rich = "blocks" in json.loads(values[0])
        except (ValueError, TypeError):
            is_rich = False
        data[name] = [hostile_contentstate(number) if is_rich else PAYLOADS[number % 9]]
        number += 1
    return data


def test_module_body_payloads_typed_in_the_page_editor_stay_text(client, home_pages):
    tree = build_learning_tree(home_pages, body=BODY, modules=1)
    page = tree["modules"]["es"][0]
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = typed_into_every_text(form_data(client.get(edit_url).content))
    data["summary"] = [PAYLOADS[1]]
    data["action-publish"] = ["action-publish"]
    saved = client.post(edit_url, data)
    assert saved.status_code == 302, form_errors(saved.content)
    page.refresh_from_db()
    stored = json.dumps(list(page.body.raw_data))
    assert "alert(document.domain)" not in stored  # the link's address is dropped on save

    editor = client.get(edit_url)
    assert editor.status_code == 200
    assert_inert_html(editor.text)
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)
    live = client.get(page.url)
    assert live.status_code == 200
    for payload in PAYLOADS[:4]:
        assert_shown_as_text(live.text, payload)


def test_reflections_a_trainee_saves_are_text_on_the_module_page_and_in_my_data(client, home_pages):
    tree = build_learning_tree(home_pages, modules=1)
    page = tree["modules"]["es"][0]
    block_id = next(block.id for block in page.body if block.block_type == "reflection")
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    client.force_login(trainee)
    answer = "\n".join(MARKUP_PAYLOADS) + "\n</textarea><script>alert('reflexión')</script>"
    saved = client.post(
        "/es/learning/modules/reflection/",
        {"module_key": page.translation_key, "block_id": block_id, "answer": answer},
    )
    assert saved.status_code == 302
    shown = client.get(page.url)
    assert_inert_html(shown.text)
    for payload in MARKUP_PAYLOADS:
        assert_shown_as_text(shown.text, payload)
    my_data = client.get(reverse("privacy:my_data"))
    assert my_data.status_code == 200
    assert_inert_html(my_data.text)


@pytest.fixture
def evaluation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    standard = build.standard_with_criteria()
    _knowledge, performance, *_ = build.criteria_of(standard)
    candidate = build.trainee(first_name=PAYLOADS[0], last_name=PAYLOADS[1])
    evaluator = build.evaluator()
    room = build.classroom(standard, evaluators=[evaluator])
    build.enroll(candidate, room)
    return {
        "standard": standard,
        "criterion": performance,
        "candidate": candidate,
        "evaluator": evaluator,
    }


def evaluation_url(case, name="evaluation"):
    with translation.override("es"):
        return reverse(f"assessments:{name}", args=[case["standard"].pk, case["candidate"].pk])


def test_evaluator_notes_are_text_on_screen_and_literal_in_the_portfolio_pdf(client, evaluation):
    client.force_login(evaluation["evaluator"])
    pk = evaluation["criterion"].pk
    notes = " | ".join(MARKUP_PAYLOADS)
    recorded = client.post(
        evaluation_url(evaluation),
        {
            "criterion": pk,
            f"c{pk}-met": "no",
            f"c{pk}-observed_on": "2026-11-19",
            f"c{pk}-place": PAYLOADS[4],
            f"c{pk}-notes": notes,
        },
    )
    assert recorded.status_code == 302
    assert EvidenceRecord.objects.get().notes == notes
    screen = client.get(evaluation_url(evaluation))
    assert screen.status_code == 200
    assert_shown_as_text(screen.text, PAYLOADS[4])  # the place, in the record's line

    client.force_login(evaluation["candidate"])
    progress = client.get(
        reverse("assessments:progress_standard", args=[evaluation["standard"].pk])
    )
    assert_inert_html(progress.text)
    with translation.override("es"):
        portfolio_url = reverse(
            "certificates:document_portfolio",
            args=[evaluation["standard"].pk, evaluation["candidate"].pk, "es"],
        )
    pdf = client.get(portfolio_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert_pdf_is_inert(pdf.content)
    text = pdf_text(pdf.content)
    for payload in [*MARKUP_PAYLOADS, PAYLOADS[4]]:
        assert " ".join(payload.split()) in text, payload


def test_the_plan_and_the_cedula_an_evaluator_types_are_text_and_literal_in_their_pdfs(
    client, evaluation
):
    """The evaluation plan (place, evidence per element) and the cédula (best practices, areas
    of opportunity, recommendations), typed through their forms: text on their screens, literal
    and inert in their PDFs, with the candidate's hostile name."""
    case = evaluation
    client.force_login(case["evaluator"])
    notes = " | ".join(MARKUP_PAYLOADS)
    elements = case["standard"].elements.all()
    proposed = client.post(
        evaluation_url(case, "evaluation_plan"),
        {"scheduled_on": "2026-12-01", "place": PAYLOADS[4]}
        | {f"element_{element.pk}": notes for element in elements},
    )
    assert proposed.status_code == 302
    screen = client.get(evaluation_url(case, "evaluation_plan"))
    assert_inert_html(screen.text)
    assert_shown_as_text(screen.text, PAYLOADS[4])
    plan = EvaluationPlan.objects.get(candidate=case["candidate"])
    judgement = JudgementFactory(
        candidate=case["candidate"], standard=case["standard"], evaluator=case["evaluator"]
    )
    with translation.override("es"):
        report_url = reverse(
            "assessments:evaluation_report",
            args=[case["standard"].pk, case["candidate"].pk, judgement.pk],
        )
        documents = {
            "plan": reverse("certificates:document_plan", args=[plan.pk, "es"]),
            "cedula": reverse("certificates:document_cedula", args=[judgement.pk, "es"]),
        }
    saved = client.post(
        report_url, {"best_practices": notes, "opportunity_areas": notes, "recommendations": notes}
    )
    assert saved.status_code == 302
    assert_inert_html(client.get(report_url).text)

    for name, url in documents.items():
        pdf = client.get(url)
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", name
        assert_pdf_is_inert(pdf.content)
        text = " ".join(pdf_text(pdf.content).split())
        for payload in [*MARKUP_PAYLOADS, PAYLOADS[0]]:
            assert " ".join(payload.split()) in text, (name, payload)


def test_a_hostile_name_and_standard_title_are_literal_in_the_certificate(
    client, evaluation, django_capture_on_commit_callbacks
):
    standard = evaluation["standard"]
    standard.title_es, standard.title_en = PAYLOADS[1], PAYLOADS[2]
    standard.save()
    holder = evaluation["candidate"]
    JudgementFactory(candidate=holder, standard=standard)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        issued = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    issued.refresh_from_db()
    content = issued.pdf.read()
    assert_pdf_is_inert(content)
    text = pdf_text(content)
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2]):
        assert payload in text, payload
    for language in ("es", "en"):
        with translation.override(language):
            verify = client.get(reverse("certificates:verify", args=[issued.code]))
        assert verify.status_code == 200
        assert_shown_as_text(verify.text, PAYLOADS[1] if language == "es" else PAYLOADS[2])
    client.force_login(holder)
    with translation.override("es"):
        mine = client.get(reverse("certificates:mine"))
    assert_inert_html(mine.text)


def hostile_standards() -> dict:
    """The minimal standards file with a payload in every text an administrator imports."""
    from tests.competencies.conftest import MINIMAL_DOCUMENT

    document = json.loads(json.dumps(MINIMAL_DOCUMENT))
    counter = iter(range(1000))

    def hostile(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("es", "en") and isinstance(value, str):
                    node[key] = f"{PAYLOADS[next(counter) % len(PAYLOADS)]} {key}"
                else:
                    hostile(value)
        elif isinstance(node, list):
            for value in node:
                hostile(value)

    hostile(document)
    document["frameworks"][0]["publisher"] = PAYLOADS[1]
    return document


def test_an_imported_standards_file_is_text_on_every_standards_screen(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True))
    document = hostile_standards()

    def preview_of(document):
        data = form_data(client.get("/admin/competency_standards/import/").content)
        content = json.dumps(document).encode()
        data["file"] = SimpleUploadedFile("hostil.json", content, content_type="application/json")
        preview = client.post("/admin/competency_standards/import/", data)
        assert preview.status_code == 200
        assert_inert_html(preview.text)
        return preview

    document["frameworks"][0]["url"] = "javascript:alert(document.cookie)"
    assert "$.frameworks[0].url" in " ".join(form_errors(preview_of(document).content))
    del document["frameworks"][0]["url"]
    preview = preview_of(document)
    confirm = BeautifulSoup(preview.content, "html.parser").find(id="import-confirm")
    assert confirm is not None, form_errors(preview.content)
    fields = {field["name"]: field.get("value", "") for field in confirm.find_all("input")}
    assert client.post("/admin/competency_standards/import/", fields).status_code == 302
    standard = Standard.objects.get(code="EC0001")
    listing = client.get("/admin/competency_standards/")
    assert_inert_html(listing.text)
    edit = client.get(f"/admin/competency_standards/edit/{standard.pk}/")
    assert edit.status_code == 200
    assert_inert_html(edit.text)
    for language in ("es", "en"):
        with translation.override(language):
            pages = [
                reverse("competencies:standard-list"),
                reverse("competencies:standard-detail", args=["mx-test", "EC0001"]),
                reverse("competencies:standard-detail", args=["us-test", "US-WELD-1"]),
            ]
        for address in pages:
            shown = client.get(address)
            assert shown.status_code == 200, address
            assert_inert_html(shown.text)
        assert_shown_as_text(shown.text, PAYLOADS[0 if language == "es" else 1].strip())
