"""Essays (issue #4): monthly reflection cycles, writing, submission, feedback and tracking."""

from . import cyclogram, metrics  # noqa: F401  (the cyclogram generator, monitoring figures)
from .views import bp

__all__ = ["bp"]
