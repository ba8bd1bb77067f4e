"""The home page: the sign-in form for visitors, a dashboard for members."""

from .views import bp

__all__ = ["bp"]
