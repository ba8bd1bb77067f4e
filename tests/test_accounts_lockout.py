"""Wrong passwords cannot lock the owner out: only failed sign-ins count; the strict limit is per
account *and* address, so an attacker's address is refused (a translated 429) while the owner
signs in from anywhere else at once; a browser the owner signed in on before passes even when
the account's own limit is used up by many addresses."""

from __future__ import annotations

import html as html_lib
from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale, gettext

from intranet.core.models import AuditEntry
from intranet.extensions import db
from tests import clock
from tests.conftest import PASSWORD, Factory

pytestmark = pytest.mark.locale("kk")

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}
ATTACKER = {"REMOTE_ADDR": "203.0.113.7"}
OWNER_ELSEWHERE = {"REMOTE_ADDR": "198.51.100.20"}


@pytest.fixture(autouse=True)
def _still_clock():
    """The limits count per minute: hold the clock at the start of a minute, so that no window
    turns over in the middle of a test."""
    start = clock.START.replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        yield


def _sign_in(client, email, password=PASSWORD, address=None):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base=address or {}
    )


def _sign_ins(user) -> int:
    db.session.expire_all()
    return AuditEntry.query.filter_by(action="account.sign_in", target_id=user.id).count()


def test_an_attacker_at_one_address_does_not_lock_the_owner_out(make_app):
    app = make_app(**LIMITED)
    with app.app_context():
        owner = Factory().user()
        attacker = app.test_client()
        attacker.set_cookie("zheli_lang", "ru")
        statuses = [
            _sign_in(attacker, owner.email, "wrong-password", ATTACKER).status_code
            for _ in range(100)
        ]
        assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
        refused = _sign_in(attacker, owner.email, "wrong-password", ATTACKER)
        with app.test_request_context(), force_locale("ru"):
            title = gettext("Too many attempts")
        assert refused.status_code == 429
        assert title in html_lib.unescape(refused.get_data(as_text=True))
        assert '<html lang="ru">' in refused.get_data(as_text=True)

        # The owner, at once, from another address: in.
        response = _sign_in(app.test_client(), owner.email, address=OWNER_ELSEWHERE)
        assert response.status_code == 302 and _sign_ins(owner) == 1
        # Refused attempts counted for nothing: the owner can still fail a few times and retry.
        typo = app.test_client()
        for _ in range(3):
            assert _sign_in(typo, owner.email, "typo-password", OWNER_ELSEWHERE).status_code == 200
        assert _sign_in(typo, owner.email, address=OWNER_ELSEWHERE).status_code == 302


def test_a_remembered_device_signs_in_while_the_account_is_under_attack(make_app):
    app = make_app(**LIMITED, LOGIN_LIMIT_PER_ACCOUNT="10/minute;50/hour")
    with app.app_context():
        factory = Factory()
        owner = factory.user()
        other = factory.user()
        phone = app.test_client()
        assert _sign_in(phone, owner.email, address=OWNER_ELSEWHERE).status_code == 302
        assert phone.get_cookie("zheli_device") is not None
        phone.post("/logout")
        borrowed = app.test_client()  # remembered, but for another account
        assert _sign_in(borrowed, other.email).status_code == 302
        borrowed.post("/logout")

        # Ten addresses, one wrong password each: the account's own limit is used up.
        attackers = app.test_client()
        statuses = [
            _sign_in(
                attackers, owner.email, "wrong-password", {"REMOTE_ADDR": f"203.0.113.{n}"}
            ).status_code
            for n in range(1, 12)
        ]
        assert statuses == [200] * 10 + [429]
        # A new browser waits, even with the right password, and so does another account's.
        new_browser = {"REMOTE_ADDR": "192.0.2.1"}
        assert _sign_in(app.test_client(), owner.email, address=new_browser).status_code == 429
        assert _sign_in(borrowed, owner.email, address=new_browser).status_code == 429
        # The owner's phone signs in at once, wherever it is.
        anywhere = {"REMOTE_ADDR": "192.0.2.77"}
        assert _sign_in(phone, owner.email, address=anywhere).status_code == 302
        assert _sign_ins(owner) == 2


def test_successful_sign_ins_use_up_no_limit(make_app):
    app = make_app(**LIMITED)
    with app.app_context():
        user = Factory().user()
        client = app.test_client()
        for _ in range(12):
            assert _sign_in(client, user.email).status_code == 302
            client.post("/logout")
        assert _sign_ins(user) == 12
