"""Wagtail admin viewsets for assessments, one module per sub-domain."""
