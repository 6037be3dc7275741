"""Every screen registered in the Wagtail admin opens, saves unchanged and previews, on the demo.

The screens are discovered, not listed: every model viewset registered through
``register_admin_viewset`` (snippets included, so ``get_snippet_models()`` is covered), every
settings model and every page type. A screen another app registers later is checked without
touching this file. As a superuser, for each one:

- the add view opens;
- the edit view of a real demo object opens, and posting the rendered form back unchanged
  (its own inputs, selects, textareas, inline management forms and StreamField inputs, as a
  browser would submit them) saves it: a redirect, no error list;
- a previewable model's live preview renders in every preview mode, for the object being
  edited and for a new, unsaved one, driven as Wagtail's preview panel drives it (POST the
  form to the preview URL, then GET it).
"""

import re
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.urls import NoReverseMatch, get_resolver, reverse

from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Locale, Page, PreviewableMixin, Site, get_page_models
from wagtail.snippets.models import get_snippet_models

import pytest

from tests.cms.admin_forms import form_data, form_errors
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

URL_PATTERNS = get_resolver().url_patterns  # loading them populates the viewset registry


def _model_viewsets() -> dict[str, ModelViewSet]:
    return {
        viewset.url_namespace: viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet)
    }


MODEL_VIEWSETS = _model_viewsets()
PAGE_TYPES = [model for model in get_page_models() if model.is_creatable]
SETTINGS_MODELS = list(settings_registry)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", force=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def admin_client(client, demo):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@dataclass
class Screen:
    """The admin URLs of one model's screens (``None`` where the screen does not exist)."""

    add: str | None
    edit: str | None
    preview_on_add: str | None
    preview_on_edit: str | None
    preview_modes: list[str]
    missing: str = ""
    index: str | None = None
    read_only: bool = False  # nobody adds or edits (a log): the add screen must refuse


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _preview_modes(obj) -> list[str]:
    return [mode for mode, _label in obj.preview_modes] if obj is not None else []


def _viewset_screen(viewset: ModelViewSet) -> Screen:
    """The viewset's screens; without a demo object, only the add screen is checked (the
    test is skipped after it, saying which model the demo lacks)."""
    obj = viewset.model._default_manager.order_by("pk").first()
    previewable = issubclass(viewset.model, PreviewableMixin)
    if not viewset.permission_policy.users_with_any_permission(["add", "change"]).exists():
        return Screen(
            add=_url(viewset.get_url_name("add")),
            edit=None,
            preview_on_add=None,
            preview_on_edit=None,
            preview_modes=[],
            index=_url(viewset.get_url_name("index")),
            read_only=True,
        )
    return Screen(
        add=_url(viewset.get_url_name("add")),
        edit=obj and _url(viewset.get_url_name("edit"), obj.pk),
        preview_on_add=previewable and _url(viewset.get_url_name("preview_on_add")),
        preview_on_edit=(
            previewable and obj and _url(viewset.get_url_name("preview_on_edit"), obj.pk)
        ),
        preview_modes=_preview_modes(obj) if previewable else [],
        missing="" if obj else f"the demo has no {viewset.model._meta.label} to edit",
    )


def _page_screen(page_type) -> Screen:
    """A real page of this type in the source language (a translation is edited in
    wagtail-localize's editor), and a parent a new one may be added under."""
    default = Locale.get_default()
    page = page_type.objects.filter(locale=default).order_by("path").first()
    assert page is not None, f"the demo has no {page_type._meta.label} in {default}"
    parent = next(
        (
            candidate
            for candidate in Page.objects.filter(locale=default).specific().order_by("path")
            if page_type.can_create_at(candidate)
        ),
        None,
    )
    add_args = (page_type._meta.app_label, page_type._meta.model_name, parent and parent.pk)
    return Screen(
        add=parent and _url("wagtailadmin_pages:add", *add_args),
        edit=_url("wagtailadmin_pages:edit", page.pk),
        preview_on_add=parent and _url("wagtailadmin_pages:preview_on_add", *add_args),
        preview_on_edit=_url("wagtailadmin_pages:preview_on_edit", page.pk),
        preview_modes=_preview_modes(page),
    )


def _settings_screen(model) -> Screen:
    args = [model._meta.app_label, model._meta.model_name]
    if issubclass(model, BaseSiteSetting):
        args.append(Site.objects.get(is_default_site=True).pk)
    return Screen(None, _url("wagtailsettings:edit", *args), None, None, [])


SCREENS = (
    [pytest.param(_viewset_screen, viewset, id=name) for name, viewset in MODEL_VIEWSETS.items()]
    + [pytest.param(_page_screen, model, id=model._meta.label) for model in PAGE_TYPES]
    + [pytest.param(_settings_screen, model, id=model._meta.label) for model in SETTINGS_MODELS]
)


def test_discovery_finds_every_snippet_page_type_and_settings_model():
    snippets = {model._meta.label for model in get_snippet_models()}
    viewset_models = {viewset.model._meta.label for viewset in MODEL_VIEWSETS.values()}
    assert snippets and snippets <= viewset_models
    assert {"cms.HomePage", "cms.ModulePage"} <= {model._meta.label for model in PAGE_TYPES}


def _assert_saved(response, url):
    errors = form_errors(response.content) if response.status_code == 200 else []
    assert response.status_code == 302, f"{url}: {response.status_code} {errors}"


def _as_new(data: dict) -> dict:
    """The edit form's values as an add form's: inline forms become new ones, and a page
    gets a slug of its own."""
    new = {name: value for name, value in data.items() if not re.search(r"-\d+-id$", name)}
    for name in data:
        if name.endswith("-INITIAL_FORMS"):
            new[name] = ["0"]
    if "slug" in new:
        new["slug"] = [f"{new['slug'][0]}-copia"]
    return new


def _assert_previews(client, url: str, data: dict, modes: list[str]):
    state = client.post(url, data)
    assert state.status_code == 200, f"{url}: {state.status_code}"
    assert state.json() == {"is_valid": True, "is_available": True}, url
    for mode in modes or [""]:
        preview = client.get(url, {"mode": mode})
        assert preview.status_code == 200, f"{url}?mode={mode}: {preview.status_code}"
        assert preview.content.strip(), f"{url}?mode={mode} is blank"


@pytest.mark.parametrize(("screen_of", "registered"), SCREENS)
def test_every_admin_screen_opens_saves_unchanged_and_previews(admin_client, screen_of, registered):
    screen = screen_of(registered)

    if screen.read_only:  # the list opens; adding is refused, even to a superuser
        assert admin_client.get(screen.index).status_code == 200, screen.index
        assert admin_client.get(screen.add).status_code == 302, screen.add
        return
    if screen.add:
        response = admin_client.get(screen.add)
        assert response.status_code == 200, f"{screen.add}: {response.status_code}"
    if screen.missing:
        pytest.skip(screen.missing)
    assert screen.edit, "no edit screen"
    page = admin_client.get(screen.edit, follow=True)  # a settings screen picks its row
    assert page.status_code == 200, f"{screen.edit}: {page.status_code}"
    edit_url = page.redirect_chain[-1][0] if page.redirect_chain else screen.edit
    data = form_data(page.content)

    if screen.preview_on_edit:
        _assert_previews(admin_client, screen.preview_on_edit, data, screen.preview_modes)
    if screen.preview_on_add:
        _assert_previews(admin_client, screen.preview_on_add, _as_new(data), screen.preview_modes)
    _assert_saved(admin_client.post(edit_url, data), edit_url)
