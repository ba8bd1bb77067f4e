"""Accounts: people, roles, sign-up and approval, sign-in, profiles, the authorisation policy."""

from . import views_audit, views_people, views_profile, views_signup  # noqa: F401  (routes)
from .views import bp

__all__ = ["bp"]
