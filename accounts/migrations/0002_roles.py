"""Create Puente's four roles with the permissions each needs, and no more.

Trainees and evaluators work in the public site and hold no admin permission. Instructors
write and translate pages (publishing is a reviewer's job) and upload media. Administrators
publish, manage users and everything instructors can do. Wagtail's default Editors and
Moderators groups are removed: Puente's roles replace them. Later apps grant their own model
permissions in their own migrations with ``accounts.roles.grant``.
"""

from django.db import migrations

from accounts.roles import grant

INSTRUCTOR_PAGE = ["add_page", "change_page"]
ADMIN_PAGE = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
INSTRUCTOR_MEDIA = {"wagtailimages": ["add_image", "change_image", "choose_image"],
                    "wagtaildocs": ["add_document", "change_document", "choose_document"]}
ADMIN_MEDIA = {"wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
               "wagtaildocs": ["add_document", "change_document", "choose_document", "delete_document"]}


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    grant(apps, "Trainees", [])
    grant(apps, "Evaluators", [])
    grant(apps, "Instructors", ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"])
    grant(
        apps,
        "Administrators",
        [
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.delete_user",
            "accounts.view_user",
        ],
    )

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    for name, page_codenames, media in [
        ("Instructors", INSTRUCTOR_PAGE, INSTRUCTOR_MEDIA),
        ("Administrators", ADMIN_PAGE, ADMIN_MEDIA),
    ]:
        group = Group.objects.get(name=name)
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        for app_label, codenames in media.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Trainees", "Instructors", "Evaluators", "Administrators"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
