"""Signing in and out: the same answer for an unknown e-mail and a wrong password, the states
of an account that may not sign in yet, and the rate limits per account and per address."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from flask_babel import force_locale, gettext

from intranet.accounts.models import AccountStatus, Role
from intranet.core.models import AuditEntry
from intranet.extensions import db
from tests.conftest import PASSWORD, Auth, Factory

#: These tests read the pages in Kazakh, the default language.
pytestmark = pytest.mark.locale("kk")


def translated(app, message: str, locale: str = "kk") -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def field_errors(response) -> list[str]:
    return re.findall(r'class="error" role="alert">([^<]*)<', text_of(response))


def test_the_sign_in_page_has_its_fields(client):
    html = client.get("/login").get_data(as_text=True)
    for name in ("email", "password", "remember"):
        assert f'name="{name}"' in html
    assert 'href="/signup"' in html


def test_an_active_member_signs_in_and_out(app, client, factory):
    user = factory.user(Role.TEACHER, email="teacher@example.kz")
    response = Auth(client).login(" Teacher@Example.KZ ")
    assert response.status_code == 302
    home = text_of(client.get("/"))
    assert translated(app, "My networks") in home
    assert user.full_name in home
    db.session.expire_all()
    assert user.last_login_at is not None
    assert db.session.scalar(
        db.select(AuditEntry.id).where(
            AuditEntry.action == "account.sign_in", AuditEntry.actor_id == user.id
        )
    )
    assert client.post("/logout").status_code == 302
    assert client.get("/account/").status_code == 302


def test_unknown_e_mail_and_wrong_password_get_the_same_answer(app, client, factory):
    user = factory.user()
    unknown = Auth(client).login("nobody@example.kz")
    wrong = Auth(client).login(user, password="not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert field_errors(unknown) == field_errors(wrong)
    assert field_errors(wrong) == [translated(app, "Wrong e-mail or password.")]


def test_a_pending_account_cannot_sign_in_and_is_told_it_waits(app, client, factory):
    user = factory.user(status=AccountStatus.PENDING)
    response = Auth(client).login(user)
    assert response.status_code == 200
    message = translated(app, "Your account is waiting for approval by your school's director.")
    assert field_errors(response) == [message]
    assert client.get("/account/").status_code == 302


def test_a_pending_account_with_a_wrong_password_learns_nothing(app, client, factory):
    user = factory.user(status=AccountStatus.PENDING)
    response = Auth(client).login(user, password="not-the-password")
    assert field_errors(response) == [translated(app, "Wrong e-mail or password.")]


def test_rejected_and_suspended_accounts_are_told_why(app, client, factory):
    rejected = factory.user(status=AccountStatus.REJECTED)
    suspended = factory.user(status=AccountStatus.SUSPENDED)
    assert field_errors(Auth(client).login(rejected)) == [
        translated(app, "Your sign-up request was not approved.")
    ]
    assert field_errors(Auth(client).login(suspended)) == [
        translated(app, "Your account is suspended. Contact your coordinator.")
    ]


def test_the_next_address_stays_on_the_site(client, factory):
    user = factory.user()
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post(
        "/login?next=/people/requests", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/people/requests"


def test_sign_in_is_limited_per_account(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_LIMIT_PER_ACCOUNT="3/minute",
        LOGIN_LIMIT_PER_ADDRESS="100/minute",
    )
    with app.app_context():
        user = Factory().user()
        client = app.test_client()
        client.set_cookie("zheli_lang", "ru")
        statuses = [
            client.post(
                "/login",
                data={"email": user.email, "password": "wrong-password"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
            ).status_code
            for n in range(1, 5)
        ]
        assert statuses == [200, 200, 200, 429]
        # Even the right password waits now; another account from the same place does not.
        blocked = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert blocked.status_code == 429
        assert translated(app, "Too many attempts", "ru") in text_of(blocked)
        assert '<html lang="ru">' in blocked.get_data(as_text=True)
        other = Factory().user()
        assert (
            client.post("/login", data={"email": other.email, "password": PASSWORD}).status_code
            == 302
        )


def test_sign_in_is_limited_per_address(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_LIMIT_PER_ACCOUNT="100/minute",
        LOGIN_LIMIT_PER_ADDRESS="3/minute",
    )
    with app.app_context():
        client = app.test_client()
        address = {"REMOTE_ADDR": "10.1.2.3"}
        statuses = [
            client.post(
                "/login",
                data={"email": f"person{n}@example.kz", "password": "wrong-password"},
                environ_base=address,
            ).status_code
            for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        elsewhere = client.post(
            "/login",
            data={"email": "person9@example.kz", "password": "wrong-password"},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
        assert elsewhere.status_code == 200
        # Opening the page is not limited.
        assert client.get("/login", environ_base=address).status_code == 200
