"""Monitoring (issue #7 part 4): read-only figures per network and per school over a period."""

from . import access  # noqa: F401  (registers its permissions into can())
from .views import bp

__all__ = ["bp"]
