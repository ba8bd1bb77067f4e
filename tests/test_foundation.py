"""The app factory, security headers, error pages, budgets of the home page."""

from __future__ import annotations

import pytest

from intranet import create_app
from intranet.config import load_settings
from tests.measure import page_weight


def test_production_refuses_the_development_secret(base_config):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**base_config, "PRODUCTION": True, "SECRET_KEY": "short"})


def test_health_check_reaches_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_every_response_has_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "HX-Request" in response.headers["Vary"]


def test_production_tells_browsers_to_use_https_only(make_app, monkeypatch):
    assert "Strict-Transport-Security" not in make_app().test_client().get("/").headers
    monkeypatch.setenv("ZHELI_ENV", "production")
    response = make_app().test_client().get("/")
    policy = response.headers["Strict-Transport-Security"]
    assert int(policy.split("max-age=")[1].split(";")[0]) >= 365 * 24 * 60 * 60
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_are_gzipped_when_the_client_accepts_it(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_home_page_first_visit_fits_the_budget(client):
    weight = page_weight(client, "/")
    assert weight.html_gzip <= 14 * 1024
    assert weight.first_visit_gzip <= 30 * 1024, weight


@pytest.fixture
def kazakh_client(base_config, make_app):
    """A visitor of an app with the production default language (from ``load_settings``)."""
    return make_app(BABEL_DEFAULT_LOCALE=load_settings()["BABEL_DEFAULT_LOCALE"]).test_client()


def test_kazakh_is_the_default_language(kazakh_client):
    page = kazakh_client.get("/").get_data(as_text=True)
    assert '<html lang="kk">' in page
    assert "Кіру" in page


def test_html_names_the_chosen_locale(kazakh_client):
    kazakh_client.post("/lang/ru", data={"next": "/"})
    assert '<html lang="ru">' in kazakh_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "kazakh_title"), [(404, "Бет табылмады"), (405, "Рұқсат етілмейді")]
)
def test_error_pages_are_translated(kazakh_client, code, kazakh_title):
    path = "/no-such-page" if code == 404 else "/healthz"
    response = kazakh_client.post(path) if code == 405 else kazakh_client.get(path)
    assert response.status_code == code
    assert kazakh_title in response.get_data(as_text=True)
