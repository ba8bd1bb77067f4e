"""Static files as they go over the wire.

WhiteNoise answers ``/static/…`` before Flask sees the request, from the files found at start-up:
the brotli or gzip copy that the browser accepts (``.br`` and ``.gz`` beside each file, made at
install by ``make static``, that is ``python -m whitenoise.compress intranet/static``), with
ETag and ``Last-Modified`` for conditional requests. Every page links its CSS and JS through
``core.assets.static_url``, whose URL carries a hash of the content, so each file is cached for
a year as immutable and a new release is fetched once.
"""

from __future__ import annotations

from flask import Flask
from whitenoise import WhiteNoise

#: A year, in seconds: a versioned URL never changes its content.
YEAR = 365 * 24 * 60 * 60


def _every_file_is_versioned(_path: str, _url: str) -> bool:
    """Pages name static files only by versioned URLs (``static_url``)."""
    return True


def _add_headers(headers, _path: str, _url: str) -> None:
    """What ``core.security`` adds to Flask's answers and a script or stylesheet needs too."""
    headers["X-Content-Type-Options"] = "nosniff"


def serve_static(app: Flask) -> None:
    """Put WhiteNoise in front of the app for its static folder."""
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        max_age=YEAR,
        immutable_file_test=_every_file_is_versioned,
        add_headers_function=_add_headers,
        autorefresh=app.debug,
    )
