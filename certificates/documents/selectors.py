"""Reads for the registry of issued evaluation documents: a code's document, whether it is
still the current version, an uploaded PDF's document."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.selectors.judgement import judgement_current
from assessments.selectors.plan import plan_current
from assessments.selectors.portfolio import portfolio_of

from ..codes import normalize_code
from .cedula import cedula_document
from .iec import iec_document
from .models import IssuedDocument, IssuedDocumentCopy
from .plan import plan_document
from .portfolio import portfolio_document
from .registration import registration_document
from .render import Document, document_fingerprint


def document_by_code(raw_code: str) -> IssuedDocument | None:
    code = normalize_code(raw_code)
    if code is None:
        return None
    return (
        IssuedDocument.objects.select_related("standard__framework", "candidate")
        .filter(code=code)
        .first()
    )


def document_by_sha256(digest: str) -> IssuedDocument | None:
    """The document one of whose delivered PDFs has this SHA-256."""
    if not digest:
        return None
    copy = (
        IssuedDocumentCopy.objects.select_related("document__standard")
        .filter(sha256=digest)
        .first()
    )
    return copy.document if copy else None


def _document_now(issued: IssuedDocument) -> Document | None:
    """The document its subject has now: the plan in force, the latest judgement's cédula,
    the portfolio and diagnosis as the records stand, the standard's instrument."""
    Kind = IssuedDocument.Kind
    standard, candidate = issued.standard, issued.candidate
    if issued.kind == Kind.IEC:
        return iec_document(standard)
    if candidate is None:  # the account is gone
        return None
    if issued.kind == Kind.PLAN:
        plan = plan_current(candidate=candidate, standard=standard)
        return plan_document(plan) if plan else None
    if issued.kind == Kind.CEDULA:
        judgement = judgement_current(candidate=candidate, standard=standard)
        return cedula_document(judgement) if judgement else None
    if issued.kind == Kind.PORTFOLIO:
        return portfolio_document(portfolio_of(candidate=candidate, standard=standard))
    return registration_document(candidate, standard)


@dataclass(frozen=True)
class DocumentStanding:
    """``is_current``: the document issued now would state exactly what this one states.
    ``newer``: the latest version issued after it, if any."""

    is_current: bool
    newer: IssuedDocument | None


def document_standing(issued: IssuedDocument) -> DocumentStanding:
    now = _document_now(issued)
    is_current = now is not None and document_fingerprint(now) == issued.data_sha256
    newer = (
        IssuedDocument.objects.filter(subject=issued.subject, issued_at__gt=issued.issued_at)
        .order_by("-issued_at", "-pk")
        .first()
    )
    return DocumentStanding(is_current=is_current, newer=None if is_current else newer)
