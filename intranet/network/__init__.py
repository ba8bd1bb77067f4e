"""The network map: regions, districts, schools, universities, networks, working groups."""

# Imported for what they register: the permissions, the routes of places, schools and groups.
from . import access, group_views, place_views, school_views  # noqa: F401
from .views import bp

__all__ = ["bp"]
