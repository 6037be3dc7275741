"""Reads for assessments, one module per sub-domain; explicit re-exports only."""

from .judgement import judgement_current

__all__ = ["judgement_current"]
