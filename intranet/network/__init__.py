"""The network map: regions, districts, schools, universities, networks, working groups."""

from . import place_views, school_views  # noqa: F401  (register their routes on the blueprint)
from .views import bp

__all__ = ["bp"]
