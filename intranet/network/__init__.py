"""The network map: regions, districts, schools, universities, networks, working groups."""

from .views import bp

__all__ = ["bp"]
