"""The directors' league's directions: who manages them, who records adoptions (the owning
school's director, the league's lead, the staff), the rules of an adoption, the league's
progress against its target, one-time forms and the page budgets."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.accounts.permissions import can
from intranet.core.i18n import local_today
from intranet.core.models import AuditEntry
from intranet.directions import services
from intranet.directions.models import Direction, DirectionAdoption, LeagueTarget
from intranet.extensions import db
from intranet.network.models import (
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
)
from tests.measure import gzip_size

HX = {"HX-Request": "true"}
TOKEN = re.compile(
    r'name="form_token" type="hidden" value="([^"]+)"|name="form_token" value="([^"]+)"'
)


@pytest.fixture(autouse=True)
def request_context(app):
    """For ``url_for`` and translated service messages in the tests themselves."""
    with app.test_request_context():
        yield


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no form token on the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def league(factory):
    """The Kyzylorda league with three schools: №3 owns «IT Digital», №101 and №261 are members;
    a Kostanay school outside the league can adopt too."""
    network = Network(name="«Серіктес директорлар» лигасы", kind=NetworkKind.LEAGUE)
    db.session.add(network)
    db.session.flush()
    schools = [
        factory.school("№3 ІТ мектеп-лицейі"),
        factory.school("№101 мектеп-лицей"),
        factory.school("№261 орта мектеп"),
    ]
    for school in schools:
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    direction = Direction(
        network_id=network.id, school_id=schools[0].id, title="«ІТ Digital» студиясы"
    )
    db.session.add(direction)
    db.session.commit()
    outside = factory.school("Затобол орта мектебі")
    return network, schools, direction, outside


def test_a_coordinator_creates_a_direction_owned_by_a_league_school(app, league, login_as):
    network, schools, _direction, outside = league
    client = login_as(Role.COORDINATOR)
    address = url_for("directions.create_direction", league_id=network.id)
    token = token_in(client.get(address).get_data(as_text=True))
    form = {
        "form_token": token,
        "title": "«Оқуға ұсынылатын 20 кітап»",
        "school_id": str(schools[1].id),
        "description": "Балалардың **кітап оқу** дағдысын қалыптастыру.",
    }
    response = client.post(address, data=form)
    assert response.status_code == 302
    again = client.post(address, data=form)  # a second tap on a slow link
    assert again.status_code == 302
    created = db.session.scalars(db.select(Direction).filter_by(title=form["title"])).all()
    assert len(created) == 1
    assert created[0].school_id == schools[1].id
    assert "<strong>кітап оқу</strong>" in created[0].description_html
    assert db.session.scalar(db.select(AuditEntry).filter_by(action="direction.create"))
    outsider = {**form, "form_token": token_in(client.get(address).get_data(as_text=True))}
    outsider |= {"title": "Басқа бағыт", "school_id": str(outside.id)}
    refused = client.post(address, data=outsider)
    assert refused.status_code == 200
    assert "Not a valid choice" in refused.get_data(as_text=True)


def test_a_title_is_unique_within_the_league_and_the_owner_must_belong_to_it(app, league, factory):
    network, schools, direction, outside = league
    actor = factory.user(Role.COORDINATOR)
    with pytest.raises(services.RuleError) as taken:
        services.create_direction(network, schools[1].id, "«ІТ DIGITAL» студиясы", "", actor)
    assert taken.value.field == "title"
    with pytest.raises(services.RuleError) as foreign:
        services.create_direction(network, outside.id, "Жылыжай кешені", "", actor)
    assert foreign.value.field == "school_id"
    community = Network(name="«ШЫҢ»", kind=NetworkKind.COMMUNITY)
    db.session.add(community)
    db.session.commit()
    with pytest.raises(services.RuleError):
        services.create_direction(community, schools[1].id, "Жылыжай кешені", "", actor)
    assert (
        services.edit_direction(direction, schools[2].id, "IT студия", "", actor).title
        == "IT студия"
    )


def test_who_manages_directions_and_who_records_adoptions(app, league, factory):
    network, schools, direction, _outside = league
    owner = factory.user(Role.SCHOOL_LEADER, school=schools[0])
    other_director = factory.user(Role.SCHOOL_LEADER, school=schools[1])
    teacher = factory.user(Role.TEACHER, school=schools[0])
    lead = factory.user(Role.TEACHER, school=schools[2])
    db.session.add(Membership(user_id=lead.id, network_id=network.id, role=MembershipRole.LEAD))
    db.session.commit()
    coordinator = factory.user(Role.COORDINATOR)
    assert can(coordinator, "directions.manage", network)
    assert can(lead, "directions.manage", network)
    assert not can(owner, "directions.manage", network)
    assert can(owner, "directions.record_adoption", direction)
    assert can(lead, "directions.record_adoption", direction)
    assert can(coordinator, "directions.record_adoption", direction)
    assert not can(other_director, "directions.record_adoption", direction)
    assert not can(teacher, "directions.record_adoption", direction)
    assert can(teacher, "directions.view", network)


def _adopt(client, direction, school, day, **extra):
    address = url_for("directions.view_direction", direction_id=direction.id)
    token = token_in(client.get(address).get_data(as_text=True))
    data = {
        "form_token": token,
        "school_id": str(school.id),
        "adopted_on": day.isoformat(),
        **extra,
    }
    return client.post(
        url_for("directions.record_adoption", direction_id=direction.id), data=data, headers=HX
    ), data


def test_the_owning_director_records_an_adoption_once(app, league, login_as, factory):
    _network, schools, direction, outside = league
    director = login_as(Role.SCHOOL_LEADER, school=schools[0])
    response, data = _adopt(director, direction, outside, date(2026, 10, 5), note="Шеберлік сыныбы")
    assert response.status_code == 200
    fragment = response.get_data()
    assert gzip_size(fragment) <= 3 * 1024
    text = fragment.decode()
    assert text.lstrip().startswith('<section id="adoptions"') and "<html" not in text
    assert outside.name in text and "Шеберлік сыныбы" in text
    repeat = director.post(
        url_for("directions.record_adoption", direction_id=direction.id), data=data, headers=HX
    )
    assert repeat.status_code == 200
    assert db.session.scalar(db.select(db.func.count(DirectionAdoption.id))) == 1
    # A fresh form for the same school is refused with a message next to the picker.
    again, _data = _adopt(director, direction, outside, date(2026, 10, 6))
    assert "This school has adopted the direction already." in again.get_data(as_text=True)
    own, _data = _adopt(director, direction, schools[0], date(2026, 10, 6))
    assert "The owning school cannot adopt its own direction." in own.get_data(as_text=True)
    future, _data = _adopt(director, direction, schools[1], local_today() + timedelta(days=2))
    assert "The day of adoption cannot be in the future." in future.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(DirectionAdoption.id))) == 1
    other = login_as(Role.SCHOOL_LEADER, school=schools[1])
    refused = other.post(
        url_for("directions.record_adoption", direction_id=direction.id),
        data={"school_id": str(schools[2].id), "adopted_on": "2026-10-01"},
    )
    assert refused.status_code == 403


def test_without_javascript_an_adoption_redirects_and_can_be_taken_back(app, league, login_as):
    _network, schools, direction, _outside = league
    director = login_as(Role.SCHOOL_LEADER, school=schools[0])
    page = url_for("directions.view_direction", direction_id=direction.id)
    token = token_in(director.get(page).get_data(as_text=True))
    response = director.post(
        url_for("directions.record_adoption", direction_id=direction.id),
        data={"form_token": token, "school_id": str(schools[1].id), "adopted_on": "2026-11-02"},
    )
    assert response.status_code == 302
    html = director.get(page).get_data(as_text=True)
    assert "is recorded." in html and schools[1].name in html
    adoption = db.session.scalar(db.select(DirectionAdoption))
    remove = url_for("directions.remove_adoption", adoption_id=adoption.id)
    match = re.search(rf'action="{re.escape(remove)}"[^>]*? data-form-token="([^"]+)"', html)
    assert match
    asked = director.get(remove).get_data(as_text=True)  # without JavaScript: a page asks
    assert "<h1>Remove the record that this school adopted the direction?</h1>" in asked
    assert db.session.scalar(db.select(db.func.count(DirectionAdoption.id))) == 1
    assert director.post(remove, data={"form_token": match.group(1)}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(DirectionAdoption.id))) == 0


def test_progress_counts_directions_schools_reached_and_adoptions(app, league, factory, login_as):
    network, schools, direction, outside = league
    second = Direction(network_id=network.id, school_id=schools[1].id, title="Жылыжай кешені")
    db.session.add(second)
    db.session.flush()
    for target, school in ((direction, outside), (direction, schools[1]), (second, outside)):
        db.session.add(
            DirectionAdoption(
                direction_id=target.id, school_id=school.id, adopted_on=date(2026, 10, 1)
            )
        )
    db.session.add(
        LeagueTarget(network_id=network.id, directions=20, schools=4, due_on=date(2027, 8, 31))
    )
    db.session.commit()
    progress = services.progress_of(network)
    assert (progress.directions, progress.schools, progress.adoptions) == (2, 2, 3)
    client = login_as(Role.TEACHER, school=schools[2])
    html = client.get(url_for("directions.view_league", league_id=network.id)).get_data(
        as_text=True
    )
    assert "<strong>2</strong> / 4 (50%)" in html  # schools reached
    assert "<strong>2</strong> / 20 (10%)" in html  # directions
    assert 'class="bar" x="0" y="0" width="50.0"' in html
    assert "New direction" not in html  # a teacher only reads


def test_the_target_is_set_by_those_who_manage_the_league(app, league, login_as):
    network, _schools, _direction, _outside = league
    client = login_as(Role.COORDINATOR)
    address = url_for("directions.edit_target", league_id=network.id)
    form = client.get(address).get_data(as_text=True)
    assert 'value="20"' in form and 'value="100"' in form  # the league's own words by default
    bad = client.post(
        address,
        data={
            "form_token": token_in(form),
            "directions": "0",
            "schools": "100",
            "due_on": "2027-08-31",
        },
    )
    assert bad.status_code == 200
    assert db.session.scalar(db.select(LeagueTarget)) is None
    good = client.post(
        address,
        data={
            "form_token": token_in(form),
            "directions": "20",
            "schools": "100",
            "due_on": "2027-06-30",
        },
    )
    assert good.status_code == 302
    target = db.session.scalar(db.select(LeagueTarget))
    assert (target.directions, target.schools, target.due_on) == (20, 100, date(2027, 6, 30))
    assert login_as(Role.SCHOOL_LEADER).get(address).status_code == 403


def test_a_league_page_with_many_directions_keeps_its_budgets(
    app, league, factory, login_as, query_counter
):
    network, schools, _direction, outside = league
    for n in range(30):
        direction = Direction(
            network_id=network.id, school_id=schools[n % 3].id, title=f"Бағыт №{n}"
        )
        db.session.add(direction)
        db.session.flush()
        db.session.add(
            DirectionAdoption(
                direction_id=direction.id, school_id=outside.id, adopted_on=date(2026, 9, 10)
            )
        )
    db.session.commit()
    client = login_as(Role.TEACHER)
    address = url_for("directions.view_league", league_id=network.id)
    db.session.expire_all()
    with query_counter() as log:
        response = client.get(address)
    assert response.status_code == 200
    assert log.count <= 12, log.statements
    assert gzip_size(response.get_data()) <= 14 * 1024
    with query_counter() as listing:
        assert client.get(url_for("directions.list_leagues")).status_code == 200
    assert listing.count <= 12
    community = Network(name="«ШЫҢ»", kind=NetworkKind.COMMUNITY)
    db.session.add(community)
    db.session.commit()
    assert client.get(url_for("directions.view_league", league_id=community.id)).status_code == 404


def test_the_demo_has_the_leagues_directions_adoptions_and_target_once(app):
    from intranet.demo import seed_demo

    seed_demo()
    seed_demo()
    assert db.session.scalar(db.select(db.func.count(Direction.id))) == 8
    assert db.session.scalar(db.select(db.func.count(DirectionAdoption.id))) == 6
    target = db.session.scalar(db.select(LeagueTarget))
    assert (target.directions, target.schools) == (20, 100)
    league = db.session.get(Network, target.network_id)
    progress = services.progress_of(league)
    assert (progress.directions, progress.schools, progress.adoptions) == (8, 5, 6)
    titles = [direction.title for direction, _count in services.directions_of(league)]
    assert "«Әкелер академиясы»" in titles and "«ІТ Digital» студиясы" in titles


def test_adoption_counts_read_right_in_russian_and_kazakh(app):
    from flask_babel import force_locale, ngettext

    with force_locale("ru"):
        forms = {
            n: ngettext("%(num)d school adopted it", "%(num)d schools adopted it", n)
            for n in (1, 3, 5)
        }
    assert forms == {1: "1 школа внедрила", 3: "3 школы внедрили", 5: "5 школ внедрили"}
    with force_locale("kk"):
        assert ngettext("%(num)d school adopted it", "%(num)d schools adopted it", 7) == (
            "7 мектеп енгізді"
        )
