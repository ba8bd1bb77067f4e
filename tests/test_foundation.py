"""The app factory, security headers, error pages, budgets of the home page."""

from __future__ import annotations

import pytest

from intranet import create_app
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


def test_pages_are_gzipped_when_the_client_accepts_it(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


def test_home_page_first_visit_fits_the_budget(client):
    weight = page_weight(client, "/")
    assert weight.html_gzip <= 14 * 1024
    assert weight.first_visit_gzip <= 30 * 1024, weight


def test_html_names_the_locale(client):
    assert '<html lang="kk">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "kazakh_title"), [(404, "Бет табылмады"), (405, "Рұқсат етілмеген")]
)
def test_error_pages_are_translated(client, code, kazakh_title):
    path = "/no-such-page" if code == 404 else "/healthz"
    response = client.post(path) if code == 405 else client.get(path)
    assert response.status_code == code
    assert kazakh_title in response.get_data(as_text=True)
