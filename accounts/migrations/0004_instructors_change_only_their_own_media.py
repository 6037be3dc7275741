"""Instructors change and delete only the images and documents they uploaded.

Wagtail's images and documents follow an ownership policy: "add" lets a user upload and edit
or delete what they uploaded; "change" lets them edit, replace or delete anyone's file (the
policy treats delete as change). Migration 0002 gave instructors "change", so any of them could
replace an administrator's image on a live page without review. They keep "add" and "choose";
administrators keep everything.
"""

from django.db import migrations

MEDIA = [("wagtailimages", "change_image"), ("wagtaildocs", "change_document")]


def _permissions(apps):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    return GroupCollectionPermission.objects.filter(
        group__name="Instructors",
        collection__depth=1,
    )


def instructors_keep_their_own(apps, schema_editor):
    for app_label, codename in MEDIA:
        _permissions(apps).filter(
            permission__content_type__app_label=app_label, permission__codename=codename
        ).delete()


def instructors_change_all(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    group = Group.objects.filter(name="Instructors").first()
    if group is None:
        return
    for app_label, codename in MEDIA:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.objects.get(depth=1),
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_preferred_language_from_settings")]

    operations = [migrations.RunPython(instructors_keep_their_own, instructors_change_all)]
