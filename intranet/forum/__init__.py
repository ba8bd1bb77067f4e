"""The forum (issue #3): categories, threads, numbered replies, unread marks, moderation."""

from . import access, metrics  # noqa: F401  (register its permissions and monitoring figures)
from .views import bp

__all__ = ["bp"]
