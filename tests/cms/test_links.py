"""Links a translator or importer plants cannot run script: every rich text and author URL
is rendered through ``cms.links`` (issue 16, item 1)."""

from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import OverridableSegment, Translation, TranslationSource

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from cms.links import safe_href, sanitise_links
from tests.cms.learning import build_learning_tree
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = [
    {
        "type": "rich_text",
        "value": '<p>Read the <a href="https://example.com/torque">torque guide</a>.</p>',
    },
    {
        "type": "video",
        "value": {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Torque",
            "transcript": "The presenter sets the wrench.",
        },
    },
]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_script_and_data_addresses_are_refused(url):
    assert safe_href(url) == ""
    assert "href" not in sanitise_links(f'<p><a href="{url}">x</a></p>')
    assert "href" not in sanitise_links(f"<p><a href='{url}'>x</a></p>")


@pytest.mark.parametrize(
    "url", ["https://example.com/a?b=1&amp;c=2", "/es/modulo/", "#top", "mailto:a@b.mx", "tel:+52"]
)
def test_web_mail_phone_and_relative_addresses_pass(url):
    assert safe_href(url) == url
    html = f'<p><a href="{url}">x</a></p>'
    assert sanitise_links(html) == html


def test_a_url_override_in_wagtail_localize_cannot_plant_a_script_link(home_pages):
    tree = build_learning_tree(home_pages, body=BODY, modules=1)
    source_page = tree["modules"]["es"][0]
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    translation = Translation.objects.create(source=source, target_locale=english)
    client = Client()
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))
    for segment in OverridableSegment.objects.filter(source=source):
        response = client.put(
            reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk]),
            urlencode({"value": "javascript:document.title='pwned'"}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201)
    translation.save_target(publish=True)

    page = source_page.get_translation(english)
    html = Client().get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert "pwned" not in html
    assert soup.find("a", string="torque guide") is not None  # the text stays, unlinked
    assert not [a for a in soup.find_all("a") if "script" in (a.get("href") or "").lower()]
