"""The site's skeleton on a new install: a home page and a course catalog in both languages.

Wagtail's own migrations leave a placeholder "Welcome to your new Wagtail site!" page as the
site root; an operator starting from an empty install would have to replace it, point the
site at a new home page and translate it before adding a single course. As Wagtail's project
template does, this replaces the placeholder: a Spanish home page (the source) with its
English translation (same ``translation_key``), each with a course catalog under it, all
live. Nothing happens on a database that already has a home page (an existing site).
The texts are frozen here; editors change them in the admin.
"""

import uuid

from django.db import migrations
from django.utils import timezone

PAGES = {
    "home": {
        "es": {
            "title": "Puente",
            "slug": "inicio",
            "intro": "Capacitación y certificación de competencias laborales, en español e "
            "inglés, para la industria automotriz y de semiconductores de México y Estados "
            "Unidos.",
        },
        "en": {
            "title": "Puente",
            "slug": "home",
            "intro": "Bilingual competency training and certification for the automotive and "
            "semiconductor industries of Mexico and the United States.",
        },
    },
    "catalog": {
        "es": {
            "title": "Catálogo de cursos",
            "slug": "cursos",
            "intro": "Cursos bilingües para la industria automotriz y de semiconductores.",
        },
        "en": {
            "title": "Course catalog",
            "slug": "courses",
            "intro": "Bilingual courses for the automotive and semiconductor industries.",
        },
    },
}
LANGUAGES = ("es", "en")  # frozen: the languages Puente had when this migration was written


def create_skeleton(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")
    CatalogPage = apps.get_model("cms", "CatalogPage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    placeholder_type = ContentType.objects.get_for_model(Page)
    placeholder = Page.objects.filter(depth=2, content_type=placeholder_type)
    if Page.objects.filter(depth=2).exclude(pk__in=placeholder.values("pk")).exists():
        return  # someone built another tree: leave it alone
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = (site.hostname, site.port) if site else ("localhost", 80)
    placeholder.delete()  # its Site goes with it (cascade); a new one is made below

    home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    catalog_type, _ = ContentType.objects.get_or_create(app_label="cms", model="catalogpage")
    now = timezone.now()
    home_key, catalog_key = uuid.uuid4(), uuid.uuid4()
    homes = {}
    for position, language in enumerate(LANGUAGES, start=1):
        locale = Locale.objects.get(language_code=language)
        home_text, catalog_text = PAGES["home"][language], PAGES["catalog"][language]
        home_path = root.path + f"{position:04d}"
        live = {"live": True, "first_published_at": now, "last_published_at": now}
        homes[language] = HomePage.objects.create(
            **home_text,
            draft_title=home_text["title"],
            content_type=home_type,
            path=home_path,
            depth=2,
            numchild=1,
            url_path=f"/{home_text['slug']}/",
            locale=locale,
            translation_key=home_key,
            **live,
        )
        CatalogPage.objects.create(
            **catalog_text,
            draft_title=catalog_text["title"],
            content_type=catalog_type,
            path=home_path + "0001",
            depth=3,
            numchild=0,
            url_path=f"/{home_text['slug']}/{catalog_text['slug']}/",
            locale=locale,
            translation_key=catalog_key,
            **live,
        )
    Page.objects.filter(pk=root.pk).update(numchild=len(LANGUAGES))
    Site.objects.create(
        hostname=hostname,
        port=port,
        root_page_id=homes[LANGUAGES[0]].pk,
        is_default_site=True,
        site_name="Puente",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_module_quiz_block"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_skeleton, migrations.RunPython.noop)]
