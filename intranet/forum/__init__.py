"""The forum (issue #3): categories, threads, numbered replies, unread marks, moderation."""

from . import metrics  # noqa: F401  (registers the monitoring figures)
from .views import bp

__all__ = ["bp"]
