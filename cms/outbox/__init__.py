"""The task outbox: background work recorded in the transaction of its cause (issue 14).

``cms.task_queue.RetryingRQBackend`` writes one ``OutboxTask`` row per task enqueued, in the
caller's transaction, and hands it to RQ after the commit; the row goes when the task has
succeeded. The workers relay what is still there (``cms.task_queue.outbox_relay``). An app of
its own because workers leave the ``cms`` app out (``cms.settings.base``) but need this table.
"""
