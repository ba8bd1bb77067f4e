"""One's own account: the profile, changing the password (other sessions are signed out, this
one stays), and the home page dashboard."""

from __future__ import annotations

import html as html_lib

import pytest
from flask_babel import force_locale, gettext

from intranet.accounts.models import AccountStatus, LevelCertificate, Role, User
from intranet.core.forms import new_form_token
from intranet.core.models import AuditEntry
from intranet.extensions import db
from tests.conftest import PASSWORD, Auth
from tests.measure import page_weight

#: These tests read the pages in Kazakh, the default language.
pytestmark = pytest.mark.locale("kk")

NEW_PASSWORD = "winter-apple-orchard"


def translated(app, message: str, locale: str = "kk") -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def once(**data) -> dict[str, str]:
    return {"form_token": new_form_token(), **data}


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def profile_data(**overrides) -> dict[str, str]:
    data = {
        "full_name": "Айгүл Серікқызы",
        "subject": "Физика",
        "level_certificate": "second",
        "locale": "ru",
    }
    data.update(overrides)
    return once(**data)


def test_the_profile_shows_the_school_and_the_current_values(login_as, factory):
    school = factory.school("Заречный орта мектебі")
    client = login_as(Role.TEACHER, school=school)
    html = text_of(client.get("/account/"))
    assert "Заречный орта мектебі" in html and client.user.email in html
    assert f'value="{client.user.full_name}"' in html
    assert '<option selected value="none">' in html


def test_a_member_edits_their_profile_but_not_their_school(login_as, factory):
    school = factory.school()
    other = factory.school()
    client = login_as(Role.TEACHER, school=school)
    response = client.post("/account/", data={**profile_data(), "school_id": str(other.id)})
    assert response.status_code == 302
    assert "zheli_lang=ru" in response.headers["Set-Cookie"]
    user = fresh(client.user)
    assert user.full_name == "Айгүл Серікқызы" and user.subject == "Физика"
    assert user.level_certificate == LevelCertificate.SECOND and user.locale == "ru"
    assert user.school_id == school.id
    assert '<html lang="ru">' in client.get("/account/").get_data(as_text=True)


def test_an_empty_name_or_an_unknown_level_is_refused(login_as):
    client = login_as(Role.TEACHER)
    name = client.user.full_name
    assert client.post("/account/", data=profile_data(full_name="  ")).status_code == 200
    assert client.post("/account/", data=profile_data(level_certificate="zero")).status_code == 200
    assert client.post("/account/", data=profile_data(locale="de")).status_code == 200
    assert fresh(client.user).full_name == name


def test_changing_the_password_signs_out_other_sessions_only(app, factory):
    user = factory.user()
    here = app.test_client()
    elsewhere = app.test_client()
    assert Auth(here).login(user).status_code == 302
    assert Auth(elsewhere).login(user).status_code == 302
    response = here.post(
        "/account/password",
        data=once(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD
        ),
    )
    assert response.status_code == 302
    assert here.get("/account/").status_code == 200
    stale = elsewhere.get("/account/")
    assert stale.status_code == 302 and stale.headers["Location"].startswith("/login")
    assert Auth(app.test_client()).login(user, password=NEW_PASSWORD).status_code == 302
    assert Auth(app.test_client()).login(user, password=PASSWORD).status_code == 200
    assert db.session.scalar(
        db.select(AuditEntry.id).where(AuditEntry.action == "account.password_changed")
    )


def test_a_remembered_device_stays_remembered_after_a_password_change(app, factory):
    user = factory.user()
    client = app.test_client()
    assert Auth(client).login(user, remember="y").status_code == 302
    client.post(
        "/account/password",
        data=once(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD
        ),
    )
    client.delete_cookie("session")
    assert client.get("/account/").status_code == 200


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, login_as):
    client = login_as(Role.TEACHER)
    wrong = client.post(
        "/account/password",
        data=once(
            current_password="not-the-password",
            new_password=NEW_PASSWORD,
            confirm_password=NEW_PASSWORD,
        ),
    )
    assert wrong.status_code == 200
    assert translated(app, "The current password is not right.") in text_of(wrong)
    weak = client.post(
        "/account/password",
        data=once(current_password=PASSWORD, new_password="short", confirm_password="short"),
    )
    assert weak.status_code == 200 and 'aria-invalid="true"' in weak.get_data(as_text=True)
    mismatch = client.post(
        "/account/password",
        data=once(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm_password="other-words"
        ),
    )
    assert translated(app, "The two passwords are not the same.") in text_of(mismatch)
    assert fresh(client.user).check_password(PASSWORD)
    assert client.get("/account/").status_code == 200


# --- Home ---------------------------------------------------------------------------------------


def test_home_greets_the_member_with_their_school(app, login_as, factory):
    school = factory.school("Мичурин орта мектебі")
    client = login_as(Role.TEACHER, school=school)
    html = text_of(client.get("/"))
    assert client.user.full_name in html and "Мичурин орта мектебі" in html
    assert "/people/requests" not in html and "/audit/" not in html
    assert 'href="/account/"' in html


def test_home_tells_a_director_how_many_requests_wait(login_as, factory):
    school = factory.school()
    for _ in range(3):
        factory.user(school=school, status=AccountStatus.PENDING)
    factory.user(school=factory.school(), status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    html = text_of(director.get("/"))
    assert '<a href="/people/requests"><strong>3 ' in html


def test_home_fits_the_page_budget_and_a_fixed_number_of_queries(login_as, factory, query_counter):
    coordinator = login_as(Role.COORDINATOR)
    for _ in range(20):
        factory.user(status=AccountStatus.PENDING)
    with query_counter() as log:
        weight = page_weight(coordinator, "/")
    assert weight.html_gzip <= 14 * 1024
    assert log.count <= 12
