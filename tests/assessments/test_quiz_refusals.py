"""Bad input to a quiz gets a clear, translated refusal and loses nothing (issue 14, item 5).

Each case was a 500 or a bare English "Bad Request (400)" before: PostgreSQL refuses a NUL
character in text and a sequence number beyond its integer column, and a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` never reached the quiz's own length check.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

import pytest

from assessments.item_types import ANSWER_MAX_LENGTH
from assessments.models import Answer, Attempt
from tests.factories.assessments import make_item, quiz_with, trainee_in

pytestmark = pytest.mark.django_db

TOO_LONG = {
    "es": "Tu respuesta es demasiado larga: 20\xa0000 caracteres como máximo.",
    "en": "Your answer is too long: 20,000 characters at most.",
}
NUL = {
    "es": "Tu respuesta contiene un carácter de control NUL",
    "en": "Your answer contains a NUL control character",
}
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}  # what quiz.js sends with each autosave


def url(name, language="es", **kwargs):
    with translation.override(language):
        return reverse(f"assessments:{name}", kwargs=kwargs)


@pytest.fixture
def attempt(client):
    """A trainee's open attempt at a two-question quiz: a short answer and an essay."""
    quiz = quiz_with([make_item("short"), make_item("essay")])
    trainee = trainee_in(quiz.course)
    client.force_login(trainee)
    assert client.post(url("quiz_start", pk=quiz.pk)).status_code == 302
    return Attempt.objects.get(quiz=quiz, user=trainee)


def stored(attempt, position):
    return Answer.objects.values_list("response", "sequence").get(
        attempt=attempt, position=position
    )


def autosave(client, attempt, language, position, text, seq):
    return client.post(
        url("attempt_autosave", language, public_id=attempt.public_id),
        {"position": position, "seq": seq, f"q{position}": text},
        **FETCH,
    )


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_nul_character_in_an_answer_is_refused_and_the_saved_answer_kept(
    client, attempt, language
):
    assert autosave(client, attempt, language, 2, "First draft.", 1).status_code == 200

    refused = autosave(client, attempt, language, 2, "Pasted\x00text", 2)

    assert refused.status_code == 400
    assert NUL[language] in refused.json()["error"]
    assert stored(attempt, 2) == ("First draft.", 1)
    # Without JavaScript: the page form shows the same message beside the question.
    page = client.post(
        url("attempt_page", language, public_id=attempt.public_id, page=1),
        {"q1": "wrench\x00", "seq1": "1", "q2": "First draft.", "seq2": "2", "go": "next"},
    )
    assert page.status_code == 409
    assert NUL[language] in page.content.decode()
    assert stored(attempt, 1) == (None, 0)
    # The retry without the character is saved.
    assert autosave(client, attempt, language, 2, "Pasted text", 3).status_code == 200
    assert stored(attempt, 2) == ("Pasted text", 3)


@pytest.mark.parametrize("sequence", [2**31, 10**30])
def test_a_sequence_number_beyond_the_column_is_refused(client, attempt, sequence):
    assert autosave(client, attempt, "en", 1, "wrench", 5).status_code == 200

    refused = autosave(client, attempt, "en", 1, "hammer", sequence)

    assert refused.status_code == 400
    assert refused.json()["error"] == (
        "This save carried a sequence number out of range. Reload the page and save again."
    )
    assert stored(attempt, 1) == ("wrench", 5)
    spanish = autosave(client, attempt, "es", 1, "hammer", sequence)
    assert spanish.json()["error"].startswith("Este guardado traía un número de secuencia")
    assert autosave(client, attempt, "en", 1, "hammer", 6).status_code == 200
    assert stored(attempt, 1) == ("hammer", 6)


def test_the_largest_sequence_the_column_holds_is_accepted(client, attempt):
    response = autosave(client, attempt, "en", 1, "wrench", Answer.SEQUENCE_MAX)
    assert response.status_code == 200
    assert stored(attempt, 1) == ("wrench", Answer.SEQUENCE_MAX)


@pytest.mark.parametrize(
    "name", ["attempt", "attempt_autosave", "attempt_flag", "attempt_submit", "attempt_result"]
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_nul_character_in_an_attempt_address_is_a_translated_404(client, attempt, name, language):
    address = url(name, language, public_id="PLACEHOLDER").replace("PLACEHOLDER", "a%00b")
    for response in (client.get(address), client.post(address, {"position": 1})):
        assert response.status_code == 404
        title = "Página no encontrada" if language == "es" else "Page not found"
        assert title in response.content.decode()


def test_a_nul_character_in_other_addresses_is_a_404(client):
    for address in ("/es/verify/a%00b/", "/en/verify/a%00b/credential.json", "/es/a%00b/"):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_nul_character_in_a_query_value_is_a_translated_400(client, attempt, language):
    response = client.get(url("attempt_result", language, public_id=attempt.public_id) + "?x=%00")

    assert response.status_code == 400
    expected = "Solicitud rechazada" if language == "es" else "Request refused"
    assert expected in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_10_mb_essay_is_told_the_limit_and_the_shortened_retry_is_saved(
    client, attempt, language
):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 10_000_000  # the body never reaches the view
    assert autosave(client, attempt, language, 2, "Saved draft.", 1).status_code == 200

    refused = autosave(client, attempt, language, 2, "x" * 10_000_000, 2)

    assert refused.status_code == 413
    assert refused.json()["error"].startswith(TOO_LONG[language])
    assert stored(attempt, 2) == ("Saved draft.", 1)
    # The script's next save (a higher sequence) with the text shortened to the limit.
    longest = "x" * (ANSWER_MAX_LENGTH - 20) + "\r\n" * 10 + "x" * 10  # a break counts once
    assert autosave(client, attempt, language, 2, longest, 3).status_code == 200
    assert stored(attempt, 2) == (longest, 3)


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_essay_over_the_limit_within_the_upload_limit_gets_the_same_message(
    client, attempt, language
):
    refused = autosave(client, attempt, language, 2, "x" * (ANSWER_MAX_LENGTH + 1), 1)

    assert refused.status_code == 400
    assert refused.json()["error"].startswith(TOO_LONG[language])


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_10_mb_essay_on_the_page_form_shows_a_translated_page(client, attempt, language):
    page = url("attempt_page", language, public_id=attempt.public_id, page=2)  # the essay
    client.post(page, {"q2": "Draft.", "seq2": "1", "go": "next"})

    refused = client.post(
        page,
        {"q2": "x" * 10_000_000, "seq2": "2", "go": "next"},
        HTTP_REFERER=f"http://testserver{page}",
    )

    assert refused.status_code == 413
    html = refused.content.decode()
    assert TOO_LONG[language] in html
    assert f'href="http://testserver{page}"' in html  # back to the quiz page
    assert f'<html lang="{language}"' in html
    assert stored(attempt, 2) == ("Draft.", 1)
    # The essay textarea stops the browser at the limit.
    assert f'maxlength="{ANSWER_MAX_LENGTH}"' in client.get(page).content.decode()
