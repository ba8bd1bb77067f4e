"""The demo data of DESIGN §7: complete, idempotent, usable through the real sign-in form."""

from __future__ import annotations

import pytest
from sqlalchemy import func

from intranet.accounts.models import AccountStatus, Role, User
from intranet.accounts.services import find_user_by_email, pending_signups_query
from intranet.demo import seed_demo
from intranet.demo.people import DEMO_ACCOUNTS, PENDING_SIGNUPS
from intranet.demo.scale import SCALE_DOMAIN, generated_district_name
from intranet.extensions import db
from intranet.network.membership import leads_network, networks_of
from intranet.network.models import (
    District,
    Membership,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    School,
    WorkingGroup,
)
from intranet.network.schools import school_search_key, search_schools


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(db.select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def count(model, *conditions) -> int:
    return db.session.scalar(db.select(func.count()).select_from(model).where(*conditions))


def scale_users(*conditions) -> int:
    return count(User, User.email.like(f"%@{SCALE_DOMAIN}"), *conditions)


def test_seeding_twice_adds_nothing(app):
    first_report = seed_demo()
    before = row_counts()
    db.session.remove()
    second_report = seed_demo()
    assert row_counts() == before
    assert before["user"] > 6 and before["network"] == 4 and before["membership"] > 0
    assert "nothing added" not in first_report[0]
    assert "nothing added" in second_report[0]


def test_the_report_lists_the_demo_accounts_and_password(app):
    report = "\n".join(seed_demo())
    assert app.config["DEMO_PASSWORD"] in report
    for seed in DEMO_ACCOUNTS:
        assert seed.email in report


def test_the_networks_of_the_sources_are_there(app):
    seed_demo()
    kinds = set(db.session.scalars(db.select(Network.kind)))
    assert kinds == set(NetworkKind)
    league = db.session.scalar(db.select(Network).where(Network.kind == NetworkKind.LEAGUE))
    numbers = set(
        db.session.scalars(
            db.select(School.number)
            .join(NetworkSchool, NetworkSchool.school_id == School.id)
            .where(NetworkSchool.network_id == league.id)
        )
    )
    assert numbers == {"3", "101", "140", "153", "176", "257", "261", "278"}
    assert "20 бағыт" in league.description and "<strong>" in league.description_html
    community = db.session.scalar(db.select(Network).where(Network.kind == NetworkKind.COMMUNITY))
    assert "Сыни ойлауға үйрету оқытудағы тиімді әрекет" in community.description
    assert "Екі аптада бір рет" in community.description
    partnership = db.session.scalar(
        db.select(Network).where(Network.kind == NetworkKind.UNIVERSITY_PARTNERSHIP)
    )
    assert partnership.university.name == "Инновациялық Еуразия университеті"
    leading = db.session.scalar(
        db.select(Network).where(Network.kind == NetworkKind.LEADING_SCHOOL)
    )
    roles = list(
        db.session.scalars(
            db.select(NetworkSchool.role).where(NetworkSchool.network_id == leading.id)
        )
    )
    assert roles.count(NetworkSchoolRole.LEADING) == 1
    assert 1 <= roles.count(NetworkSchoolRole.PARTNER) <= 10
    group_kinds = set(
        db.session.scalars(
            db.select(WorkingGroup.kind).where(WorkingGroup.network_id == leading.id)
        )
    )
    assert len(group_kinds) == 4


def test_rural_schools_of_the_community_are_findable(app):
    seed_demo()
    zatobol = search_schools("затобол")
    assert [school.name for school in zatobol] == ["Н.Наушабаев атындағы Затобол орта мектебі"]
    assert zatobol[0].is_rural
    for school in db.session.scalars(db.select(School)):
        assert school.search_key == school_search_key(school)


def test_people_of_every_role_with_their_networks(app):
    seed_demo()
    active_roles = set(
        db.session.scalars(db.select(User.role).where(User.status == AccountStatus.ACTIVE))
    )
    assert active_roles == set(Role)
    director = find_user_by_email("director@demo.zheli.kz")
    teacher = find_user_by_email("teacher@demo.zheli.kz")
    teacher2 = find_user_by_email("teacher2@demo.zheli.kz")
    assert director.role == Role.SCHOOL_LEADER
    assert teacher.school_id == teacher2.school_id == director.school_id
    assert {teacher.locale, teacher2.locale} == {"kk", "ru"}
    kinds = {network.kind for network in networks_of(teacher)}
    assert {NetworkKind.LEAGUE, NetworkKind.LEADING_SCHOOL} <= kinds
    coordinator = find_user_by_email("coordinator@demo.zheli.kz")
    led = [network for network in networks_of(coordinator) if leads_network(coordinator, network)]
    assert led
    assert count(Membership, Membership.group_id.is_not(None)) > 0


@pytest.mark.parametrize("seed", DEMO_ACCOUNTS, ids=lambda seed: seed.login)
def test_demo_accounts_sign_in_through_the_form(app, client, auth, seed):
    seed_demo()
    response = auth.login(seed.email, app.config["DEMO_PASSWORD"])
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert seed.full_name in home


def test_pending_signups_cannot_sign_in_yet(app, auth):
    seed_demo()
    response = auth.login(PENDING_SIGNUPS[0].email, app.config["DEMO_PASSWORD"])
    assert response.status_code == 200
    # The right password, and the reason it is not enough yet (a wrong one says otherwise).
    assert "waiting for approval by your school" in response.get_data(as_text=True)
    wrong = auth.login(PENDING_SIGNUPS[0].email, "not-the-demo-password")
    assert "waiting for approval" not in wrong.get_data(as_text=True)


def test_the_director_sees_the_pending_signups(app):
    seed_demo()
    director = find_user_by_email("director@demo.zheli.kz")
    pending = db.session.scalars(pending_signups_query(director)).all()
    assert {user.email for user in pending} == {seed.email for seed in PENDING_SIGNUPS}
    teacher = find_user_by_email("teacher@demo.zheli.kz")
    assert db.session.scalars(pending_signups_query(teacher)).all() == []


def test_scale_two_creates_the_expected_numbers(app):
    seed_demo()
    base = row_counts()
    seed_demo(scale=2)
    generated_districts = db.select(District.id).where(
        District.name.in_([generated_district_name(1), generated_district_name(2)])
    )
    assert count(District) - base["district"] == 6
    assert count(School, School.district_id.in_(generated_districts)) == 60
    assert count(School) - base["school"] == 60
    assert count(Network) - base["network"] == 6
    assert count(NetworkSchool) - base["network_school"] == 60
    assert count(NetworkSchool, NetworkSchool.role == NetworkSchoolRole.LEADING) == 1 + 6
    assert scale_users() == 200
    assert scale_users(User.role == Role.SCHOOL_LEADER) == 60
    assert scale_users(User.status == AccountStatus.PENDING) == 14
    generated = db.session.scalar(
        db.select(School).where(School.district_id.in_(generated_districts)).limit(1)
    )
    assert generated.search_key == school_search_key(generated)

    after = row_counts()
    db.session.remove()
    seed_demo(scale=2)
    assert row_counts() == after
    seed_demo(scale=3)
    assert scale_users() == 300
    assert count(School) - base["school"] == 90


def test_scaled_people_sign_in_with_the_demo_password(app, auth):
    seed_demo(scale=2)
    response = auth.login(f"teacher.s2-pavlodar-1.80@{SCALE_DOMAIN}", app.config["DEMO_PASSWORD"])
    assert response.status_code == 302


def test_command_line_seeds_and_respects_if_empty(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "director@demo.zheli.kz" in result.output
    assert app.config["DEMO_PASSWORD"] in result.output
    users = count(User)
    assert users > 0

    again = runner.invoke(args=["seed-demo", "--if-empty", "--scale", "2"])
    assert again.exit_code == 0, again.output
    assert "added nothing" in again.output
    assert count(User) == users


def test_if_empty_seeds_an_empty_database(app):
    report = seed_demo(only_if_empty=True)
    assert count(User) > 0
    assert "Demo data added" in report[0]
