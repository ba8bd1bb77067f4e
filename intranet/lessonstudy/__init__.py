"""Lesson Study logs (issue #6): a team's research cycle from focus to report."""

from . import metrics  # noqa: F401  (registers the monitoring figures)
from .views import bp

__all__ = ["bp"]
