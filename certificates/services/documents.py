"""Writes for the registry of issued evaluation documents: a version's code, a copy's hash."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from ..codes import code_generate
from ..documents.models import IssuedDocument, IssuedDocumentCopy


@transaction.atomic
def document_version_issue(
    *,
    kind: str,
    standard,
    candidate=None,
    evaluator=None,
    judgement=None,
    plan=None,
    data_sha256: str,
) -> IssuedDocument:
    """The registry's row for this version of the document (what it states: ``data_sha256``),
    created with a new code the first time it is issued, the same row afterwards."""
    subject = IssuedDocument.subject_of(kind, standard.pk, candidate and candidate.pk)
    version, _created = IssuedDocument.objects.get_or_create(
        subject=subject,
        data_sha256=data_sha256,
        defaults={
            "code": code_generate(),
            "kind": kind,
            "standard": standard,
            "candidate": candidate,
            "candidate_name": candidate.printed_name if candidate else "",
            "candidate_curp": candidate.curp if candidate else "",
            "evaluator_name": evaluator.printed_name if evaluator else "",
            "judgement": judgement,
            "plan": plan,
            "issued_at": timezone.now(),
        },
    )
    return version


def document_copy_record(*, document: IssuedDocument, language: str, content: bytes) -> None:
    """Remember the delivered PDF's SHA-256 so that an uploaded file can be checked."""
    IssuedDocumentCopy.objects.get_or_create(
        sha256=hashlib.sha256(content).hexdigest(),
        defaults={"document": document, "language": language, "delivered_at": timezone.now()},
    )
