"""Essays (issue #4): monthly reflection cycles, writing, submission, feedback and tracking."""

# Imported for what they register: the permissions, the cyclogram generator, monitoring figures.
from . import access, cyclogram, metrics  # noqa: F401
from .views import bp

__all__ = ["bp"]
