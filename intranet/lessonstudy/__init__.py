"""Lesson Study logs (issue #6): a team's research cycle from focus to report."""

# Imported for what they register: the permissions, the monitoring figures, the library's
# co-authors.
from . import access, authorship, metrics  # noqa: F401
from .views import bp

__all__ = ["bp"]
