"""Every Wagtail admin form choosing a criterion, an element or a standard (an item's criteria,
a quiz's draw, a crosswalk entry, a criterion's element, an issuance rule) lists its choices in
one query, not up to three more per option for the label's standard code and the text's
fallback language (issue 21: a quiz's edit screen ran 1,527 queries).

Registered from ``CompetenciesConfig.ready``: some viewsets build their form class when
their URLs are registered, which can be before this app's ``wagtail_hooks`` is imported."""

from django.db.models import ForeignKey

from wagtail.admin.forms.models import register_form_field_override

from .models import Criterion, Element, Standard
from .selectors import criterion_choices, element_choices, standard_choices


def register() -> None:
    for model, choices in (
        (Criterion, criterion_choices),
        (Element, element_choices),
        (Standard, standard_choices),
    ):
        register_form_field_override(ForeignKey, to=model, override={"queryset": choices()})
