"""Sign-ups and approvals under real concurrency: gunicorn with two workers, twenty browsers.

The server runs on a temporary SQLite file (or on ``TEST_DATABASE_URL`` when it names a
PostgreSQL database) with CSRF on, as in production. Each "browser" is urllib with its own
cookie jar: it opens the form first for its CSRF and one-time tokens, then sends it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from intranet.accounts.models import AccountStatus, Role, User
from intranet.config import PROJECT_ROOT, normalise_database_url
from intranet.extensions import db
from tests.conftest import PASSWORD, Factory

#: These tests read the pages in Kazakh, the default language.
pytestmark = pytest.mark.locale("kk")

PEOPLE = 20
REQUEST_TIMEOUT = 30
STARTUP_TIMEOUT = 30
EMAIL_DOMAIN = "concurrency.example.kz"


class _Forms(HTMLParser):
    """Every form on a page: its action and what a browser would send of its inputs (in
    order, repeated names kept; unchecked boxes and radios left out)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.radios: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action", ""), "fields": []})
        elif tag == "input" and attributes.get("name"):
            pair = (attributes["name"], attributes.get("value") or "")
            if attributes.get("type") == "radio":
                self.radios.append(pair)
            elif attributes.get("type") != "checkbox" and self.forms:
                self.forms[-1]["fields"].append(pair)


def forms_on(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def radios_on(html: str) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.radios


class Browser:
    """A client with its own cookies; answers are (status, final URL, body)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def open(self, path: str, data=None, headers: dict | None = None):
        body = urlencode(data).encode() if data is not None else None
        request = Request(self.base_url + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.url, response.read().decode()
        except HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")

    def form(self, path: str, action: str) -> list[tuple[str, str]]:
        """The fields of the form on ``path`` that posts to ``action``, as a browser sends
        them before anything is typed."""
        status, _url, html = self.open(path)
        assert status == 200, (path, status)
        for form in forms_on(html):
            if form["action"].split("?")[0] == action:
                return list(form["fields"])
        raise AssertionError(f"no form posting to {action} on {path}")


def fill(fields: list[tuple[str, str]], **typed: str) -> list[tuple[str, str]]:
    """Type ``typed`` into the form's inputs of those names (others are sent as they are)."""
    filled = [(name, typed.pop(name) if name in typed else value) for name, value in fields]
    return filled + list(typed.items())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_database(make_app, tmp_path):
    """The database the server uses, with its schema, a school and a coordinator."""
    url = os.environ.get("TEST_DATABASE_URL")
    url = normalise_database_url(url) if url else f"sqlite:///{tmp_path / 'concurrency.db'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        factory = Factory()
        school = factory.school("Мектеп-лицей №153")
        coordinator = factory.user(Role.COORDINATOR, email=f"coordinator@{EMAIL_DOMAIN}")
        factory.school("Мектеп №3")
        ids = {"school_id": school.id, "coordinator_email": coordinator.email}
        # Leave no transaction open: SQLite would keep its write lock from the server.
        db.session.rollback()
    yield app, url, ids


@pytest.fixture
def server(server_database, tmp_path):
    app, url, ids = server_database
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "concurrency-test-secret-key-long-enough-to-pass",
        "RATELIMIT_ENABLED": "false",
        "ZHELI_ENV": "development",
        "REDIS_URL": "",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60", "wsgi:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base_url, log_path)
        yield app, base_url, ids
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_up(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited:\n" + log_path.read_text(errors="replace"))
        try:
            status, _url, _body = Browser(base_url).open("/healthz")
            if status == 200:
                return
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start:\n" + log_path.read_text(errors="replace"))


def _sign_up(base_url: str, school_id: int, n: int):
    browser = Browser(base_url)
    fields = browser.form("/signup", "/signup")
    # Typing in the school picker: htmx asks for the options, the teacher ticks one.
    _status, _url, options = browser.open(
        "/signup/schools?school_query=153", headers={"HX-Request": "true"}
    )
    [school_radio] = radios_on(options)
    assert school_radio == ("school_id", str(school_id))
    password = f"steppe-river-lantern-{n}"
    typed = fill(
        fields,
        school_query="153",
        full_name=f"Мұғалім {n:02d}",
        email=f"teacher{n:02d}@{EMAIL_DOMAIN}",
        password=password,
        confirm_password=password,
        accept_rules="y",
    )
    return browser.open("/signup", [*typed, school_radio])


def _approve(browser: Browser, action: str, fields: list[tuple[str, str]]):
    headers = {"HX-Request": "true", "X-CSRFToken": dict(fields).get("csrf_token", "")}
    return browser.open(action, fields, headers)


def test_twenty_sign_ups_and_approvals_at_once(server):
    app, base_url, ids = server
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        futures = [pool.submit(_sign_up, base_url, ids["school_id"], n) for n in range(PEOPLE)]
        sign_ups = [future.result(timeout=120) for future in futures]
    assert [status for status, _url, _body in sign_ups] == [200] * PEOPLE, sign_ups
    assert all(url.endswith("/signup/sent") for _status, url, _body in sign_ups)

    coordinator = Browser(base_url)
    login = fill(
        coordinator.form("/login", "/login"), email=ids["coordinator_email"], password=PASSWORD
    )
    status, url, _body = coordinator.open("/login", login)
    assert status == 200 and not url.endswith("/login"), url
    _status, _url, queue = coordinator.open("/people/requests")
    approvals = [form for form in forms_on(queue) if form["action"].endswith("/approve")]
    assert len(approvals) == PEOPLE

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        futures = [
            pool.submit(_approve, coordinator, form["action"], form["fields"]) for form in approvals
        ]
        decisions = [future.result(timeout=120) for future in futures]
    assert [status for status, _url, _body in decisions] == [200] * PEOPLE, decisions

    with app.app_context():
        people = db.session.scalars(
            db.select(User).where(User.email.like(f"teacher%@{EMAIL_DOMAIN}"))
        ).all()
        assert len(people) == PEOPLE
        assert {user.status for user in people} == {AccountStatus.ACTIVE}
        db.session.rollback()
