"""The bilingual demo: each step is idempotent and belongs to the app that owns the data."""
