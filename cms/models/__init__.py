"""Page models of the Puente site.

Dependency direction inside the package: ``home`` → ``learning`` (the home page shows
featured courses) → ``base`` (what every page shares). Explicit re-exports only.
"""

from .base import ContentVersion
from .home import HomePage
from .learning import CatalogPage, CoursePage, ModulePage

__all__ = ["CatalogPage", "ContentVersion", "CoursePage", "HomePage", "ModulePage"]
