"""Signing up: the form, the school picker (htmx and without JavaScript), every refusal, one
account per double submission, CSRF and body-size limits."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from flask_babel import force_locale, gettext

from intranet.accounts.forms import COMMUNITY_RULES
from intranet.accounts.models import AccountStatus, Role, User
from intranet.core.forms import new_form_token
from intranet.core.models import AuditEntry
from intranet.extensions import db
from tests.conftest import Factory
from tests.measure import gzip_size

#: These tests read the pages in Kazakh, the default language.
pytestmark = pytest.mark.locale("kk")

STRONG_PASSWORD = "steppe-river-lantern"


def signup_data(school, **overrides) -> dict[str, object]:
    data = {
        "full_name": "Айгүл Серікқызы",
        "email": "aigul@example.kz",
        "password": STRONG_PASSWORD,
        "confirm_password": STRONG_PASSWORD,
        "school_query": "",
        "school_id": str(school.id) if school is not None else "",
        "subject": "Математика",
        "locale": "kk",
        "accept_rules": "y",
        "form_token": new_form_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def user_count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(User))


def translated(app, message: str, locale: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message)


def text_of(response) -> str:
    """The page with HTML entities decoded, to look for (translated) sentences in it."""
    return html_lib.unescape(response.get_data(as_text=True))


def test_sign_up_page_shows_the_form_and_the_community_rules(client):
    response = client.get("/signup")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in ("full_name", "email", "password", "confirm_password", "school_query"):
        assert f'name="{name}"' in html
    assert 'name="accept_rules"' in html and 'name="find_school"' in html
    # The chosen school travels only as a radio: no hidden input may shadow it.
    inputs = re.findall(r"<input[^>]*>", html)
    assert not [tag for tag in inputs if 'name="school_id"' in tag and "hidden" in tag]
    assert len(COMMUNITY_RULES) == 8
    for rule in COMMUNITY_RULES:
        assert str(rule) in html_lib.unescape(html)
    assert gzip_size(response.get_data()) <= 14 * 1024


def test_sign_up_rules_and_language_follow_the_visitor(app, client):
    client.set_cookie("zheli_lang", "ru")
    html = text_of(client.get("/signup"))
    assert '<option selected value="ru">' in html
    with app.test_request_context(), force_locale("ru"):
        first_rule = str(COMMUNITY_RULES[0])
    assert first_rule in html


def test_school_picker_is_wired_for_htmx(client):
    html = client.get("/signup").get_data(as_text=True)
    field = re.search(r"<input[^>]*name=\"school_query\"[^>]*>", html).group(0)
    assert 'hx-get="/signup/schools"' in field
    assert 'hx-trigger="input changed delay:300ms, search"' in field
    assert 'hx-target="#school-options"' in field


def test_school_search_fragment_lists_open_schools_as_radios(client, factory):
    district = factory.district(name="Қызылорда")
    match = factory.school("Мектеп-лицей №153", district=district, number="153")
    factory.school("Мектеп №153 архив", district=district, number="153", archived=True)
    factory.school("Мектеп №3", district=district, number="3")
    response = client.get(
        "/signup/schools", query_string={"school_query": "153"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert re.findall(r'type="radio" name="school_id" value="(\d+)"', html) == [str(match.id)]
    assert "Қызылорда" in html


def test_school_search_without_htmx_goes_to_the_form(client, factory):
    school = factory.school("Заречный орта мектебі", number="")
    response = client.get("/signup/schools", query_string={"school_query": "заречный"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'value="{school.id}"' in html


def test_find_school_button_works_without_javascript_and_keeps_typed_values(client, factory):
    school = factory.school("Затобол орта мектебі", number="")
    data = signup_data(None, school_query="затобол", find_school="1", school_id=None)
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'name="school_id" value="{school.id}"' in html
    assert 'value="Айгүл Серікқызы"' in html and 'value="aigul@example.kz"' in html
    assert STRONG_PASSWORD not in html
    assert 'role="alert"' not in html  # finding a school is not an error
    assert user_count() == 0


def test_a_visitor_signs_up_and_waits_for_approval(app, client, factory):
    school = factory.school()
    response = client.post("/signup", data=signup_data(school, locale="ru"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/signup/sent"
    user = db.session.scalar(db.select(User).where(User.email == "aigul@example.kz"))
    assert user.status == AccountStatus.PENDING and user.role == Role.TEACHER
    assert user.school_id == school.id and user.subject == "Математика" and user.locale == "ru"
    assert user.rules_accepted_at is not None
    assert user.check_password(STRONG_PASSWORD)
    assert db.session.scalar(
        db.select(AuditEntry.id).where(
            AuditEntry.action == "account.sign_up", AuditEntry.target_id == user.id
        )
    )
    sent = text_of(client.get("/signup/sent"))
    assert translated(app, "Your request has been sent", "kk") in sent


def _without_tokens(body: str) -> str:
    """A page with the values of its CSRF and one-time form tokens blanked out."""
    body = re.sub(r'(name="(?:csrf_token|form_token)"[^>]*value=")[^"]*"', r'\1"', body)
    return re.sub(r'("X-CSRFToken": ")[^"]*"', r'\1"', body)


def _answer(client, data) -> tuple[int, str | None, str, str]:
    """What a visitor learns from a sign-up: status, where it leads, the body, the next page."""
    response = client.post("/signup", data=data)
    location = response.headers.get("Location")
    follow = client.get(location).get_data(as_text=True) if location else ""
    return (
        response.status_code,
        location,
        _without_tokens(response.get_data(as_text=True)),
        _without_tokens(follow),
    )


def test_a_registered_e_mail_gets_the_answer_of_a_new_one(app, make_app, factory, login_as):
    school = factory.school()
    theirs = factory.school()
    owner = factory.user(email="aigul@example.kz", school=theirs, full_name="Айгүл Бекова")
    password_hash = owner.password_hash
    new = _answer(app.test_client(), signup_data(school, email="new-teacher@example.kz"))
    known = _answer(app.test_client(), signup_data(school, email="Aigul@Example.kz "))
    assert new == known
    assert new[:2] == (302, "/signup/sent")
    assert user_count() == 2
    db.session.expire_all()
    owner = db.session.get(User, owner.id)
    assert owner.password_hash == password_hash and owner.full_name == "Айгүл Бекова"
    assert owner.school_id == theirs.id and owner.status == AccountStatus.ACTIVE

    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "account.sign_up_existing")
    )
    assert entry.target_type == "user" and entry.target_id == owner.id
    assert f"school={theirs.id}" in entry.detail and entry.actor_id is None
    stored = " ".join((entry.detail, entry.reason, entry.ip_address))
    assert STRONG_PASSWORD not in stored
    admin = login_as(Role.ADMIN)
    page = text_of(admin.get("/audit/"))
    label = translated(app, "Asked to join with an e-mail that already has an account", "kk")
    assert label in page and f"/people/{owner.id}" in page


def test_a_registered_e_mail_is_refused_like_a_new_one(app, factory):
    """A form with a problem gets the same refusal, whoever owns the e-mail."""
    school = factory.school()
    factory.user(email="aigul@example.kz", school=school)
    for problem in ({"accept_rules": None}, {"school_id": "999999"}):
        new = _answer(app.test_client(), signup_data(school, email="new@example.kz", **problem))
        known = _answer(app.test_client(), signup_data(school, email="aigul@example.kz", **problem))
        assert new[0] == known[0] == 200
        assert new[2].replace("new@example.kz", "aigul@example.kz") == known[2]
    assert user_count() == 1


def test_the_e_mail_is_stored_in_lower_case(client, factory):
    school = factory.school()
    response = client.post("/signup", data=signup_data(school, email="Aigul@Example.kz "))
    assert response.status_code == 302
    assert db.session.scalar(db.select(User.email)) == "aigul@example.kz"


def _refused(client, data) -> str:
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    assert user_count() == 0
    return text_of(response)


def test_a_weak_password_is_refused(app, client, factory):
    school = factory.school()
    html = _refused(client, signup_data(school, password="short", confirm_password="short"))
    assert 'aria-invalid="true"' in html
    assert re.search(r'class="error" role="alert">[^<]*10', html)
    html = _refused(
        client, signup_data(school, password="1234567890", confirm_password="1234567890")
    )
    assert translated(app, "This password is too common. Choose another one.", "kk") in html
    html = _refused(
        client, signup_data(school, password="aaaaaaaaaaaa", confirm_password="aaaaaaaaaaaa")
    )
    assert (
        translated(app, "This password is too easy to guess: use more different characters.", "kk")
        in html
    )


def test_a_mismatched_confirmation_is_refused(app, client, factory):
    school = factory.school()
    html = _refused(client, signup_data(school, confirm_password="steppe-river-lanterns"))
    assert translated(app, "The two passwords are not the same.", "kk") in html


def test_an_unknown_or_archived_school_is_refused(app, client, factory):
    message = translated(app, "Choose your school from the list.", "kk")
    assert message in _refused(client, signup_data(None, school_id="999999"))
    assert message in _refused(client, signup_data(None, school_id=""))
    assert message in _refused(client, signup_data(None, school_id="not-a-number"))
    archived = factory.school(archived=True)
    assert message in _refused(client, signup_data(archived))


def test_the_community_rules_must_be_accepted(app, client, factory):
    school = factory.school()
    html = _refused(client, signup_data(school, accept_rules=None))
    assert translated(app, "Please accept the community rules.", "kk") in html


def test_a_double_submission_creates_one_account(client, factory):
    school = factory.school()
    data = signup_data(school)
    first = client.post("/signup", data=data)
    second = client.post("/signup", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == "/signup/sent"
    assert user_count() == 1


def test_a_refused_submission_can_be_corrected_with_the_same_form(client, factory):
    """A refusal spends nothing: the corrected form (same token) goes through."""
    school = factory.school()
    data = signup_data(school, accept_rules=None)
    assert client.post("/signup", data=data).status_code == 200
    data["accept_rules"] = "y"
    assert client.post("/signup", data=data).status_code == 302
    assert user_count() == 1


def test_a_bad_csrf_token_gets_a_translated_400_and_creates_nothing(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        school = Factory().school()
        client = app.test_client()
        client.set_cookie("zheli_lang", "ru")
        response = client.post("/signup", data=signup_data(school, csrf_token="forged"))
        assert response.status_code == 400
        assert translated(app, "The form has expired", "ru") in text_of(response)
        assert '<html lang="ru">' in response.get_data(as_text=True)
        assert user_count() == 0


def test_the_sign_up_form_works_with_csrf_on(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        school = Factory().school()
        client = app.test_client()
        html = client.get("/signup").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', html).group(1)
        data = signup_data(school, csrf_token=csrf, form_token=token)
        assert client.post("/signup", data=data).status_code == 302
        assert user_count() == 1


def test_an_oversized_body_is_refused(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    with app.app_context():
        school = Factory().school()
        client = app.test_client()
        response = client.post("/signup", data=signup_data(school, subject="ж" * 2000))
        assert response.status_code == 413
        assert translated(app, "Too large", "kk") in text_of(response)
        assert user_count() == 0


def test_a_signed_in_member_is_sent_home_from_the_sign_up_page(login_as):
    client = login_as(Role.TEACHER)
    assert client.get("/signup").status_code == 302
