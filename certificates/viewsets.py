"""Issuance rules in the Wagtail admin (Settings): per standard, issue at once or on approval."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.model import ModelViewSet

from competencies.selectors import standard_choices
from competencies.translation import columns

from .models import IssuanceRule


class IssuanceRuleViewSet(ModelViewSet):
    model = IssuanceRule
    icon = "tasks"
    menu_label = _("Certificate issuance rules")
    add_to_settings_menu = True
    list_display = ["standard", "mode"]
    list_filter = ["mode"]
    search_fields = ["standard__code", *columns("standard__title")]
    form_fields = ["standard", "mode"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "standard":  # each label reads its framework: in the one query
            kwargs["queryset"] = standard_choices()
        return super().formfield_for_dbfield(db_field, **kwargs)
