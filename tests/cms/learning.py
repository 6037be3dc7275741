"""Builds a small bilingual catalog → course → modules tree for tests (no demo data)."""

from wagtail.models import Locale, Page

from cms.models import CatalogPage, CoursePage, ModulePage
from tests.factories.courses import CourseFactory


def publish_translation(page, **fields):
    translation = page.copy_for_translation(Locale.objects.get(language_code="en"))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return Page.objects.get(pk=translation.pk).specific


def build_learning_tree(home_pages, *, body=None, modules=2, course=None):
    course = course or CourseFactory()
    # Every install has its catalog in both languages (migration cms 0006_site_skeleton).
    catalog = CatalogPage.objects.child_of(home_pages["es"]).get()
    catalog_en = catalog.get_translation(Locale.objects.get(language_code="en")).specific
    course_page = catalog.add_child(
        instance=CoursePage(title="Curso de prueba", slug="curso", course=course)
    )
    course_page.save_revision().publish()
    course_en = publish_translation(course_page, title="Test course", slug="course")
    pages, pages_en = [], []
    for n in range(modules):
        page = course_page.add_child(
            instance=ModulePage(
                title=f"Módulo {n + 1}",
                slug=f"modulo-{n + 1}",
                body=body
                or [
                    {"type": "heading", "value": {"text": "Encabezado", "level": "h2"}},
                    {"type": "reflection", "value": {"prompt": "¿Qué aprendiste?"}},
                ],
            )
        )
        page.save_revision().publish()
        pages.append(page)
        pages_en.append(publish_translation(page, title=f"Module {n + 1}", slug=f"module-{n + 1}"))
    course.refresh_from_db()
    return {
        "course": course,
        "catalog": {"es": catalog, "en": catalog_en},
        "course_page": {"es": course_page, "en": course_en},
        "modules": {"es": pages, "en": pages_en},
    }
