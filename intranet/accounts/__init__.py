"""Accounts: people, roles, sign-up and approval, sign-in, profiles, the authorisation policy."""

from . import audit_views, people_views, profile_views, signup_views  # noqa: F401  (routes)
from .views import bp

__all__ = ["bp"]
