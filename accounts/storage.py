"""Where private files live: certificate PDFs and evidence photos.

They are stored in the ``private`` storage (``settings.STORAGES``): a folder outside
``MEDIA_ROOT`` (``DJANGO_PRIVATE_MEDIA_ROOT``), or the ``private/`` prefix of the S3 bucket,
whose URLs are signed and short-lived. Nothing serves that folder: each file is served by a view
that checks who asks (``assessments:evidence_photo``, ``certificates:download``).
"""

from django.core.files.storage import storages


def private_storage():
    """The storage for files that only a permission-checking view may serve (callable, so a
    model field keeps naming it rather than a folder)."""
    return storages["private"]


def files_move(names, *, source, target) -> None:
    """Move the named files from one storage to another (for migrations that make a file
    field private); a file already moved or missing is left alone."""
    for name in names:
        if name and source.exists(name) and not target.exists(name):
            with source.open(name, "rb") as handle:
                target.save(name, handle)
            source.delete(name)
