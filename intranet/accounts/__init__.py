"""Accounts: people, roles, sign-up and approval, sign-in, profiles, the authorisation policy."""

from .views import bp

__all__ = ["bp"]
