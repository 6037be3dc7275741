"""Serving pages: the site a request reaches, view restrictions, a module's navigation, and
what a module page costs in queries."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from cms.models import CoursePage, ModulePage
from cms.selectors import module_page, page_at, site_for_request
from courses.services import enrollment_create, reflection_save
from tests.cms.learning import build_learning_tree
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "example.org", "example.org:8080", "other.example", "m.test"],
)
def test_site_for_request_chooses_the_site_wagtail_would(home_pages, host):
    root = home_pages["es"]
    Site.objects.update(hostname="localhost", port=80, is_default_site=True)
    Site.objects.create(hostname="localhost", port=8000, root_page=root)
    Site.objects.create(hostname="example.org", port=8080, root_page=root)
    Site.objects.create(hostname="m.test", port=80, root_page=root)
    Site.objects.create(hostname="m.test", port=81, root_page=root)
    hostname, _, port = host.partition(":")
    request = RequestFactory().get("/", HTTP_HOST=host, SERVER_PORT=port or "80")

    assert site_for_request(request) == Site._find_for_request(request)  # Wagtail's choice


def test_no_site_when_nothing_matches_and_there_is_no_default(home_pages):
    Site.objects.update(is_default_site=False, hostname="puente.example")
    request = RequestFactory().get("/", HTTP_HOST="elsewhere.example")
    assert site_for_request(request) is None


def test_a_restriction_on_an_ancestor_still_protects_the_module(client, home_pages):
    tree = build_learning_tree(home_pages)
    module = tree["modules"]["es"][0]
    PageViewRestriction.objects.create(
        page=tree["course_page"]["es"], restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(module.url)

    assert response.status_code == 302
    assert "/login" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(module.url).status_code == 200


def test_a_restriction_on_an_aliased_ancestor_protects_its_alias(client, home_pages):
    tree = build_learning_tree(home_pages)
    catalog = tree["catalog"]["es"]
    alias = catalog.create_alias(
        parent=home_pages["es"], update_slug="cursos-copia", recursive=True
    )
    PageViewRestriction.objects.create(page=catalog, restriction_type=PageViewRestriction.LOGIN)
    alias_course = Page.objects.child_of(alias).get()

    assert client.get(alias_course.url).status_code == 302
    assert set(alias_course.specific.get_view_restrictions()) == set(
        Page.get_view_restrictions(alias_course.specific)
    )


def test_pages_wagtail_routes_itself_still_answer(client, home_pages):
    tree = build_learning_tree(home_pages)
    module = tree["modules"]["es"][0]

    assert client.get("/es/").status_code == 200  # the home page
    assert client.get("/en/courses/course/module-1/").status_code == 200  # English tree
    assert client.get(module.url + "no-such-page/").status_code == 404
    module.unpublish()
    assert client.get(module.url).status_code == 404  # a draft is not served


def test_another_kind_of_page_at_a_served_address_is_served_as_itself(client, home_pages):
    """The kind of page remembered for an address (``page_at``) is only a first guess."""
    tree = build_learning_tree(home_pages)
    module = tree["modules"]["es"][0]
    url, slug = module.url, module.slug
    assert "Módulo 1 de 2" in client.get(url).text  # its kind is remembered
    module.delete()
    course_page = tree["course_page"]["es"].add_child(
        instance=CoursePage(title="Un curso en su lugar", slug=slug, course=tree["course"])
    )
    course_page.save_revision().publish()

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["page"].pk == course_page.pk
    assert "Un curso en su lugar" in response.text


def test_the_kind_remembered_for_an_address_is_checked_against_the_row(home_pages):
    tree = build_learning_tree(home_pages)
    module = tree["modules"]["es"][0]
    url_path, slug = module.url_path, module.slug
    module.slug = "en-otro-lugar"
    module.save_revision().publish()
    placeholder = module.get_parent().add_child(instance=Page(title="Aviso", slug=slug))
    assert type(page_at(url_path)) is Page  # a core page: its kind is remembered

    placeholder.delete()
    module.slug = slug
    module.save_revision().publish()

    page = page_at(url_path)
    assert isinstance(page, ModulePage)  # not the core page a bare guess would read
    assert page.pk == module.pk


def test_module_navigation_names_its_course_position_and_neighbours(client, home_pages):
    tree = build_learning_tree(home_pages, modules=3)
    first, second, third = tree["modules"]["es"]
    third.unpublish()

    html = client.get(second.url).text

    assert "Módulo 2 de 2" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert 'rel="next"' not in html  # the unpublished module is not offered
    assert f'<a href="{tree["course_page"]["es"].url}">Curso de prueba</a>' in html
    assert f'href="{tree["catalog"]["es"].url}">Catálogo<' in html

    # Previewing the draft, an editor sees it in its place among the published modules.
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    outline = module_page(page=third, request=request)["module"]
    assert (outline.number, outline.total) == (3, 3)
    assert outline.previous.pk == second.pk


def _whole_request_queries(client, url) -> int:
    client.get(url)  # warm the site-root-paths cache, as any running site has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


MANY_BLOCKS = (
    [{"type": "heading", "value": {"text": f"Paso {n}", "level": "h3"}} for n in range(40)]
    + [{"type": "reflection", "value": {"prompt": f"Pregunta {n}"}} for n in range(20)]
    + [{"type": "callout", "value": {"kind": "tip", "title": "", "text": "<p>Ojo</p>"}}] * 20
)


def test_module_page_queries_are_fixed_and_few(client, home_pages, django_assert_max_num_queries):
    tree = build_learning_tree(home_pages, body=MANY_BLOCKS, modules=2)
    big, small = tree["modules"]["es"]
    small.body = MANY_BLOCKS[:1]
    small.save_revision().publish()

    # Anonymous visitors: site, locale, the page (one query: this process has served it
    # before, ``page_at``), view restrictions and the content version; the module's
    # navigation, criteria and body come from the cache (cms.fragments). The same with 1
    # block or 80.
    assert _whole_request_queries(client, small.url) == 5
    assert _whole_request_queries(client, big.url) == 5

    # An enrolled trainee adds the session's user, their roles and their progress (3).
    trainee = UserFactory()
    enrollment_create(user=trainee, course=tree["course"])
    prompt = next(block.id for block in big.body if block.block_type == "reflection")
    reflection_save(user=trainee, module_key=big.translation_key, block_id=prompt, answer="Sí")
    client.force_login(trainee)
    assert _whole_request_queries(client, small.url) == 9
    assert _whole_request_queries(client, big.url) == 9

    # The module page itself (context and template, after routing) stays ≤ 10.
    request = RequestFactory().get(big.url)
    request.user = trainee
    request.session = SessionStore()
    request._wagtail_site = Site.find_for_request(request)
    with django_assert_max_num_queries(10):
        response = big.serve(request)
        response.render()
    assert response.content.count(b"<textarea") == 20
