"""Instructors upload images and documents and change only their own (issue 16, item 3);
administrators change and delete any. Driven through Wagtail's admin screens."""

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _image(owner) -> Image:
    return Image.objects.create(title="Llave", file=get_test_image_file(), uploaded_by_user=owner)


def _document(owner) -> Document:
    return Document.objects.create(
        title="Hoja", file=ContentFile(b"%PDF-1.4\n", name="hoja.pdf"), uploaded_by_user=owner
    )


MEDIA = [
    (_image, "wagtailimages:edit", "wagtailimages:delete"),
    (_document, "wagtaildocs:edit", "wagtaildocs:delete"),
]


@pytest.mark.parametrize(("build", "edit", "delete"), MEDIA)
def test_an_instructor_cannot_replace_or_delete_someone_elses_file(client, build, edit, delete):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    item = build(administrator)
    client.force_login(UserFactory(roles=[Role.INSTRUCTOR]))

    assert client.get(reverse(edit, args=[item.pk])).status_code in (302, 403)
    client.post(reverse(edit, args=[item.pk]), {"title": "Cambiada"})
    client.post(reverse(delete, args=[item.pk]))

    item.refresh_from_db()
    assert item.title != "Cambiada"


@pytest.mark.parametrize(("build", "edit", "delete"), MEDIA)
def test_an_instructor_changes_and_deletes_their_own_file(client, build, edit, delete):
    instructor = UserFactory(roles=[Role.INSTRUCTOR])
    item = build(instructor)
    client.force_login(instructor)

    assert client.get(reverse(edit, args=[item.pk])).status_code == 200
    client.post(reverse(delete, args=[item.pk]))

    assert not type(item).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(("build", "edit", "delete"), MEDIA)
def test_an_administrator_deletes_anyones_file(client, build, edit, delete):
    item = build(UserFactory(roles=[Role.INSTRUCTOR]))
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))

    assert client.get(reverse(edit, args=[item.pk])).status_code == 200
    client.post(reverse(delete, args=[item.pk]))

    assert not type(item).objects.filter(pk=item.pk).exists()
