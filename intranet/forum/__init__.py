"""The forum (issue #3): categories, threads, numbered replies, unread marks, moderation."""

from . import access  # noqa: F401  (registers its permissions into can())
from .views import bp

__all__ = ["bp"]
