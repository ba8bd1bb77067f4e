"""The browser-test harness: Debian's Chromium through pytest-playwright, a live server, phones.

- Every test under ``tests/e2e`` is marked ``e2e`` (``pytest -m "not e2e"`` skips the browser).
- ``live_server``: the app on the suite's test database (same ``make_app`` as everywhere, so the
  tables are emptied after each test), with CSRF on, served by werkzeug in a thread.
- ``phone`` (360×740, touch, 2× pixels) and ``desktop`` (1280×800): a page whose relative URLs
  go to the live server: ``phone.goto("/login")``. ``open_page(**context_args)`` makes others
  (``open_page(PHONE, java_script_enabled=False)``).
- ``seed``: the ``Factory`` of ``tests/conftest.py`` on the live server's database.
- When a test fails, every page it opened is saved under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, url_for
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from werkzeug.serving import make_server

from intranet.config import DEFAULT_LOCALE
from intranet.extensions import db
from tests import clock
from tests.conftest import Factory, test_locale
from tests.e2e.helpers import SCREENSHOT_DIR, screenshot

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: A small Android phone, the narrowest screen the design budgets for in practice.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

#: How long a single Playwright action or expectation may wait, in milliseconds.
TIMEOUT_MS = 10_000

_E2E_DIR = Path(__file__).resolve().parent
_PAGES = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if _E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            # A person meets Zheli in Kazakh, the default language.
            item.add_marker(pytest.mark.locale(DEFAULT_LOCALE))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure, photograph every page the test opened (before the fixtures close them)."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        for number, page in enumerate(item.stash.get(_PAGES, []), start=1):
            try:
                path = screenshot(page, f"FAILED-{item.name}-{number}")
            except PlaywrightError:
                continue
            report.sections.append(("screenshot", f"{page.url} → {path}"))
    return report


# --- Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args) -> dict:
    """Debian's Chromium (no browser downloads here), headless unless ``--headed``."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url() -> None:
    """Each test's pages get the live server's URL; this replaces pytest-playwright's fallback
    fixture, an instance method that pytest 9 reports as deprecated (an error here)."""
    return None


# --- The live server --------------------------------------------------------------------------


@dataclass
class LiveServer:
    app: Flask
    url: str

    def url_for(self, endpoint: str, **values) -> str:
        """An absolute URL on the live server: ``live_server.url_for("accounts.login")``."""
        with self.app.test_request_context():
            return self.url + url_for(endpoint, **values)

    def path_for(self, endpoint: str, **values) -> str:
        """A path for ``page.goto`` (pages opened by the fixtures resolve it on the server)."""
        with self.app.test_request_context():
            return url_for(endpoint, **values)


@pytest.fixture
def live_server(make_app) -> Iterator[LiveServer]:
    """The app served on a free port of 127.0.0.1, with real forms (CSRF on)."""
    app = make_app(WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        # No pooled connection of the server may hold a lock while the tables are emptied.
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _forget_old_failures() -> None:
    """Screenshots of failures from an earlier run would mislead: remove them once."""
    for old in SCREENSHOT_DIR.glob("FAILED-*.png"):
        old.unlink(missing_ok=True)


@pytest.fixture
def open_page(_forget_old_failures, live_server, new_context, request) -> Callable[..., Page]:
    """``open_page(PHONE, java_script_enabled=False)``: a page in a fresh browser context.

    Relative URLs go to the live server. The server starts first, so the browser contexts
    close (and drop their keep-alive connections) before it stops.
    """

    def open_(device: dict | None = None, **context_args) -> Page:
        context = new_context(base_url=live_server.url, **{**(device or {}), **context_args})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        if clock.SHIFTED:  # the phone's clock shows the suite's day, as the server's does
            context.clock.install(time=clock.timestamp())
        page = context.new_page()
        request.node.stash.setdefault(_PAGES, []).append(page)
        return page

    return open_


@pytest.fixture
def phone(open_page) -> Page:
    return open_page(PHONE)


@pytest.fixture
def desktop(open_page) -> Page:
    return open_page(DESKTOP)


# --- Data -------------------------------------------------------------------------------------


class Seed(Factory):
    """The test factory, writing to the live server's database from the test's thread.

    Objects keep their loaded attributes after each commit, so reading ``user.email`` later
    starts no transaction; on SQLite an open transaction here would hold the write lock and
    make the server wait.
    """

    def reload(self, model, ident):
        """A fresh copy of a row, as the server left it; the read transaction ends at once."""
        obj = db.session.get(model, ident, populate_existing=True)
        db.session.commit()
        return obj

    def find(self, model, **where):
        """The row matching ``where`` (or None), fresh: ``find(User, email=...)``."""
        statement = db.select(model).filter_by(**where).execution_options(populate_existing=True)
        obj = db.session.scalar(statement)
        db.session.commit()
        return obj


@pytest.fixture
def seed(live_server, request) -> Iterator[Seed]:
    """People it creates read Zheli in the test's language (Kazakh unless marked otherwise)."""
    with live_server.app.app_context():
        db.session().expire_on_commit = False
        yield Seed(locale=test_locale(request))
        db.session.remove()
