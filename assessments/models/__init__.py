"""Assessment models, one module per sub-domain; explicit re-exports only."""

from .judgement import Judgement

__all__ = ["Judgement"]
