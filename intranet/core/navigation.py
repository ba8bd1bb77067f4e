"""Where to send a visitor next: only ever to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next_url(candidate: str | None, fallback_endpoint: str = "home.home") -> str:
    """``candidate`` if it is a local path (no scheme, no host, no ``//``), else the fallback."""
    if candidate:
        parts = urlsplit(candidate)
        if (
            not parts.scheme
            and not parts.netloc
            and candidate.startswith("/")
            and not candidate.startswith("//")
            and "\\" not in candidate
        ):
            return candidate
    return url_for(fallback_endpoint)


def current_path() -> str:
    """The path and query of this request, for a ``next`` field."""
    return request.full_path.rstrip("?") if request.query_string else request.path
