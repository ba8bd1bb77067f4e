"""Lesson Study logs (issue #6): a team's research cycle from focus to report."""

from .views import bp

__all__ = ["bp"]
