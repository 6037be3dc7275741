"""App configurations a background worker (``PUENTE_WORKER=1``) uses in place of the web's.

``wagtail.images`` stays in a worker: assessments point at images, and deleting or saving an
image must behave as on the site. Wagtail's own ``ready()`` also registers the image chooser,
comparison and display classes of the admin, and the images' routes and schemas of its v3 API,
which import django-ninja and pydantic (about 13 MiB of a worker's memory, issue 21). A worker
serves neither the admin nor the API, so ``WorkerImagesConfig`` makes only the registrations
that saving and deleting images rely on; ``tests/cms/test_worker_apps.py`` compares them with
Wagtail's ``ready()``, so a Wagtail upgrade that adds one fails there until it is looked at.
"""

from wagtail.images.apps import WagtailImagesAppConfig


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
