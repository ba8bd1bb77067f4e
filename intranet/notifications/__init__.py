"""In-app notifications: a shared service (like ``core``) that features call to tell people
about what concerns them; the list page and the header's unread count live here too."""

from .views import bp

__all__ = ["bp"]
