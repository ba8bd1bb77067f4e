"""Every registered route, fed malformed values, answers without a server error.

An outside attack sent thousands of malformed requests and got 500s: ids above 2**63, 60,000
characters of search text, control characters in ``next``, impossible dates. This walks
``app.url_map`` with such values in the path (every integer argument) and in the query string
(every name a view reads: a fixed list plus whatever the first pass sees the views read), for
an anonymous visitor, a teacher and an admin; then the admin POSTs the same to every route that
takes a POST, with a valid one-time token, so forms get as far as they can. Exceptions are not
propagated (``PROPAGATE_EXCEPTIONS=False``) but recorded, and any 500 fails the test.

The app and its world (one of everything, from the route matrix) are built once; the requests
run in one loop, so the whole walk stays within a minute on SQLite.
"""

from __future__ import annotations

import re
import secrets
import time
from collections import defaultdict

import pytest
from flask import got_request_exception, has_request_context, request, url_for
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from intranet.accounts.models import Role
from intranet.core.params import MAX_SEARCH_LENGTH, IdConverter
from intranet.extensions import db
from intranet.forum.models import Thread
from tests.conftest import Auth
from tests.forum_data import category
from tests.forum_data import url as url_of
from tests.test_route_matrix import world  # noqa: F401  (the fixture: one of everything)

HUGE_IDS = (2**64, 10**20, 2**63, 0, -1)
#: Text path arguments (tokens, language codes), percent-encoded as a browser would send them.
BAD_TEXT = ("%00", "a%0d%0ab", "x" * 3000, "%D1%8F", "..%2F..%2Fetc")
#: Names the views read from the query string or a form; the first pass adds what it sees.
NAMES = (
    "page", "school", "network", "school_id", "quote", "q", "next", "month", "m", "start",
    "end", "day", "year", "stage", "grade", "region", "district", "status", "language",
    "subject", "kind", "sort", "action", "code", "school_query", "period", "number",
)  # fmt: skip
#: What the admin's pages get, every name at once, one request per value.
VALUES = (
    str(2**64),
    str(2**63),
    "-1",
    "0",
    "x",
    "a\x00b",
    "/\r\nSet-Cookie: x=1",
    "2026-13-45",
    "9999-99-99",
    "0001-01-01",
    "9999-12-31",
    "//evil.example/",
    "/я?x=ү",
)
#: For the visitor, the teacher and the POST pass: one of each kind.
FEW_VALUES = (str(10**20), "-1", "x", "a\x00b", "/\r\nSet-Cookie: x=1", "2026-13-45")
#: Sent one name at a time (too long to send all names together).
LONG_VALUES = ("я" * 3000, "x" * 60_000)
#: Left out: signing out would end the session the walk goes on with.
SKIP = {("POST", "accounts.logout")}


#: The names each endpoint was seen to read from its query string or form.
READS: dict[str, set[str]] = defaultdict(set)


class RecordingArgs(ImmutableMultiDict):
    """The query and form of a request, noting every name the view asks for."""

    def _note(self, key):
        if has_request_context():
            READS[request.endpoint].add(key)

    def get(self, key, default=None, type=None):
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self._note(key)
        return super().getlist(key, type)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


