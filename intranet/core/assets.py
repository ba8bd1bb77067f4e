"""Static files under versioned URLs, so browsers may cache them for a year.

``static_url('css/app.css')`` adds a short hash of the file's content to the URL; a new release
changes the hash, and phones on slow links download each file once per version.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, has_request_context, request, url_for


@cache
def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """The file's versioned URL, worked out once per application and prefix (every page asks
    for the same few)."""
    known = current_app.extensions.setdefault("static_urls", {})
    key = (request.script_root if has_request_context() else "", filename)
    if key not in known:
        path = Path(current_app.static_folder) / filename
        known[key] = url_for("static", filename=filename, v=_content_hash(path))
    return known[key]
