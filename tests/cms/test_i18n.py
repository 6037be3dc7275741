from wagtail.models import Locale

import pytest

from cms.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "prefix"), [("en-US,en;q=0.9", "/en/"), ("es-MX,es;q=0.9", "/es/"), ("fr", "/es/")]
)
def test_root_redirects_by_accept_language(client, home_pages, accept, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == prefix


@pytest.mark.parametrize(
    ("prefix", "lang", "title"), [("/es/", "es", "Puente"), ("/en/", "en", "Puente")]
)
def test_home_page_answers_in_each_language(client, home_pages, prefix, lang, title):
    response = client.get(prefix)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert home_pages[lang].intro in page


def test_unknown_language_prefix_is_a_404_in_the_visitors_language(client, home_pages):
    spanish = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="es")
    english = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="en")

    assert spanish.status_code == english.status_code == 404
    assert "Página no encontrada" in spanish.content.decode()
    assert "Page not found" in english.content.decode()


def test_switcher_lands_on_the_translation_of_the_page(client, home_pages):
    page = client.get("/es/").content.decode()
    link = f'href="/language/en/?next=%2Fes%2F&amp;page={home_pages["es"].pk}"'
    assert link in page  # the switcher on the page points at this very switch

    switched = client.get(f"/language/en/?next=/es/&page={home_pages['es'].pk}", follow=True)

    assert switched.redirect_chain[-1][0] == "/en/"
    assert switched.context["page"].pk == home_pages["en"].pk
    assert client.cookies["puente_language"].value == "en"


def test_switcher_falls_back_to_the_parent_and_says_so(client, home_pages):
    spanish = Locale.objects.get(language_code="es")
    untranslated = home_pages["es"].add_child(
        instance=HomePage(title="Sólo en español", slug="solo-es", locale=spanish)
    )

    response = client.get(f"/language/en/?next=/es/solo-es/&page={untranslated.pk}", follow=True)

    assert response.redirect_chain[-1][0] == "/en/"
    assert "is not translated into this language yet" in response.content.decode()


def test_switcher_translates_non_page_urls(client, home_pages):
    response = client.get("/language/es/?next=/en/accounts/login/")
    assert response["Location"] == "/es/accounts/login/"


def test_switcher_refuses_to_redirect_off_site(client, home_pages):
    response = client.get("/language/es/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_every_page_has_a_skip_link_and_a_language_switcher(client, home_pages):
    page = client.get("/en/").content.decode()
    assert 'href="#main"' in page and 'id="main"' in page
    assert 'hreflang="es"' in page and 'aria-current="true" lang="en"' in page
