"""The forum (issue #3): categories, threads, numbered replies, unread marks, moderation."""

from .views import bp

__all__ = ["bp"]
