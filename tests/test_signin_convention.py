"""Every route is either public on purpose or asks an anonymous visitor to sign in
(``core.signin``): a new route that forgets both fails here.

Each endpoint is opened once as a visitor without a session, with 1 for every integer in its
URL and ``x`` for every other part: by GET when it takes GET, else by POST (a GET would only
get 405). The sign-in answer is Flask-Login's, whichever way the blueprint asks for it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Blueprint, url_for
from werkzeug.routing.converters import NumberConverter

from intranet.core.signin import members_only

#: What a visitor without an account may open; each one says why.
PUBLIC = {
    "static",
    "core.healthz",  # load balancers and monitoring
    "home.home",  # the landing page with the sign-in link
    "accounts.login",
    "accounts.signup",
    "accounts.signup_sent",
    "accounts.search_schools",  # the sign-up form's school picker
    "accounts.reset_password",  # the one-time link is the key
    "accounts.switch_language",
    "events.ical_feed",  # calendar apps have no session: the key is in the URL
    "resources.verify_certificate",  # anyone may check a certificate
}


def _url(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)


def _requests(app) -> list[tuple[str, str, str]]:
    """``(endpoint, method, url)`` of every route that is not public."""
    requests = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        args = {
            name: 1 if isinstance(converter, NumberConverter) else "x"
            for name, converter in rule._converters.items()
        }
        requests.append((rule.endpoint, method, _url(app, rule.endpoint, _method=method, **args)))
    return sorted(requests)


def test_the_public_list_names_real_endpoints(app):
    assert PUBLIC - {rule.endpoint for rule in app.url_map.iter_rules()} == set()


def test_every_other_route_sends_a_visitor_to_sign_in(app, client):
    login = _url(app, "accounts.login")
    strays = []
    for endpoint, method, url in _requests(app):
        response = client.open(url, method=method)
        location = urlsplit(response.headers.get("Location", ""))
        if (
            response.status_code != 302
            or location.path != login
            or "next" not in parse_qs(location.query)
        ):
            strays.append((endpoint, method, response.status_code))
    assert strays == []


def test_htmx_is_asked_to_navigate_to_the_sign_in_page(app, client):
    login = _url(app, "accounts.login")
    strays = []
    for endpoint, method, url in _requests(app):
        response = client.open(url, method=method, headers={"HX-Request": "true"})
        target = urlsplit(response.headers.get("HX-Redirect", ""))
        if response.status_code != 204 or target.path != login:
            strays.append((endpoint, method, response.status_code))
    assert strays == []


def test_public_routes_answer_a_visitor_without_asking_to_sign_in(app, client):
    login = _url(app, "accounts.login")
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in PUBLIC or "GET" not in rule.methods:
            continue
        args = {name: "x" for name in rule.arguments}
        response = client.get(_url(app, rule.endpoint, **args))
        assert urlsplit(response.headers.get("Location", "")).path != login, rule.endpoint


def test_a_head_request_is_asked_to_sign_in_too(app, client):
    response = client.head(_url(app, "forum.index"))
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == _url(app, "accounts.login")


def test_members_only_refuses_a_public_name_of_another_blueprint():
    with pytest.raises(ValueError, match=r"events\.ical_feed"):
        members_only(Blueprint("forum_copy", __name__), public={"events.ical_feed"})
