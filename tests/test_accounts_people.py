"""Sign-up requests and their queue, the people list, a person's page (role, suspension, reset
links), the audit log: who may do what, what is recorded, and fixed query counts."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext

from intranet.accounts.models import AccountStatus, PasswordResetLink, Role, User
from intranet.core.db import utcnow
from intranet.core.forms import new_form_token
from intranet.core.models import AuditEntry
from intranet.extensions import db
from tests.conftest import PASSWORD, Auth
from tests.measure import gzip_size

#: These tests read the pages in Kazakh, the default language.
pytestmark = pytest.mark.locale("kk")

HTMX = {"HX-Request": "true"}
NEW_PASSWORD = "winter-apple-orchard"


def translated(app, message: str, locale: str = "kk", **variables) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(message, **variables)


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def once(prefix: str = "", **data) -> dict[str, str]:
    """A form's fields with a fresh one-time token; ``prefix`` as the form has it."""
    fields = {"form_token": new_form_token(), **data}
    return {f"{prefix}-{name}" if prefix else name: value for name, value in fields.items()}


def fresh(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def audit_entries(action: str, target: User) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            db.select(AuditEntry).where(
                AuditEntry.action == action, AuditEntry.target_id == target.id
            )
        )
    )


@pytest.fixture
def school(factory):
    return factory.school("Мектеп-лицей №153")


@pytest.fixture
def other_school(factory):
    return factory.school("Мектеп №261")


# --- The queue ----------------------------------------------------------------------------------


def test_a_director_sees_the_requests_of_their_own_school(login_as, factory, school, other_school):
    mine = factory.user(school=school, status=AccountStatus.PENDING, full_name="Әсем Нұрланқызы")
    theirs = factory.user(school=other_school, status=AccountStatus.PENDING)
    factory.user(school=school, full_name="Already Active")
    director = login_as(Role.SCHOOL_LEADER, school=school)
    html = text_of(director.get("/people/requests"))
    assert mine.full_name in html and mine.email in html and school.name in html
    assert theirs.email not in html and "Already Active" not in html
    assert f'action="/people/{mine.id}/approve"' in html
    assert f'action="/people/{mine.id}/reject"' in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique"


def test_a_coordinator_sees_every_request_and_filters_by_school(
    login_as, factory, school, other_school
):
    first = factory.user(school=school, status=AccountStatus.PENDING)
    second = factory.user(school=other_school, status=AccountStatus.PENDING)
    coordinator = login_as(Role.COORDINATOR)
    html = coordinator.get("/people/requests").get_data(as_text=True)
    assert first.email in html and second.email in html
    assert f'<option value="{school.id}">' in html
    html = coordinator.get(f"/people/requests?school={school.id}").get_data(as_text=True)
    assert first.email in html and second.email not in html


@pytest.mark.parametrize("role", [Role.TEACHER, Role.MODERATOR])
def test_teachers_and_moderators_cannot_open_the_queue(login_as, role):
    assert login_as(role).get("/people/requests").status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/people/requests")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_approving_activates_the_account_and_is_audited(app, login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    response = director.post(f"/people/{pending.id}/approve", data=once())
    assert response.status_code == 302 and response.headers["Location"] == "/people/requests"
    user = fresh(pending)
    assert user.status == AccountStatus.ACTIVE and user.decided_by_id == director.user.id
    assert user.decided_at is not None
    assert len(audit_entries("account.approve", user)) == 1
    assert Auth(app.test_client()).login(user).status_code == 302


