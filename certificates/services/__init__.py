"""Writes for certificates, one module per sub-domain, re-exported here for every caller.

- ``issue``: issue, renew, revoke, re-issue one certificate; store its PDFs; reminders.
- ``judgements``: what a recorded judgement means for the certificate; the approval queue.
- ``bulk``: a cohort's certificates in background chunks.
- ``reconcile``: the periodic pass that enqueues again what lost tasks left undone.
"""

from .bulk import bulk_issuance_issue, bulk_issuance_run, bulk_issuance_start
from .issue import (
    RENEWAL_WINDOW_DAYS,
    CertificateError,
    certificate_grant,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_send_expiry_reminders,
    certificate_store_pdf,
    certificate_store_revoked_pdf,
    certificates_store_pdfs,
    is_renewable,
)
from .judgements import (
    certificate_issue_for_judgement,
    issuance_request_approve,
    issuance_request_decline,
)
from .reconcile import background_reconcile, background_work_missing, bulk_issuance_resume

__all__ = [
    "RENEWAL_WINDOW_DAYS",
    "CertificateError",
    "background_reconcile",
    "background_work_missing",
    "bulk_issuance_issue",
    "bulk_issuance_resume",
    "bulk_issuance_run",
    "bulk_issuance_start",
    "certificate_grant",
    "certificate_issue",
    "certificate_issue_for_judgement",
    "certificate_reissue",
    "certificate_revoke",
    "certificate_send_expiry_reminders",
    "certificate_store_pdf",
    "certificate_store_revoked_pdf",
    "certificates_store_pdfs",
    "is_renewable",
    "issuance_request_approve",
    "issuance_request_decline",
]
