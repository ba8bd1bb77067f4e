"""The resource library (issue #5): uploads that moderators review, and a searchable library."""

from . import access, metrics  # noqa: F401  (register the permissions, the monitoring figures)
from .views import bp

__all__ = ["bp"]
