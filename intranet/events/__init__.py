"""Events (issue #7, parts 1–3): network events with RSVP and attendance, the cyclogram that
generates them, the calendar views and a private iCal feed per person."""

from . import metrics  # noqa: F401  (registers the monitoring figures)
from .views import bp

__all__ = ["bp"]
