"""Shared mechanisms (htmx, forms, audit, i18n, Markdown) and the site-wide pages."""

from .views import bp

__all__ = ["bp"]
