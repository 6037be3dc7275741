"""What every Puente page shares."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction


class ViewRestrictionsInOneQuery:
    """Finds the view restrictions of a page and its ancestors in one query.

    Wagtail loads the ancestors first to resolve aliases, then queries the restrictions: two
    queries on every page served. The ancestors' paths are prefixes of the page's own path,
    and an alias shares the restrictions of the page it copies (``alias_of`` always names
    the original), so one query answers the same question.
    """

    def get_view_restrictions(self):
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()


class ContentVersion(models.Model):
    """One row: the version of what the site's cached fragments show (``cms.fragments``).
    Its token is replaced in the transaction of every change to that content, so a fragment
    cached under it is never read once the change is committed."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("content version")

    def __str__(self) -> str:
        return self.token
