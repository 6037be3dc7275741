"""A worker's ``wagtail.images`` (``cms.worker_apps``): what images need, neither the admin's
registrations nor Wagtail's v3 API, so a worker never imports django-ninja and pydantic; nor
the admin's panels and views, nor the HEIF decoder."""

# ruff: noqa: F811 (fixtures imported from other modules are parameters)
import ast
import inspect
import subprocess
import sys
import textwrap

from django.conf import settings as django_settings

from wagtail.images.apps import WagtailImagesAppConfig

import pytest

from cms import worker as cms_worker
from cms.worker_apps import WorkerImagesConfig
from tests.certificates.conftest import media_root  # noqa: F401
from tests.certificates.test_rq import (  # noqa: F401
    ROOT,
    memory_database,
    redis_db,
    smtp,
    worker_database_url,
    worker_environment,
)
from tests.cms.test_settings import PRODUCTION, manage

API_MODULES = ("ninja", "pydantic", "wagtail.api.v3")
# What only the admin's editing forms and image uploads use (issue 21): Wagtail's panels and
# admin views, which bring BeautifulSoup and django-filter (the models' panels are
# placeholders, ``competencies.panels``; the upload forms live apart from their admin view,
# ``accounts.upload_forms``), and the HEIF decoder (``cms.worker_apps``).
ADMIN_AND_UPLOAD_MODULES = (
    "wagtail.admin.panels",
    "wagtail.admin.views",
    "bs4",
    "django_filters",
    "pillow_heif",
)

# Run as ``make worker`` runs it (cms.worker.COMMAND, here in burst mode: it prepares, relays
# the outbox, finds the queue empty and exits); at exit, which of these it had imported.
REPORTING_WORKER = textwrap.dedent(
    f"""
    import atexit, runpy, sys
    watched = {(*API_MODULES, *ADMIN_AND_UPLOAD_MODULES, "weasyprint")!r}
    imported = lambda: [m for m in watched if sys.modules.get(m) is not None]
    atexit.register(lambda: print("IMPORTED", *imported()))
    sys.argv = {[*cms_worker.COMMAND, "--burst"]!r}
    runpy.run_path("manage.py", run_name="__main__")
    """
)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_started_as_make_worker_imports_neither_the_api_nor_the_admins_forms(
    redis_db, worker_database_url, media_root, smtp
):
    environment = worker_environment(
        redis_url=redis_db.url, database_url=worker_database_url, media_root=media_root, smtp=smtp
    )
    worker = subprocess.run(
        [sys.executable, "-c", REPORTING_WORKER],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert worker.returncode == 0, worker.stderr[-3000:]
    assert "*** Listening on default" in worker.stderr  # it did start as a worker
    # What the worker prepares is seen (the certificate renderer); the API's modules, the
    # admin's panels and views and the HEIF decoder are not.
    assert worker.stdout.splitlines()[-1] == "IMPORTED weasyprint"


REGISTRATIONS = """
from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models.reference_index import ReferenceIndex
from wagtail.permissions import policy_registry

image = get_image_model()
rendition = image.get_rendition_model()
for signal, name in ((post_save, "post_save"), (post_delete, "post_delete")):
    for model in (image, rendition):
        receivers = signal._live_receivers(model)[0]
        print(name, model.__name__, *sorted(f"{r.__module__}.{r.__qualname__}" for r in receivers))
print("indexed", ReferenceIndex.is_indexed(image))
print("policy", type(policy_registry.get_by_type(image)).__name__)
print("config", type(apps.get_app_config("wagtailimages")).__name__)
"""


def registrations(output: str) -> list[str]:
    """The lines ``REGISTRATIONS`` printed (not the shell's banner), without the receivers of
    apps a worker leaves out (wagtail.search's, which live in ``modelsearch``)."""
    kinds = ("post_save ", "post_delete ", "indexed ", "policy ", "config ")
    web_only = (*(f"{app}." for app in django_settings.WEB_ONLY_APPS), "modelsearch.")
    return [
        " ".join(word for word in line.split() if not word.startswith(web_only))
        for line in output.splitlines()
        if line.startswith(kinds)
    ]


def test_images_behave_in_a_worker_as_on_the_site():
    """Saving or deleting an image (files, renditions, references, permissions) is wired the
    same in a worker as in a web process."""
    site = manage("shell", "-c", REGISTRATIONS, **PRODUCTION)
    worker = manage("shell", "-c", REGISTRATIONS, PUENTE_WORKER="1", **PRODUCTION)

    assert site.returncode == 0, site.stderr
    assert worker.returncode == 0, worker.stderr
    site_lines, worker_lines = registrations(site.stdout), registrations(worker.stdout)
    assert "wagtail.images.signal_handlers.post_delete_file_cleanup" in site_lines[2].split()
    assert "indexed True" in site_lines
    assert site_lines[-1] == "config WagtailImagesAppConfig"
    assert worker_lines[-1] == "config WorkerImagesConfig"
    assert worker_lines[:-1] == site_lines[:-1]


def called_names(method) -> set[str]:
    """The functions and methods ``method`` calls, by name."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    return {
        node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


# What Wagtail's ready() does that a worker leaves out: the admin's chooser widget, revision
# comparison and display classes, and the v3 API's schemas and routes.
ADMIN_AND_API = {
    "register_form_field_override",
    "register_comparison_class",
    "register_display_class",
    "register_content_types",
    "add_router",
}


def test_the_worker_makes_every_registration_of_wagtails_images_app_but_the_admin_and_api():
    """A Wagtail upgrade that adds a registration to the images app fails here, so that it is
    added to the worker's configuration or, if it serves only the admin or the API, listed."""
    wagtails = called_names(WagtailImagesAppConfig.ready)
    workers = called_names(WorkerImagesConfig.ready)

    assert wagtails >= ADMIN_AND_API
    assert wagtails - ADMIN_AND_API == workers
