"""Events (issue #7, parts 1–3): network events with RSVP and attendance, the cyclogram that
generates them, the calendar views and a private iCal feed per person."""

from . import access, metrics  # noqa: F401  (register the permissions, the monitoring figures)
from .views import bp

__all__ = ["bp"]
