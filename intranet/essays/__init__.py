"""Essays (issue #4): monthly reflection cycles, writing, submission, feedback and tracking."""

from .views import bp

__all__ = ["bp"]
