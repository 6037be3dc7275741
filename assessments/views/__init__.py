"""Views of assessments, one module per sub-domain."""
