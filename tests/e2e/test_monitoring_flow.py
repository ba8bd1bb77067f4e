"""Monitoring and the league's directions in a real browser at 360 px, in Kazakh: a coordinator
opens a network's monitoring, changes the period, sees the figures the test built and downloads
the CSV; a director lands on their own school and gets 404 for another; the director of a
direction's school records an adoption and the league's progress moves.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.directions.models import Direction, DirectionAdoption
from intranet.extensions import db
from intranet.forum.models import Category, Post, Thread
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole
from tests import clock
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)


def _school_year() -> tuple[date, date]:
    """This school year in Almaty, the monitoring pages' default period."""
    first = clock.school_year_start(clock.today())
    return first, date(first.year + 1, 8, 31)


def _seed_network(seed):
    """A community of two schools: Заречный posts three times in September and twice in
    October of this school year, Мичурин once in October."""
    first, _last = _school_year()
    zarechny = seed.school("Заречный орта мектебі")
    michurin = seed.school("Мичурин орта мектебі")
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    for school in (zarechny, michurin):
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    yerlan = seed.user(Role.TEACHER, locale="kk", school=zarechny, full_name="Ерлан Мұқанов")
    irina = seed.user(Role.TEACHER, locale="kk", school=michurin, full_name="Ирина Коваленко")
    category = Category(title="Сыни ойлау", network_id=network.id)
    db.session.add(category)
    db.session.flush()
    thread = Thread(category_id=category.id, title="Онлайн сұхбат", author_id=yerlan.id)
    thread.created_at = datetime(first.year, 9, 3, 6, 0)
    db.session.add(thread)
    db.session.flush()
    days = [
        (yerlan, 9, 3),
        (yerlan, 9, 10),
        (yerlan, 9, 17),
        (yerlan, 10, 1),
        (yerlan, 10, 15),
        (irina, 10, 16),
    ]
    for number, (author, month, day) in enumerate(days, start=1):
        db.session.add(
            Post(
                thread_id=thread.id,
                number=number,
                author_id=author.id,
                body="Сыни сұрақ",
                body_html="<p>Сыни сұрақ</p>",
                created_at=datetime(first.year, month, day, 6, 0),
            )
        )
    thread.post_count = len(days)
    db.session.commit()
    return network, zarechny, michurin


def test_a_coordinator_changes_the_period_and_downloads_the_csv(live_server, phone, seed):
    network, zarechny, _michurin = _seed_network(seed)
    coordinator = seed.user(Role.COORDINATOR, locale="kk", full_name="Гүлнар Жұмабекова")
    sign_in(phone, coordinator.email)
    phone.goto(live_server.path_for("monitoring.view_overview"))
    expect(phone.locator("h1")).to_have_text("Мониторинг")
    phone.locator("main table a", has_text=network.name).click()
    expect(phone.locator("h1")).to_have_text(network.name)
    figures = phone.locator(".figures")
    expect(figures).to_contain_text("6 Форумдағы хабарламалар")
    expect(figures).to_contain_text("2 Белсенді мүшелер")
    screenshot(phone, "monitoring-network-360-kk")
    fits_a_phone(phone)

    first, _last = _school_year()
    phone.fill("input[name=start]", date(first.year, 10, 1).isoformat())
    phone.fill("input[name=end]", date(first.year, 10, 31).isoformat())
    with phone.expect_navigation():
        phone.locator("form.period button[type=submit]").click()
    expect(figures).to_contain_text("3 Форумдағы хабарламалар")
    row = phone.locator("main table tr", has_text=zarechny.name)
    expect(row).to_contain_text("2")
    screenshot(phone, "monitoring-network-october-360-kk")

    with phone.expect_download() as download_info:
        phone.locator("a[download]").click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Мектеп"
    by_school = {line[0]: line for line in rows[1:]}
    # Active members, posts, threads; other features' metrics follow, all 0 here.
    assert by_school[zarechny.name][2:5] == ["1", "2", "0"]
    assert by_school["Барлығы"][2:5] == ["2", "3", "0"]
    assert set(by_school["Барлығы"][5:]) <= {"0"}


def test_a_director_sees_only_their_own_school(live_server, phone, seed):
    network, zarechny, michurin = _seed_network(seed)
    director = seed.user(
        Role.SCHOOL_LEADER, locale="kk", school=zarechny, full_name="Бақыт Сейітқали"
    )
    sign_in(phone, director.email)
    phone.locator("header summary").click()
    phone.locator("header nav a", has_text="Мониторинг").click()
    expect(phone.locator("h1")).to_have_text(zarechny.name)
    expect(phone.locator(".figures")).to_contain_text("5 Форумдағы хабарламалар")
    expect(phone.locator("svg[role=img]").first).to_be_visible()
    screenshot(phone, "monitoring-school-360-kk")
    fits_a_phone(phone)
    response = phone.goto(live_server.path_for("monitoring.view_school", school_id=michurin.id))
    assert response.status == 404
    # a network's figures are for the staff and its lead: to anyone else it does not exist
    response = phone.goto(live_server.path_for("monitoring.view_network", network_id=network.id))
    assert response.status == 404


def test_the_owning_director_records_an_adoption(live_server, phone, seed):
    it_school = seed.school("№3 ІТ мектеп-лицейі")
    other = seed.school("№278 ІТ мектеп-лицей")
    league = Network(name="«Серіктес директорлар» лигасы", kind=NetworkKind.LEAGUE)
    db.session.add(league)
    db.session.flush()
    for school in (it_school, other):
        db.session.add(
            NetworkSchool(network_id=league.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
        )
    direction = Direction(
        network_id=league.id, school_id=it_school.id, title="«ІТ Digital» студиясы"
    )
    db.session.add(direction)
    db.session.commit()
    director = seed.user(Role.SCHOOL_LEADER, locale="kk", school=it_school)
    sign_in(phone, director.email)
    phone.goto(live_server.path_for("directions.view_direction", direction_id=direction.id))
    expect(phone.locator("#adoptions")).to_contain_text("Әзірге ешбір мектеп енгізген жоқ.")
    phone.locator("#adoptions label", has_text=other.name).click()
    phone.locator("#adoptions button.primary").click()
    expect(phone.locator("#adoptions [role=status]")).to_contain_text(other.name)
    screenshot(phone, "directions-adoption-360-kk")
    fits_a_phone(phone)
    assert seed.find(DirectionAdoption, direction_id=direction.id).school_id == other.id
    phone.goto(live_server.path_for("directions.view_league", league_id=league.id))
    expect(phone.locator("main")).to_contain_text("1 мектеп енгізді")
    screenshot(phone, "directions-league-360-kk")
    fits_a_phone(phone)


def test_pages_fit_a_phone_without_javascript(live_server, open_page, seed):
    network, _zarechny, _michurin = _seed_network(seed)
    coordinator = seed.user(Role.COORDINATOR, locale="kk")
    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, coordinator.email)
    page.goto(live_server.path_for("monitoring.view_overview"))
    expect(page.locator("main table")).to_contain_text(network.name)
    screenshot(page, "monitoring-overview-360-kk-nojs")
    fits_a_phone(page)
