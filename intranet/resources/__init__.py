"""The resource library (issue #5): uploads that moderators review, and a searchable library."""

from .views import bp

__all__ = ["bp"]
