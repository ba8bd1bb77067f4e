"""The one place that decides between a full page and an htmx fragment.

htmx sends ``HX-Request`` for boosted links and history restores too, and those need the whole
page. A fragment is rendered only for a real htmx request. Every response says
``Vary: HX-Request`` so that caches keep the two apart.
"""

from __future__ import annotations

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    """True for an htmx request that swaps part of a page."""
    hx = getattr(request, "htmx", None)
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def render_page_or_fragment(page: str, fragment: str, **context) -> str:
    """Render ``fragment`` alone for htmx, else ``page`` (which includes the same fragment)."""
    return render_template(fragment if wants_fragment() else page, **context)


def hx_redirect(url: str) -> Response:
    """Ask htmx to load ``url`` as a full page (used when a session has expired)."""
    response = make_response("", 204)
    response.headers["HX-Redirect"] = url
    return response


def add_vary_header(response: Response) -> Response:
    response.vary.add("HX-Request")
    return response