def test_htmx_approval_swaps_the_row_with_a_small_fragment(app, login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    page = director.get("/people/requests").get_data(as_text=True)
    assert 'hx-target="closest li"' in page and 'hx-swap="outerHTML"' in page
    response = director.post(f"/people/{pending.id}/approve", data=once(), headers=HTMX)
    assert response.status_code == 200
    body = response.get_data()
    assert len(body) <= 3 * 1024 and gzip_size(body) <= 3 * 1024
    html = html_lib.unescape(body.decode())
    assert html.lstrip().startswith("<li") and "<html" not in html
    assert translated(app, "Active") in html


def test_an_unreadable_htmx_decision_keeps_the_row_with_a_message(app, login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    response = director.post(
        f"/people/{pending.id}/reject", data=once(reason="ж" * 600), headers=HTMX
    )
    assert response.status_code == 200
    html = text_of(response)
    assert html.lstrip().startswith("<li") and 'role="alert"' in html
    assert f'action="/people/{pending.id}/approve"' in html
    assert fresh(pending).status == AccountStatus.PENDING


def test_rejecting_keeps_the_reason(login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    coordinator = login_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/people/{pending.id}/reject", data=once(reason="Бұл мектепте жұмыс істемейді")
    )
    assert response.status_code == 302
    user = fresh(pending)
    assert user.status == AccountStatus.REJECTED
    assert user.rejection_reason == "Бұл мектепте жұмыс істемейді"
    [entry] = audit_entries("account.reject", user)
    assert entry.reason == "Бұл мектепте жұмыс істемейді"


def test_a_request_decided_twice_answers_nicely(app, login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    coordinator = login_as(Role.COORDINATOR)
    assert director.post(f"/people/{pending.id}/approve", data=once()).status_code == 302
    late = coordinator.post(f"/people/{pending.id}/reject", data=once(), headers=HTMX)
    assert late.status_code == 200
    already = translated(app, "This request was decided already: %(status)s.", status="")
    assert already.split(":")[0] in text_of(late)
    plain = coordinator.post(f"/people/{pending.id}/approve", data=once(), follow_redirects=True)
    assert plain.status_code == 200 and already.split(":")[0] in text_of(plain)
    user = fresh(pending)
    assert user.status == AccountStatus.ACTIVE
    assert audit_entries("account.reject", user) == []
    assert len(audit_entries("account.approve", user)) == 1


def test_the_same_decision_form_sent_twice_acts_once(login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    data = once()
    assert director.post(f"/people/{pending.id}/approve", data=data).status_code == 302
    assert director.post(f"/people/{pending.id}/approve", data=data).status_code == 302
    assert len(audit_entries("account.approve", pending)) == 1


def test_a_director_cannot_decide_for_another_school(login_as, factory, school, other_school):
    pending = factory.user(school=other_school, status=AccountStatus.PENDING)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    assert director.post(f"/people/{pending.id}/approve", data=once()).status_code == 404
    assert director.post(f"/people/{pending.id}/reject", data=once()).status_code == 404
    assert director.post("/people/999999/approve", data=once()).status_code == 404
    assert fresh(pending).status == AccountStatus.PENDING


def test_a_teacher_cannot_decide(login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    teacher = login_as(Role.TEACHER, school=school)
    assert teacher.post(f"/people/{pending.id}/approve", data=once()).status_code == 403
    assert fresh(pending).status == AccountStatus.PENDING


def _pending_people(factory, schools, n: int) -> None:
    for i in range(n):
        factory.user(school=schools[i % len(schools)], status=AccountStatus.PENDING)


def test_the_queue_uses_a_fixed_number_of_queries(login_as, factory, query_counter):
    schools = [factory.school() for _ in range(5)]
    coordinator = login_as(Role.COORDINATOR)
    counts = []
    for total in (5, 50):
        _pending_people(factory, schools, total - (5 if total == 50 else 0))
        with query_counter() as log:
            response = coordinator.get("/people/requests")
        assert response.status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] <= 12, counts


def test_the_queue_is_paginated(login_as, factory, school):
    _pending_people(factory, [school], 30)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    response = director.get("/people/requests")
    assert gzip_size(response.get_data()) <= 14 * 1024
    first = response.get_data(as_text=True)
    second = director.get("/people/requests?page=2").get_data(as_text=True)
    assert first.count('/approve"') // 2 == 25 and second.count('/approve"') // 2 == 5


# --- The people list ----------------------------------------------------------------------------


def test_a_coordinator_lists_everyone_and_filters(login_as, factory, school, other_school):
    aigul = factory.user(school=school, full_name="Айгүл Серікқызы")
    factory.user(Role.SCHOOL_LEADER, school=other_school, full_name="Берік Ахметов")
    factory.user(school=other_school, status=AccountStatus.SUSPENDED, full_name="Сәуле Қайратқызы")
    coordinator = login_as(Role.COORDINATOR)
    html = coordinator.get("/people/").get_data(as_text=True)
    assert "Айгүл" in html and "Берік" in html and "Сәуле" in html

    def names(query: str) -> set[str]:
        page = coordinator.get(f"/people/?{query}").get_data(as_text=True)
        return {name for name in ("Айгүл", "Берік", "Сәуле") if name in page}

    assert names("q=айгүл") == {"Айгүл"}
    assert names(f"q={aigul.email.upper()}") == {"Айгүл"}
    assert names("role=school_leader") == {"Берік"}
    assert names("status=suspended") == {"Сәуле"}
    assert names("school=261") == {"Берік", "Сәуле"}
    assert names(f"school_id={school.id}") == {"Айгүл"}
    assert names("role=nonsense") == {"Айгүл", "Берік", "Сәуле"}


def test_a_director_lists_only_their_school(login_as, factory, school, other_school):
    factory.user(school=school, full_name="Айгүл Серікқызы")
    factory.user(school=other_school, full_name="Берік Ахметов")
    director = login_as(Role.SCHOOL_LEADER, school=school)
    html = director.get("/people/").get_data(as_text=True)
    assert "Айгүл" in html and "Берік" not in html
    html = director.get(f"/people/?school_id={other_school.id}&school=261").get_data(as_text=True)
    assert "Берік" not in html


def test_teachers_cannot_list_people(login_as):
    assert login_as(Role.TEACHER).get("/people/").status_code == 403


def test_the_people_list_is_paginated_by_25(login_as, factory, school):
    for i in range(30):
        factory.user(school=school, full_name=f"Мұғалім {i:02d}")
    coordinator = login_as(Role.COORDINATOR, school=school)
    response = coordinator.get("/people/")
    assert gzip_size(response.get_data()) <= 14 * 1024
    first = response.get_data(as_text=True)
    assert first.count('href="/people/') - first.count('href="/people/requests') >= 25
    assert 'href="/people/?page=2"' in first
    second = coordinator.get("/people/?page=2").get_data(as_text=True)
    assert "Мұғалім 29" in second and "Мұғалім 00" not in second


def test_the_people_list_uses_a_fixed_number_of_queries(login_as, factory, query_counter):
    schools = [factory.school() for _ in range(5)]
    coordinator = login_as(Role.COORDINATOR)
    counts = []
    for total in (5, 50):
        for i in range(total - (5 if total == 50 else 0)):
            factory.user(school=schools[i % 5])
        with query_counter() as log:
            response = coordinator.get("/people/?status=active")
        assert response.status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] <= 12, counts


# --- A person's page ----------------------------------------------------------------------------


def test_a_coordinator_sees_the_management_forms(login_as, factory, school):
    teacher = factory.user(school=school)
    coordinator = login_as(Role.COORDINATOR)
    html = coordinator.get(f"/people/{teacher.id}").get_data(as_text=True)
    assert teacher.email in html
    assert f'action="/people/{teacher.id}/role"' in html
    assert f'action="/people/{teacher.id}/suspend"' in html
    assert f'action="/people/{teacher.id}/reset-link"' in html
    assert 'value="admin"' not in html  # a coordinator cannot make admins
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique"


def test_a_colleague_sees_the_person_but_no_forms(login_as, factory, school):
    teacher = factory.user(school=school)
    colleague = login_as(Role.TEACHER, school=school)
    html = colleague.get(f"/people/{teacher.id}").get_data(as_text=True)
    assert teacher.full_name in html and teacher.email not in html
    assert "/role" not in html and "/reset-link" not in html


def test_pending_people_are_hidden_from_colleagues(login_as, factory, school):
    pending = factory.user(school=school, status=AccountStatus.PENDING)
    assert login_as(Role.TEACHER, school=school).get(f"/people/{pending.id}").status_code == 404
    director = login_as(Role.SCHOOL_LEADER, school=school)
    assert director.get(f"/people/{pending.id}").status_code == 200


def test_a_role_change_is_audited(login_as, factory, school):
    teacher = factory.user(school=school)
    coordinator = login_as(Role.COORDINATOR)
    response = coordinator.post(
        f"/people/{teacher.id}/role", data=once(role="moderator", reason="Форум модераторы")
    )
    assert response.status_code == 302
    assert fresh(teacher).role == Role.MODERATOR
    [entry] = audit_entries("account.role_changed", teacher)
    assert entry.actor_id == coordinator.user.id
    assert entry.detail == "teacher→moderator" and entry.reason == "Форум модераторы"


def test_a_coordinator_cannot_make_an_admin_and_a_director_cannot_change_roles(
    login_as, factory, school
):
    teacher = factory.user(school=school)
    coordinator = login_as(Role.COORDINATOR)
    assert (
        coordinator.post(f"/people/{teacher.id}/role", data=once(role="admin")).status_code == 302
    )
    assert fresh(teacher).role == Role.TEACHER
    director = login_as(Role.SCHOOL_LEADER, school=school)
    assert (
        director.post(f"/people/{teacher.id}/role", data=once(role="moderator")).status_code == 403
    )
    assert fresh(teacher).role == Role.TEACHER
    assert audit_entries("account.role_changed", teacher) == []


def test_suspending_signs_the_person_out_and_reinstating_lets_them_back(
    app, login_as, factory, school
):
    teacher = factory.user(school=school)
    teacher_client = login_as(teacher)
    coordinator = login_as(Role.COORDINATOR)
    response = coordinator.post(f"/people/{teacher.id}/suspend", data=once("status", reason="Спам"))
    assert response.status_code == 302
    assert fresh(teacher).status == AccountStatus.SUSPENDED
    assert teacher_client.get("/account/").status_code == 302
    assert audit_entries("account.suspended", teacher)[0].reason == "Спам"
    assert (
        coordinator.post(
            f"/people/{teacher.id}/reinstate",
            data=once(
                "status",
            ),
        ).status_code
        == 302
    )
    assert fresh(teacher).status == AccountStatus.ACTIVE
    assert Auth(app.test_client()).login(teacher).status_code == 302


def test_a_director_cannot_suspend(login_as, factory, school):
    teacher = factory.user(school=school)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    assert (
        director.post(
            f"/people/{teacher.id}/suspend",
            data=once(
                "status",
            ),
        ).status_code
        == 403
    )


# --- Password reset links -----------------------------------------------------------------------


def _issue_link(client, user: User, data=None) -> str:
    response = client.post(f"/people/{user.id}/reset-link", data=data or once("reset"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return re.search(r"<code>(http://[^<]+)</code>", response.get_data(as_text=True)).group(1)


def test_a_director_issues_a_reset_link_that_works_once(app, login_as, factory, school):
    teacher = factory.user(school=school)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    link = _issue_link(director, teacher)
    assert link.startswith("http://localhost/reset/")
    path = link.removeprefix("http://localhost")
    visitor = app.test_client()
    assert visitor.get(path).status_code == 200
    response = visitor.post(
        path, data=once(new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD)
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert Auth(app.test_client()).login(teacher, password=NEW_PASSWORD).status_code == 302
    assert Auth(app.test_client()).login(teacher, password=PASSWORD).status_code == 200
    used = visitor.get(path)
    assert used.status_code == 404
    assert translated(app, "This link does not work") in text_of(used)
    assert len(audit_entries("account.reset_link_issued", teacher)) == 1
    assert len(audit_entries("account.password_reset", teacher)) == 1


def test_a_reset_link_is_shown_once(login_as, factory, school):
    teacher = factory.user(school=school)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    data = once("reset")
    _issue_link(director, teacher, data)
    again = director.post(f"/people/{teacher.id}/reset-link", data=data)
    assert again.status_code == 302
    assert "<code>" not in director.get(again.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(PasswordResetLink)) == 1


def test_an_expired_or_unknown_reset_link_does_not_work(app, login_as, factory, school):
    teacher = factory.user(school=school)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    path = _issue_link(director, teacher).removeprefix("http://localhost")
    link = db.session.scalar(db.select(PasswordResetLink))
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    visitor = app.test_client()
    assert visitor.get(path).status_code == 404
    response = visitor.post(
        path, data=once(new_password=NEW_PASSWORD, confirm_password=NEW_PASSWORD)
    )
    assert response.status_code == 404
    assert fresh(teacher).check_password(PASSWORD)
    assert visitor.get("/reset/not-a-real-token").status_code == 404


def test_a_reset_link_refuses_a_weak_password(app, login_as, factory, school):
    teacher = factory.user(school=school)
    director = login_as(Role.SCHOOL_LEADER, school=school)
    path = _issue_link(director, teacher).removeprefix("http://localhost")
    visitor = app.test_client()
    response = visitor.post(path, data=once(new_password="short", confirm_password="short"))
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert fresh(teacher).check_password(PASSWORD)
    assert visitor.get(path).status_code == 200  # still usable


def test_a_teacher_cannot_issue_reset_links(login_as, factory, school):
    colleague = factory.user(school=school)
    teacher = login_as(Role.TEACHER, school=school)
    assert teacher.post(f"/people/{colleague.id}/reset-link", data=once("reset")).status_code == 403


# --- The audit log ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SCHOOL_LEADER, Role.MODERATOR])
def test_only_staff_read_the_audit_log(login_as, role):
    assert login_as(role).get("/audit/").status_code == 403


def test_the_audit_log_shows_who_what_and_why_newest_first(app, login_as, factory, school):
    teacher = factory.user(school=school, full_name="Айгүл Серікқызы")
    admin = login_as(Role.ADMIN)
    admin.post(f"/people/{teacher.id}/role", data=once(role="moderator", reason="Көмекші"))
    admin.post(f"/people/{teacher.id}/suspend", data=once("status", reason="Демалыс"))
    page = text_of(admin.get("/audit/"))
    html = page[page.index('<ul class="list">') :]
    assert html.index(translated(app, "Suspended the account")) < html.index(
        translated(app, "Changed the role")
    )
    assert admin.user.full_name in html and "Айгүл Серікқызы" in html
    assert "Көмекші" in html and "Демалыс" in html
    filtered = text_of(admin.get("/audit/?action=account.role_changed"))
    filtered = filtered[filtered.index('<ul class="list">') :]
    assert "Көмекші" in filtered and "Демалыс" not in filtered


def test_the_audit_log_uses_a_fixed_number_of_queries(login_as, factory, query_counter):
    coordinator = login_as(Role.COORDINATOR)
    counts = []
    for total in (5, 50):
        while db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) < total:
            user = factory.user()
            login_as(user)
        with query_counter() as log:
            assert coordinator.get("/audit/").status_code == 200
        counts.append(log.count)
    assert counts[0] == counts[1] <= 12, counts


def test_audit_times_are_shown_in_almaty(app, login_as):
    """A sign-in at 20:30 UTC is 01:30 or 02:30 the next day in Almaty (UTC+5 or +6)."""
    admin = login_as(Role.ADMIN)
    entry = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
    entry.created_at = entry.created_at.replace(hour=20, minute=30)
    db.session.commit()
    html = admin.get("/audit/").get_data(as_text=True)
    assert re.search(r"0[12]:30", html)
