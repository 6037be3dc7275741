"""The administrators' screen of background work: the outbox's tasks that failed for good or
still wait after a while, with a retry button each (or all at once), and the work the
reconciliation finds missing (certificates without their PDF, unfinished bulk runs), with a
button that runs the reconciliation now.

A thin view over ``cms.task_queue`` (the outbox) and ``certificates.services`` (what is
missing in the database). It reads the database only, so it answers while Redis is down; a
retry then says the queue cannot be reached (the tasks stay recorded).
"""

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from accounts.roles import Role, user_has_role
from certificates.services import background_reconcile, background_work_missing

from . import task_queue

logger = logging.getLogger("puente.tasks")


def background_work_permitted(user) -> bool:
    return user.is_active and (user.is_superuser or user_has_role(user, Role.ADMINISTRATOR))


class BackgroundWorkView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cms/background_work.html"
    page_title = gettext_lazy("Background work")
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not background_work_permitted(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            problems=task_queue.outbox_problems(),
            stuck_minutes=int(task_queue.STUCK_AFTER.total_seconds() // 60),
            missing=background_work_missing(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        try:
            if action == "retry":
                retried = task_queue.outbox_retry(task_id=request.POST.get("task", ""))
                self._said_retried(retried)
            elif action == "retry-all":
                self._said_retried(task_queue.outbox_retry())
            elif action == "reconcile":
                done = background_reconcile(after=datetime.timedelta(0))
                messages.success(
                    request,
                    _(
                        "Enqueued again: %(renders)s PDF(s), %(revoked)s revoked copy(ies), "
                        "%(bulk)s bulk run(s)."
                    )
                    % {
                        "renders": done.renders,
                        "revoked": done.revoked_renders,
                        "bulk": done.bulk_runs,
                    },
                )
        except task_queue.OUTAGE as error:
            logger.warning("Background work screen: queue unreachable (%s)", error)
            messages.error(
                request,
                _(
                    "The queue cannot be reached: the tasks stay recorded and the workers send "
                    "them when it is back."
                ),
            )
        return redirect("cms_background_work")

    def _said_retried(self, count: int) -> None:
        if count:
            messages.success(
                self.request, _("Back in the queue: %(count)s task(s).") % {"count": count}
            )
        else:
            messages.warning(
                self.request, _("That task is no longer among the failed or waiting ones.")
            )
