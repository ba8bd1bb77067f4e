"""The network map: regions, districts, schools, universities, networks, working groups."""

# Imported for what they register: the permissions, the routes of places and schools.
from . import access, place_views, school_views  # noqa: F401
from .views import bp

__all__ = ["bp"]
