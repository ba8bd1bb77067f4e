"""Sessions end on the server: after signing out, a password change or reset, a suspension, a
role change or "sign out everywhere", a copied session cookie or remember-me cookie opens
nothing. The profile lists the signed-in devices. A password reset link stops working once a
newer one is issued, another one is used, or the password changes."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest

from intranet.accounts.models import DeviceSession, PasswordResetLink, Role, User
from intranet.accounts.sessions import TOUCH_EVERY, describe_user_agent
from intranet.core.forms import new_form_token
from intranet.extensions import db
from tests import clock
from tests.conftest import PASSWORD, Auth

NEW_PASSWORD = "winter-apple-orchard"
REMEMBER = "remember_token"
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"
)


def once(prefix: str = "", **data) -> dict[str, str]:
    fields = {"form_token": new_form_token(), **data}
    return {f"{prefix}-{name}" if prefix else name: value for name, value in fields.items()}


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def signed_in_client(app, user: User, *, user_agent: str = "", remember: bool = True):
    client = app.test_client()
    if user_agent:
        client.environ_base["HTTP_USER_AGENT"] = user_agent
    response = Auth(client).login(user, **({"remember": "y"} if remember else {}))
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def cookies_of(client) -> dict[str, str]:
    """The session and remember-me cookies, as someone who copied them would keep them."""
    kept = {"session": client.get_cookie("session").value}
    if client.get_cookie(REMEMBER) is not None:
        kept[REMEMBER] = client.get_cookie(REMEMBER).value
    return kept


def replay(app, cookies: dict[str, str], *only: str):
    """A new browser holding the copied cookies (or only some of them)."""
    client = app.test_client()
    for name, value in cookies.items():
        if not only or name in only:
            client.set_cookie(name, value)
    return client


def opens_profile(client) -> bool:
    response = client.get("/account/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def assert_copies_refused(app, cookies: dict[str, str]) -> None:
    assert not opens_profile(replay(app, cookies, "session"))
    assert not opens_profile(replay(app, cookies, REMEMBER))
    assert not opens_profile(replay(app, cookies))


def device_count(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(DeviceSession)
        .where(DeviceSession.user_id == user.id)
    )


# --- Cookies stop working ----------------------------------------------------------------------


def test_copied_cookies_work_until_sign_out_and_never_after(app, factory):
    user = factory.user()
    client = signed_in_client(app, user)
    cookies = cookies_of(client)
    assert REMEMBER in cookies
    # A copy works while the session lasts: each cookie on its own names the session.
    assert opens_profile(replay(app, cookies, "session"))
    assert opens_profile(replay(app, cookies, REMEMBER))

    assert client.post("/logout").status_code == 302

    assert not opens_profile(client)
    assert_copies_refused(app, cookies)
    assert device_count(user) == 0


def test_signing_out_ends_only_this_device(app, factory):
    user = factory.user()
    phone = signed_in_client(app, user)
    laptop = signed_in_client(app, user)
    phone.post("/logout")
    assert not opens_profile(phone)
    assert opens_profile(laptop)


def test_a_password_change_ends_every_earlier_session_and_keeps_this_device_in(app, factory):
    user = factory.user()
    here = signed_in_client(app, user)
    elsewhere = signed_in_client(app, user)
    old_here, old_elsewhere = cookies_of(here), cookies_of(elsewhere)
    response = here.post(
        "/account/password",
        data=once(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD
        ),
    )
    assert response.status_code == 302
    assert opens_profile(here)
    assert cookies_of(here) != old_here
    assert_copies_refused(app, old_here)
    assert_copies_refused(app, old_elsewhere)
    assert not opens_profile(elsewhere)
    assert device_count(user) == 1


def test_a_suspension_ends_every_session_and_reinstating_revives_none(app, factory, login_as):
    teacher = factory.user()
    phone = signed_in_client(app, teacher)
    cookies = cookies_of(phone)
    coordinator = login_as(Role.COORDINATOR)
    suspended = coordinator.post(f"/people/{teacher.id}/suspend", data=once("status", reason=""))
    assert suspended.status_code == 302
    assert_copies_refused(app, cookies)
    assert device_count(teacher) == 0

    reinstated = coordinator.post(f"/people/{teacher.id}/reinstate", data=once("status", reason=""))
    assert reinstated.status_code == 302
    assert_copies_refused(app, cookies)
    assert not opens_profile(phone)


def test_a_role_change_ends_every_session(app, factory, login_as):
    teacher = factory.user()
    phone = signed_in_client(app, teacher)
    laptop = signed_in_client(app, teacher, remember=False)
    cookies = cookies_of(phone)
    coordinator = login_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/people/{teacher.id}/role", data=once(role="moderator", reason="")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, teacher.id).role == Role.MODERATOR
    assert_copies_refused(app, cookies)
    assert not opens_profile(laptop)
    assert opens_profile(coordinator)  # the one who changed it stays in


def test_sign_out_everywhere_from_another_device(app, factory):
    user = factory.user()
    phone = signed_in_client(app, user)
    cookies = cookies_of(phone)
    laptop = signed_in_client(app, user)
    response = laptop.post("/account/devices/sign-out-everywhere", data=once())
    assert response.status_code == 302
    assert_copies_refused(app, cookies)
    assert not opens_profile(phone)
    assert not opens_profile(laptop)
    assert device_count(user) == 0


def test_a_session_unused_longer_than_a_remembered_one_lasts_ends(app, factory):
    user = factory.user()
    phone = signed_in_client(app, user)
    idle = timedelta(seconds=app.config["REMEMBER_COOKIE_DURATION"]) + timedelta(hours=1)
    db.session.execute(db.update(DeviceSession).values(last_used_at=clock.now() - idle))
    db.session.commit()
    assert not opens_profile(phone)


# --- The devices on one's profile ------------------------------------------------------------


def _sign_out_actions(html: str) -> list[str]:
    return re.findall(r'action="(/account/devices/\d+/sign-out)"', html)


def test_the_profile_lists_the_devices_and_marks_this_one(app, factory):
    user = factory.user()
    phone = signed_in_client(app, user, user_agent=CHROME_ON_ANDROID)
    signed_in_client(app, user, user_agent=FIREFOX_ON_WINDOWS)
    laptop = db.session.scalar(
        db.select(DeviceSession).where(DeviceSession.user_agent.contains("Firefox"))
    )
    laptop.last_used_at = clock.now() - timedelta(hours=3)
    db.session.commit()

    page = phone.get("/account/")
    html = text_of(page)
    assert "Chrome on Android" in html and "Firefox on Windows" in html
    assert html.count("This device") == 1
    assert html.index("Chrome on Android") < html.index("This device") < html.index("Firefox")
    assert "Last used 3 hours ago" in html
    assert len(_sign_out_actions(html)) == 2
    assert 'action="/account/devices/sign-out-everywhere"' in html
    assert 'name="csrf_token"' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique"


def test_signing_out_one_device_from_the_profile(app, factory):
    user = factory.user()
    phone = signed_in_client(app, user, user_agent=CHROME_ON_ANDROID)
    laptop = signed_in_client(app, user, user_agent=FIREFOX_ON_WINDOWS)
    laptop_cookies = cookies_of(laptop)
    laptop_id = db.session.scalar(
        db.select(DeviceSession.id).where(DeviceSession.user_agent == FIREFOX_ON_WINDOWS)
    )
    response = phone.post(f"/account/devices/{laptop_id}/sign-out", data=once())
    assert response.status_code == 302 and response.headers["Location"] == "/account/"
    assert "That device is signed out." in text_of(phone.get("/account/"))
    assert_copies_refused(app, laptop_cookies)
    assert opens_profile(phone)
    assert len(_sign_out_actions(text_of(phone.get("/account/")))) == 1

    # Signing out this very device from the list is signing out.
    [own] = _sign_out_actions(text_of(phone.get("/account/")))
    response = phone.post(own, data=once())
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not opens_profile(phone)
    assert device_count(user) == 0


def test_nobody_signs_out_someone_elses_device(app, factory):
    owner, other = factory.user(), factory.user()
    owner_phone = signed_in_client(app, owner)
    intruder = signed_in_client(app, other)
    owner_device = db.session.scalar(
        db.select(DeviceSession.id).where(DeviceSession.user_id == owner.id)
    )
    assert (
        intruder.post(f"/account/devices/{owner_device}/sign-out", data=once()).status_code == 302
    )
    assert opens_profile(owner_phone) and opens_profile(intruder)


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (CHROME_ON_ANDROID, "Chrome on Android"),
        (FIREFOX_ON_WINDOWS, "Firefox on Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
            "Yandex Browser on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
            "Edge on macOS",
        ),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_a_user_agent_in_a_few_plain_words(app, user_agent, words):
    with app.test_request_context():
        assert describe_user_agent(user_agent) == words


# --- What a signed-in request costs ----------------------------------------------------------


def test_one_query_finds_the_person_and_their_device_and_a_page_view_writes_rarely(
    app, factory, query_counter
):
    user = factory.user()
    phone = signed_in_client(app, user)
    phone.get("/")
    with query_counter() as log:
        assert phone.get("/").status_code == 200
    touching = [s for s in log.statements if "device_session" in s]
    assert len(touching) == 1, touching
    # The person's row comes in the same statement (any dialect's quoting of "user").
    assert touching[0].lstrip().upper().startswith("SELECT") and "password_hash" in touching[0]

    # Last use is written once it is older than TOUCH_EVERY, not on every page.
    earlier = clock.now() - TOUCH_EVERY - timedelta(minutes=1)
    db.session.execute(db.update(DeviceSession).values(last_used_at=earlier))
    db.session.commit()
    with query_counter() as log:
        assert phone.get("/").status_code == 200
    assert [s for s in log.statements if s.lstrip().upper().startswith("UPDATE")]
    db.session.rollback()  # end the request's read, which began before the note was written
    assert db.session.scalar(db.select(DeviceSession.last_used_at)) > earlier


# --- Password reset links ----------------------------------------------------------------------


def _issue_link(client, user: User) -> str:
    response = client.post(f"/people/{user.id}/reset-link", data=once("reset"))
    assert response.status_code == 200
    link = re.search(r"<code>(http://[^<]+)</code>", response.get_data(as_text=True)).group(1)
    return link.removeprefix("http://localhost")


def _reset(app, path: str, password: str = NEW_PASSWORD):
    return app.test_client().post(path, data=once(new_password=password, confirm_password=password))


@pytest.fixture
def director_and_teacher(factory, login_as):
    school = factory.school()
    teacher = factory.user(school=school)
    return login_as(Role.SCHOOL_LEADER, school=school), teacher


def test_using_the_second_of_two_links_spends_the_first(app, director_and_teacher):
    director, teacher = director_and_teacher
    first = _issue_link(director, teacher)
    second = _issue_link(director, teacher)
    assert _reset(app, second).status_code == 302
    assert app.test_client().get(first).status_code == 404
    assert _reset(app, first, "another-long-passphrase").status_code == 404
    db.session.expire_all()
    assert db.session.get(User, teacher.id).check_password(NEW_PASSWORD)


def test_a_new_link_ends_the_earlier_one_at_once(app, director_and_teacher):
    director, teacher = director_and_teacher
    first = _issue_link(director, teacher)
    second = _issue_link(director, teacher)
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    unused = db.select(db.func.count()).select_from(PasswordResetLink)
    assert db.session.scalar(unused.where(PasswordResetLink.used_at.is_(None))) == 1


def test_a_password_change_ends_outstanding_links(app, director_and_teacher):
    director, teacher = director_and_teacher
    link = _issue_link(director, teacher)
    phone = signed_in_client(app, teacher)
    phone.post(
        "/account/password",
        data=once(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD
        ),
    )
    assert app.test_client().get(link).status_code == 404
    assert _reset(app, link, "another-long-passphrase").status_code == 404


def test_a_reset_through_a_link_ends_every_session(app, director_and_teacher):
    director, teacher = director_and_teacher
    phone = signed_in_client(app, teacher)
    cookies = cookies_of(phone)
    assert _reset(app, _issue_link(director, teacher)).status_code == 302
    assert_copies_refused(app, cookies)
    assert device_count(teacher) == 0
