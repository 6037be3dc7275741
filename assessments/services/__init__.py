"""Writes for assessments, one module per sub-domain; explicit re-exports only."""

__all__: list[str] = []
