"""Directions of the directors' league (issue #7 part 5): practices owned by a school and the
schools that adopted them, against the league's target."""

from . import access  # noqa: F401  (registers its permissions into can())
from .views import bp

__all__ = ["bp"]
