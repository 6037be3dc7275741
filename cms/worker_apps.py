"""App configurations a background worker (``PUENTE_WORKER=1``) uses in place of the web's.

``wagtail.images`` stays in a worker: assessments point at images, and deleting or saving an
image must behave as on the site. Wagtail's own ``ready()`` also registers the image chooser,
comparison and display classes of the admin, and the images' routes and schemas of its v3 API,
which import django-ninja and pydantic (about 13 MiB of a worker's memory, issue 21). A worker
serves neither the admin nor the API, so ``WorkerImagesConfig`` makes only the registrations
that saving and deleting images rely on; ``tests/cms/test_worker_apps.py`` compares them with
Wagtail's ``ready()``, so a Wagtail upgrade that adds one fails there until it is looked at.
"""

import sys

# Willow, which Wagtail's images app loads, registers HEIF and AVIF decoding when
# ``pillow_heif`` can be imported: libheif and its codecs, about 5 MiB of a worker's memory
# (issue 21). A worker never decodes an image: it renders certificates (whose only picture is
# their QR code, made by segno), sends e-mails and deletes files; uploads are read by the web
# processes, which keep HEIF. Marking the module absent before Willow is first imported is
# Python's own way of leaving an optional import out (``sys.modules``, "The module cache");
# ``setdefault`` leaves a process that already loaded it, such as the tests', as it is.
sys.modules.setdefault("pillow_heif", None)

from wagtail.images.apps import WagtailImagesAppConfig  # noqa: E402 (after the line above)


class WorkerImagesConfig(WagtailImagesAppConfig):
    """``wagtail.images`` without the admin's widgets and the v3 API (same name and label)."""

    def ready(self):
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        image = get_image_model()
        register_permission_policy(image, get_permission_policy())
        register_signal_handlers()  # its files and renditions go with a deleted image
        ReferenceIndex.register_model(image)
