from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets.exchange import ExportItemsBulkAction
from .viewsets.quiz import QuestionBankGroup

register_snippet(QuestionBankGroup)
hooks.register("register_bulk_action", ExportItemsBulkAction)
