"""Demo site tree: a Spanish home page (the source) and its English translation."""

from django.db import transaction

from wagtail.models import Locale, Page, Site

from cms.models import HomePage

HOME = {
    "es": {
        "title": "Puente",
        "slug": "inicio",
        "intro": "Capacitación y certificación de competencias laborales, en español e inglés, "
        "para la industria automotriz y de semiconductores de México y Estados Unidos.",
        "body": "<p>Estudia módulos que combinan procedimientos técnicos con habilidades "
        "socioemocionales, demuestra tu competencia frente a estándares mexicanos y "
        "estadounidenses y obtén un certificado que cualquier empleador puede verificar.</p>",
    },
    "en": {
        "title": "Puente",
        "slug": "home",
        "intro": "Bilingual competency training and certification for the automotive and "
        "semiconductor industries of Mexico and the United States.",
        "body": "<p>Study modules that join technical procedures with soft skills, show your "
        "competence against Mexican and US standards, and earn a certificate any employer "
        "can verify.</p>",
    },
}


@transaction.atomic
def seed_site() -> dict[str, HomePage]:
    spanish = Locale.objects.get(language_code="es")
    english = Locale.objects.get(language_code="en")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=spanish).first()
    if home is None:
        home = root.add_child(instance=HomePage(locale=spanish, **HOME["es"]))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.root_page_id != home.pk:
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Puente")
        site.root_page = home
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page is no longer reachable.
        Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()

    home_en = home.get_translation_or_none(english)
    if home_en is None:
        home_en = home.copy_for_translation(english)
        for field, value in HOME["en"].items():
            setattr(home_en, field, value)
        home_en.save_revision().publish()
    return {"es": home.specific, "en": home_en.specific}
