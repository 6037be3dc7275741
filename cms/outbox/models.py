from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    """A task that must run at least once: written with its cause, deleted once it succeeded.

    ``dispatched_at`` is when it was last handed to the queue (Redis); ``failed_at`` when its
    last retry failed, after which only an administrator's retry sends it again.
    """

    id = models.CharField(_("id"), max_length=64, primary_key=True)  # the queue's job id
    task_path = models.CharField(_("task"), max_length=255)
    queue_name = models.CharField(_("queue"), max_length=64, default="default")
    priority = models.SmallIntegerField(_("priority"), default=0)
    args_kwargs = models.JSONField(_("arguments"), default=dict)
    run_after = models.DateTimeField(_("run after"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("handed to the queue at"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failed runs"), default=0)
    failed_at = models.DateTimeField(_("failed for good at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox task")
        verbose_name_plural = _("outbox tasks")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.id})"
