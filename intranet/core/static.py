"""Static files as they go over the wire.

WhiteNoise answers ``/static/…`` before Flask sees the request, from the files found at start-up:
the brotli or gzip copy that the browser accepts (``.br`` and ``.gz`` beside each file, made at
install by ``make static``, that is ``python -m whitenoise.compress intranet/static``), with
ETag and ``Last-Modified`` for conditional requests. Every page links its CSS and JS through
``core.assets.static_url``, whose URL carries a hash of the content, so each file is cached for
a year as immutable and a new release is fetched once.

The few files a browser asks for at a fixed address (``/favicon.ico``) live in
``intranet/static_root`` and are served from the site's root the same way, cached for a day. Were
they left to Flask, each would cost a page's work, and a 404 page answered to a request sent
before signing in would carry the old session cookie back over the new one.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

#: A year, in seconds: a versioned URL never changes its content.
YEAR = 365 * 24 * 60 * 60
#: A day, in seconds: how long a browser keeps a file whose address carries no version.
DAY = 24 * 60 * 60

#: Files served at the site's root, such as ``/favicon.ico``.
ROOT_FILES = Path(__file__).resolve().parent.parent / "static_root"


def _add_headers(headers, _path: str, _url: str) -> None:
    """What ``core.security`` adds to Flask's answers and a script or stylesheet needs too."""
    headers["X-Content-Type-Options"] = "nosniff"


def serve_static(app: Flask) -> None:
    """Put WhiteNoise in front of the app for its static folder."""
    static_prefix = app.static_url_path.rstrip("/") + "/"

    def is_versioned(_path: str, url: str) -> bool:
        """Pages name the static folder's files only by versioned URLs (``static_url``)."""
        return url.startswith(static_prefix)

    def add_headers(headers, path: str, url: str) -> None:
        _add_headers(headers, path, url)
        if not is_versioned(path, url):
            headers["Cache-Control"] = f"public, max-age={DAY}"

    server = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        max_age=YEAR,
        immutable_file_test=is_versioned,
        add_headers_function=add_headers,
        autorefresh=app.debug,
    )
    server.add_files(str(ROOT_FILES), prefix="/")
    app.wsgi_app = server
