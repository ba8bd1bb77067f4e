"""Fixtures every test uses: an app on a real database, clients, and factories for people
and places (indico-style callables, not a star-imported pile).

The database is SQLite by default; ``TEST_DATABASE_URL=postgresql://...`` runs the same suite on
PostgreSQL. The schema is created once per session and every table is emptied after each test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

import pytest
import time_machine
from flask import g
from sqlalchemy import text

from intranet import create_app
from intranet.accounts.models import AccountStatus, Role, User
from intranet.config import normalise_database_url
from intranet.extensions import db
from intranet.network.models import District, Region, School
from tests import clock
from tests.measure import count_queries
from tests.redis_server import private_redis

PASSWORD = "correct-horse-battery"
_sequence = count(1)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """Every test starts at ``clock.START``, the clock ticking on from there (tests/clock.py)."""
    with time_machine.travel(clock.START, tick=True):
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'zheli-test.db'}"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A Redis of this run's own, on a free port (``tests/redis_server.py``)."""
    with private_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def upload_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("uploads"))


@pytest.fixture(scope="session")
def base_config(database_url, upload_dir) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-to-pass",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": upload_dir,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def _schema(base_config) -> Iterator[None]:
    """Create every table once for the session, on a database emptied first."""
    app = create_app(base_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def empty_all_tables() -> None:
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in tables)
        db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f'DELETE FROM "{name}"'))
    db.session.commit()


def _forget_previous_request() -> None:
    for name in list(g):
        g.pop(name)


def test_locale(request) -> str:
    """The language a test reads pages in: English, or ``@pytest.mark.locale("kk")``."""
    marker = request.node.get_closest_marker("locale")
    return marker.args[0] if marker else "en"


@pytest.fixture
def make_app(base_config, _schema, request) -> Iterator[Callable[..., object]]:
    """Build an app with overrides: ``make_app(WTF_CSRF_ENABLED=True)``."""
    apps = []
    locale = test_locale(request)

    def build(**overrides):
        app = create_app({**base_config, "BABEL_DEFAULT_LOCALE": locale, **overrides})
        # Test requests reuse the fixture's app context, and with it ``g``, where Flask-Login
        # caches the signed-in user and Flask-Babel the locale: start each request with an
        # empty ``g``, as in production, or one client would act as another.
        app.before_request_funcs.setdefault(None, []).insert(0, _forget_previous_request)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
    if apps:
        with apps[0].app_context():
            empty_all_tables()
            db.session.remove()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


# --- Factories ---------------------------------------------------------------------------------


@dataclass
class Factory:
    """Create rows with sensible defaults; every call returns a flushed, committed object."""

    locale: str = "en"
    created: list = field(default_factory=list)

    def region(self, name: str | None = None) -> Region:
        region = Region(name=name or f"Region {next(_sequence)}")
        return self._save(region)

    def district(self, region: Region | None = None, name: str | None = None) -> District:
        district = District(
            region=region or self.region(), name=name or f"District {next(_sequence)}"
        )
        return self._save(district)

    def school(self, name: str | None = None, district: District | None = None, **fields) -> School:
        number = fields.pop("number", str(next(_sequence)))
        name = name or f"School №{number}"
        school = School(
            name=name,
            number=number,
            district=district or self.district(),
            search_key=f"{number} {name}".lower(),
            **fields,
        )
        return self._save(school)

    def user(
        self,
        role: Role = Role.TEACHER,
        *,
        school: School | None = None,
        status: AccountStatus = AccountStatus.ACTIVE,
        email: str | None = None,
        password: str = PASSWORD,
        locale: str | None = None,
        full_name: str | None = None,
    ) -> User:
        n = next(_sequence)
        user = User(
            email=email or f"{role.value}{n}@example.kz",
            full_name=full_name or f"{role.value.title()} {n}",
            school=school if school is not None else self.school(),
            role=role,
            status=status,
            locale=locale or self.locale,
        )
        user.set_password(password)
        return self._save(user)

    def _save(self, obj):
        db.session.add(obj)
        db.session.commit()
        self.created.append(obj)
        return obj


@pytest.fixture
def factory(app, request) -> Factory:
    return Factory(locale=test_locale(request))


# --- Signing in --------------------------------------------------------------------------------


class Auth:
    """Sign a test client in and out through the real sign-in form."""

    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password: str = PASSWORD, **extra):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def login_as(app, factory) -> Callable[..., object]:
    """``client = login_as(Role.COORDINATOR)``: a fresh client signed in as a new user."""

    def sign_in(role_or_user=Role.TEACHER, **user_fields):
        user = (
            role_or_user
            if isinstance(role_or_user, User)
            else factory.user(role_or_user, **user_fields)
        )
        client = app.test_client()
        response = Auth(client).login(user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        client.user = user
        return client

    return sign_in


# --- Measuring ---------------------------------------------------------------------------------


@pytest.fixture
def query_counter():
    """``with query_counter() as log: client.get(url)`` then ``log.count``."""
    return count_queries
