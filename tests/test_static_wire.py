"""Static files and a first visit as a phone meets them: compressed by the app itself (brotli or
gzip copies made by ``make static``), cached for good, and a first visit through gunicorn alone
of at most 30 KB counted on the wire."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

import brotli
import pytest

from intranet.accounts.models import Role
from intranet.core.assets import static_url
from tests.bench.load import BROWSER_ENCODINGS, Client, first_visit_weight
from tests.bench.server import gunicorn, prepare_database
from tests.conftest import PASSWORD

#: DESIGN §5: a first visit, HTML, CSS and JS together.
FIRST_VISIT_BUDGET = 30 * 1024

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda data: data}


def _stylesheet(app) -> tuple[str, bytes]:
    with app.test_request_context():
        url = static_url("css/app.css")
    return url, (Path(app.static_folder) / "css" / "app.css").read_bytes()


@pytest.mark.parametrize(
    ("accepted", "encoding"), [(BROWSER_ENCODINGS, "br"), ("gzip", "gzip"), ("identity", None)]
)
def test_static_files_go_compressed_as_the_browser_accepts(app, client, accepted, encoding):
    url, original = _stylesheet(app)
    response = client.get(url, headers={"Accept-Encoding": accepted})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding, "run `make static`"
    assert DECODE[encoding](response.data) == original
    if encoding:
        assert len(response.data) < len(original) / 3
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_static_files_are_cached_for_good_and_revalidated(app, client):
    url, _original = _stylesheet(app)
    first = client.get(url, headers={"Accept-Encoding": BROWSER_ENCODINGS})
    cache_control = first.headers["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    assert client.get("/static/css/missing.css").status_code == 404


def test_the_icon_is_a_file_and_carries_no_session(app, client):
    """Browsers ask for ``/favicon.ico`` beside the first page, with the cookie they had before
    signing in. Answered by Flask, that request would send the old session back over the new one
    and sign the person out again; a file served before Flask sets no cookie."""
    client.get("/login")
    for url in ("/favicon.ico", _icon_url(app)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype.startswith("image/")
        assert "Set-Cookie" not in response.headers
    assert "max-age=86400" in client.get("/favicon.ico").headers["Cache-Control"]


def test_a_missing_page_asked_with_an_old_cookie_leaves_the_new_sign_in_alone(client, factory):
    teacher = factory.user(Role.TEACHER)
    client.get("/login")
    before_sign_in = client.get_cookie("session").value
    client.post("/login", data={"email": teacher.email, "password": PASSWORD})
    signed_in = client.get_cookie("session").value
    assert signed_in != before_sign_in
    client.set_cookie("session", before_sign_in)
    late = client.get("/apple-touch-icon.png")
    assert late.status_code == 404
    assert "Set-Cookie" not in late.headers
    client.set_cookie("session", signed_in)
    assert client.get("/resources/new").status_code == 200


def test_every_page_names_its_icon(app, client):
    page = client.get("/login").get_data(as_text=True)
    assert f'<link rel="icon" href="{_icon_url(app)}"' in page


def _icon_url(app) -> str:
    with app.test_request_context():
        return static_url("icons/zheli.svg")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn alone, as in production without a proxy, over the demo on SQLite."""
    folder = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{folder / 'zheli.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UPLOAD_DIR", str(folder / "uploads"))
        prepare_database(url, scale=0)
        with gunicorn(url, folder / "gunicorn.log", workers=1) as port:
            yield port


@pytest.mark.parametrize("path", ["/login", "/"])
def test_a_first_visit_through_gunicorn_is_under_30_kb(app, served, path):
    client = Client("127.0.0.1", served)
    if path != "/login":
        client.sign_in("teacher@demo.zheli.kz", app.config["DEMO_PASSWORD"])
    weight = first_visit_weight(client, path)
    assert weight.assets > 0, "the page loads its CSS and JS"
    assert weight.total <= FIRST_VISIT_BUDGET, weight


def test_the_first_visit_is_counted_as_sent_not_as_it_would_compress(served):
    """A browser that accepts no compression gets, and is counted, every byte of every file."""
    plain = first_visit_weight(Client("127.0.0.1", served), "/login", encodings="identity")
    compressed = first_visit_weight(Client("127.0.0.1", served), "/login")
    assert compressed.total * 2 < plain.total


def test_gunicorn_keeps_a_connection_open_between_requests(served):
    """The production settings (gthread workers) answer many requests on one connection; the
    default sync workers close it after each."""
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    try:
        connection.request("GET", "/login")
        first = connection.getresponse()
        first.read()
        kept = connection.sock
        connection.request("GET", "/healthz")
        second = connection.getresponse()
        second.read()
        assert first.status == second.status == 200
        assert (first.getheader("Connection") or "").lower() != "close"
        assert kept is not None and connection.sock is kept
    finally:
        connection.close()
