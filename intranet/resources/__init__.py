"""The resource library (issue #5): uploads that moderators review, and a searchable library."""

from . import metrics  # noqa: F401  (registers the monitoring figures)
from .views import bp

__all__ = ["bp"]