@pytest.fixture
def app(make_app):
    """Exceptions become 500 answers (counted), not test errors that stop the walk."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    app.logger.disabled = True  # the walk reports each failure itself, in one line
    app.request_class = type(
        "RecordingRequest", (app.request_class,), {"parameter_storage_class": RecordingArgs}
    )
    with app.app_context():
        yield app


class Walk:
    """Sends requests and remembers every failure with the exception behind it."""

    def __init__(self, app):
        self.app = app
        self.sent = 0
        self.failures: list[str] = []
        self._error: list[BaseException] = []
        got_request_exception.connect(self._record, app)

    def _record(self, sender, exception, **extra):
        self._error.append(exception)

    def send(self, client, role, method, url, query=None, data=None):
        self._error.clear()
        response = client.open(url, method=method, query_string=query, data=data)
        self.sent += 1
        if response.status_code >= 500 or self._error:
            cause = repr(self._error[0])[:160] if self._error else ""
            shown = {k: v[:20] for k, v in (query or {}).items()}
            self.failures.append(f"{role} {method} {url} {shown} -> {response.status_code} {cause}")
        return response


def _url(rule, values, **override):
    return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments}, **override)


def _bad_path_urls(rule, values):
    """The rule's URL with each argument in turn replaced by an impossible id (integers) or
    by junk (text)."""
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            marker, bad_values = "9876543219876", HUGE_IDS
        else:
            marker, bad_values = "zzmarkerzz", BAD_TEXT
        built = _url(rule, {**values, name: marker})
        yield from (built.replace(marker, str(bad)) for bad in bad_values)


def _form_names(html: str) -> set[str]:
    return set(re.findall(r'name="([A-Za-z_][\w-]*)"', html))


def _rules(app, method):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if rule.endpoint != "static" and method in rule.methods:
            yield rule


def test_no_route_answers_malformed_input_with_a_server_error(app, world, factory):  # noqa: F811
    started = time.perf_counter()
    walk = Walk(app)
    clients = {"anonymous": app.test_client()}
    for role in (Role.TEACHER, Role.ADMIN):
        clients[role.value] = app.test_client()
        actor = factory.user(role, school=world.actor_school)
        assert Auth(clients[role.value]).login(actor).status_code == 302
    with app.test_request_context():
        routes = {
            method: [
                (rule, _url(rule, world.values), list(_bad_path_urls(rule, world.values)))
                for rule in _rules(app, method)
                if (method, rule.endpoint) not in SKIP
            ]
            for method in ("GET", "POST")
        }

    # Every GET route, every role: all names at once with each value, then impossible ids.
    field_names: set[str] = set()
    for role, client in clients.items():
        values = VALUES if role == "admin" else FEW_VALUES
        for _rule, url, bad_urls in routes["GET"]:
            if role == "admin":
                page = walk.send(client, role, "GET", url, {name: "1" for name in NAMES})
                if page.mimetype == "text/html":
                    field_names |= _form_names(page.get_data(as_text=True))
            for value in values:
                walk.send(client, role, "GET", url, {name: value for name in NAMES})
            for bad in bad_urls:
                walk.send(client, role, "GET", bad)

    # Each name a view was seen to read, alone, with what is too long to send with the others
    # (by the visitor too: the sign-up page is theirs).
    for role in ("anonymous", "admin"):
        for rule, url, _bad_urls in routes["GET"]:
            for name in sorted(READS[rule.endpoint]):
                for value in (*LONG_VALUES, str(2**64), "\x00"):
                    walk.send(clients[role], role, "GET", url, {name: value})

    # Every POST route: every field any page showed, and every name, with each value and a
    # fresh one-time token, so that forms get as far as validation lets them.
    post_names = (field_names | set(NAMES)) - {"form_token", "csrf_token"}
    for role, client in clients.items():
        values = (*FEW_VALUES, "я" * 300, "0001-01-01") if role == "admin" else FEW_VALUES[:3]
        for _rule, url, bad_urls in routes["POST"]:
            for value in values:
                data = {name: value for name in post_names}
                data["form_token"] = secrets.token_urlsafe(24)
                walk.send(client, role, "POST", url, {"next": value}, data)
            for bad in bad_urls:
                walk.send(client, role, "POST", bad, data={"number": str(2**64)})

    elapsed = time.perf_counter() - started
    print(f"\n{walk.sent} requests in {elapsed:.1f} s, {len(walk.failures)} server errors")
    assert not walk.failures, f"{len(walk.failures)} of {walk.sent}:\n" + "\n".join(
        walk.failures[:60]
    )


# --- The rules behind the walk, one by one ------------------------------------------------------


def test_every_integer_route_argument_is_a_bounded_id(app):
    converters = [
        converter
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, IntegerConverter)
    ]
    assert converters and all(isinstance(each, IdConverter) for each in converters)
    assert {(each.min, each.max) for each in converters} == {(1, 2**63 - 1)}


@pytest.mark.parametrize("thread_id", [2**63, 2**64, 10**20, 0])
def test_an_id_beyond_the_database_range_is_not_found(login_as, thread_id):
    client = login_as(Role.TEACHER)
    assert client.get(f"/forum/t/{thread_id}").status_code == 404
    assert client.post(f"/forum/t/{thread_id}/read", data={"number": "1"}).status_code == 404


def test_integers_in_the_query_fall_back_to_their_defaults(login_as):
    client = login_as(Role.ADMIN)
    huge = str(2**64)
    assert client.get(url_of("events.list_events", network=huge, page=huge)).status_code == 200
    assert client.get(url_of("forum.search", q="сабақ", page=huge)).status_code == 200
    assert client.get(url_of("accounts.list_users", school_id=huge)).status_code == 200
    assert client.get(url_of("events.view_month", m=f"{huge}-1")).status_code == 200


def test_search_text_is_capped_and_an_absurd_query_string_refused(client):
    assert client.get(url_of("accounts.signup", q="я" * (MAX_SEARCH_LENGTH * 5))).status_code == 200
    refused = client.get(url_of("accounts.signup", q="x" * 60_000))
    assert refused.status_code == 414
    assert "Address too long" in refused.get_data(as_text=True)


def test_the_sign_up_school_search_caps_what_was_typed(client, factory):
    factory.school(name="Абай атындағы мектеп")
    response = client.post(
        url_of("accounts.signup"), data={"find_school": "1", "school_query": "Абай" * 15_000}
    )
    assert response.status_code == 200


def test_a_control_character_in_the_query_is_a_bad_request(login_as):
    client = login_as(Role.TEACHER)
    assert client.get(url_of("forum.search", q="a\x00b")).status_code == 400
    assert client.get(url_of("forum.search", q="сабақ\tжоспары")).status_code == 200


@pytest.mark.parametrize(
    "target", ["/\r\nSet-Cookie: x=1", "/\t/evil.example", "//evil.example", "/\\evil.example"]
)
def test_a_next_with_control_characters_goes_to_the_home_page(client, target):
    response = client.post(url_of("accounts.switch_language", code="ru"), data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not any(cookie.startswith("x=") for cookie in response.headers.getlist("Set-Cookie"))


def test_switching_language_by_get_changes_nothing(client):
    page = client.get("/lang/ru?next=/%0d%0aSet-Cookie:%20x=1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert not any("zheli_lang" in cookie for cookie in page.headers.getlist("Set-Cookie"))
    assert 'method="post"' in html and 'name="next" value="/"' in html
    switched = client.post("/lang/ru", data={"next": "/"})
    assert switched.status_code == 302
    assert "zheli_lang=ru" in switched.headers["Set-Cookie"]


def test_text_with_control_characters_is_refused_and_kept(login_as, factory):
    room = category("Жалпы талқылау")
    client = login_as(Role.TEACHER)
    response = client.post(
        url_of("forum.create_thread", category_id=room.id),
        data={
            "title": "Сәлем\x00әлем",
            "body": "Бірінші жол\r\n\tекінші жол",
            "form_token": secrets.token_urlsafe(24),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("This contains characters that are not allowed.") == 1
    assert "Сәлем\x00әлем" in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 0
