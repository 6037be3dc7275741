from wagtail.snippets.models import register_snippet

from .viewsets.quiz import QuestionBankGroup

register_snippet(QuestionBankGroup)
