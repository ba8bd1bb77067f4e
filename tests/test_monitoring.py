"""Monitoring: the period, the metric registry, figures checked against data built here, the
1:10 figure, the CSV downloads, who sees what, and the page budgets at 100 schools."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.core.localformat import format_number
from intranet.extensions import db
from intranet.forum.metrics import FORUM_POSTS
from intranet.forum.models import Category, Post, Thread
from intranet.monitoring import metrics
from intranet.monitoring.metrics import Metric, compute_all, register
from intranet.monitoring.period import Period
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole
from tests import clock
from tests.measure import gzip_size
from tests.monitoring_data import year_of_activity

#: The data below is built in the current school year (``Y``-09-01 to ``Y+1``-08-31), so that
#: the pages' default period, which is the current school year, shows it on any day.
Y = clock.SCHOOL_YEAR.year
YEAR = {"start": f"{Y}-09-01", "end": f"{Y + 1}-08-31"}


@pytest.fixture(autouse=True)
def request_context(app):
    """For ``url_for`` in the tests themselves."""
    with app.test_request_context():
        yield


# --- The period ---------------------------------------------------------------------------------


def test_the_default_period_is_the_school_year_in_almaty():
    autumn = Period.school_year(date(2026, 12, 1))
    spring = Period.school_year(date(2027, 3, 15))
    summer = Period.school_year(date(2026, 8, 31))
    assert (autumn.first, autumn.last) == (date(2026, 9, 1), date(2027, 8, 31))
    assert spring == autumn
    assert (summer.first, summer.last) == (date(2025, 9, 1), date(2026, 8, 31))
    assert len(autumn.months) == 12 and autumn.months[0] == "2026-09"
    assert autumn.months[-1] == "2027-08"
    # Midnight in Almaty (UTC+5) is 19:00 UTC the day before.
    assert autumn.starts_at == datetime(2026, 8, 31, 19, 0)
    assert autumn.ends_before == datetime(2027, 8, 31, 19, 0)


# --- Figures against data built in the test -----------------------------------------------------


def _post(thread, author, at, number, **fields):
    post = Post(
        thread_id=thread.id,
        number=number,
        author_id=author.id,
        body="Сәлем",
        body_html="<p>Сәлем</p>",
        created_at=at,
        **fields,
    )
    db.session.add(post)
    return post


@pytest.fixture
def two_schools(factory):
    """School A: a signs in and posts, b posts only (twice in October, once across the
    September boundary), c signed in last year; a deleted post and last year's post are not
    counted. School B: one post in November."""
    school_a = factory.school("Заречный орта мектебі")
    school_b = factory.school("Мичурин орта мектебі")
    a = factory.user(Role.TEACHER, school=school_a)
    b = factory.user(Role.TEACHER, school=school_a)
    c = factory.user(Role.TEACHER, school=school_a)
    d = factory.user(Role.TEACHER, school=school_b)
    a.last_login_at = datetime(Y, 11, 20, 8, 0)
    c.last_login_at = datetime(Y, 5, 1, 8, 0)
    category = Category(title="Жалпы талқылау")
    db.session.add(category)
    db.session.flush()
    thread = Thread(category_id=category.id, title="Сыни ойлау", author_id=b.id)
    thread.created_at = datetime(Y, 10, 2, 9, 0)
    db.session.add(thread)
    db.session.flush()
    # 31 August 20:00 UTC is 1 September 01:00 in Almaty: inside the school year.
    _post(thread, b, datetime(Y, 8, 31, 20, 0), 1)
    # 30 September 20:00 UTC is 1 October in Almaty.
    _post(thread, b, datetime(Y, 9, 30, 20, 0), 2)
    _post(thread, b, datetime(Y, 10, 15, 9, 0), 3)
    _post(thread, a, datetime(Y, 11, 3, 9, 0), 4)
    _post(thread, a, datetime(Y, 11, 4, 9, 0), 5, deleted_at=datetime(Y, 11, 5))
    _post(thread, a, datetime(Y, 8, 31, 18, 0), 6)  # 23:00 on 31 August: last year
    _post(thread, d, datetime(Y, 11, 10, 9, 0), 7)
    db.session.commit()
    return school_a, school_b


def test_metrics_count_what_the_test_built(app, two_schools):
    school_a, school_b = two_schools
    period = Period(date(Y, 9, 1), date(Y + 1, 8, 31))
    results = compute_all([school_a.id, school_b.id], period)
    posts = results["forum_posts"]
    assert posts.totals == {school_a.id: 4, school_b.id: 1}
    assert posts.months[school_a.id] == {f"{Y}-09": 1, f"{Y}-10": 2, f"{Y}-11": 1}
    assert posts.series([school_a.id, school_b.id], period.months)[:3] == [1, 2, 2]
    active = results["active_members"]
    assert active.totals == {school_a.id: 2, school_b.id: 1}  # a and b; c signed in last year
    assert active.months[school_a.id] == {f"{Y}-09": 1, f"{Y}-10": 1, f"{Y}-11": 1}
    assert results["forum_threads"].totals == {school_a.id: 1}
    autumn = compute_all([school_a.id], Period(date(Y, 10, 1), date(Y, 10, 31)))
    assert autumn["forum_posts"].totals == {school_a.id: 2}
    assert autumn["active_members"].totals == {school_a.id: 1}


def test_one_metric_or_all_of_them_cost_one_query(app, two_schools, query_counter):
    school_a, school_b = two_schools
    period = Period(date(Y, 9, 1), date(Y + 1, 8, 31))
    ids = [school_a.id, school_b.id]
    with query_counter() as one:
        alone = FORUM_POSTS.compute(ids, period)
    with query_counter() as every:
        together = compute_all(ids, period)
    assert one.count == 1 and every.count == 1
    assert len(metrics.registered()) >= 3
    assert alone.totals == together["forum_posts"].totals


def test_the_registry_refuses_a_second_metric_with_the_same_key_or_a_bad_key():
    with pytest.raises(ValueError, match="twice"):
        register(Metric("forum_posts", "again", FORUM_POSTS.source))
    with pytest.raises(ValueError, match="must match"):
        register(Metric("Bad key!", "bad", FORUM_POSTS.source))


def test_metrics_are_listed_by_position_then_in_registration_order():
    """The forum's figures lead whichever feature was imported first; a metric registered now
    with the default position comes last, one with the forum's position right after them."""
    keys = [metric.key for metric in metrics.registered()]
    assert keys[:3] == ["active_members", "forum_posts", "forum_threads"]
    late = Metric("test_late", "Late (test)", FORUM_POSTS.source)
    early = Metric("test_early", "Early (test)", FORUM_POSTS.source, position=0)
    metrics._REGISTRY[late.key] = late
    metrics._REGISTRY[early.key] = early
    try:
        keys = [metric.key for metric in metrics.registered()]
        assert keys[:4] == ["active_members", "forum_posts", "forum_threads", "test_early"]
        assert keys[-1] == "test_late"
    finally:
        del metrics._REGISTRY[late.key], metrics._REGISTRY[early.key]


def test_a_registered_metric_appears_on_the_pages_without_touching_the_views(
    app, two_schools, login_as
):
    school_a, _school_b = two_schools
    extra = Metric("test_long_posts", "Long posts (test)", FORUM_POSTS.source, chart=False)
    metrics._REGISTRY[extra.key] = extra
    try:
        client = login_as(Role.COORDINATOR)
        page = client.get(url_for("monitoring.view_school", school_id=school_a.id, **YEAR))
        assert "Long posts (test)" in page.get_data(as_text=True)
    finally:
        del metrics._REGISTRY[extra.key]


def _cells(html: str, name: str) -> list[str]:
    """The cells of the table row whose first cell links ``name``."""
    row = re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(name)}</a>.*?</tr>", html, re.S)
    assert row, f"no row for {name}"
    return re.findall(r"<td>(\d+)", row.group(0))


def test_network_rows_sum_their_schools(app, two_schools, login_as):
    school_a, school_b = two_schools
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    for school in (school_a, school_b):
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    client = login_as(Role.COORDINATOR)
    overview = client.get(url_for("monitoring.view_overview", **YEAR)).get_data(as_text=True)
    # schools, active members, posts, threads (then the metrics of other features, all 0 here)
    assert _cells(overview, network.name)[:4] == ["2", "3", "5", "1"]
    assert set(_cells(overview, network.name)[4:]) <= {"0"}
    page = client.get(url_for("monitoring.view_network", network_id=network.id, **YEAR))
    html = page.get_data(as_text=True)
    assert _cells(html, school_a.name)[:3] == ["2", "4", "1"]
    assert _cells(html, school_b.name)[:3] == ["1", "1", "0"]
    charted = sum(metric.chart for metric in metrics.registered())
    assert charted >= 2 and html.count('class="bar"') == charted * 12  # 12 months per chart
    assert "style=" not in html


def test_the_period_form_changes_the_figures_and_refuses_a_backwards_period(
    app, two_schools, login_as
):
    school_a, _school_b = two_schools
    client = login_as(Role.COORDINATOR)
    october = client.get(
        url_for(
            "monitoring.view_school", school_id=school_a.id, start=f"{Y}-10-01", end=f"{Y}-10-31"
        )
    ).get_data(as_text=True)
    assert re.search(r"<strong>2</strong> Forum posts", october)
    backwards = client.get(
        url_for(
            "monitoring.view_school", school_id=school_a.id, start=f"{Y}-10-31", end=f"{Y}-10-01"
        )
    )
    assert backwards.status_code == 200
    text = backwards.get_data(as_text=True)
    assert "The period ends before it starts." in text
    assert re.search(r"<strong>4</strong> Forum posts", text)  # the school year instead


# --- The 1:10 rule ------------------------------------------------------------------------------


def _leading_network(factory, partners: int) -> Network:
    network = Network(name=f"Жетекші мектеп желісі {partners}", kind=NetworkKind.LEADING_SCHOOL)
    db.session.add(network)
    db.session.flush()
    roles = [NetworkSchoolRole.LEADING] + [NetworkSchoolRole.PARTNER] * partners
    for role in roles:
        school = factory.school()
        db.session.add(NetworkSchool(network_id=network.id, school_id=school.id, role=role))
    db.session.commit()
    return network


def test_leading_school_networks_show_partners_against_the_1_to_10_rule(app, factory, login_as):
    kept = _leading_network(factory, 4)
    broken = _leading_network(factory, 11)
    client = login_as(Role.COORDINATOR)
    html = client.get(url_for("monitoring.view_network", network_id=kept.id)).get_data(as_text=True)
    assert "4 / 10" in html and "the 1:10 rule is broken" not in html
    html = client.get(url_for("monitoring.view_network", network_id=broken.id)).get_data(
        as_text=True
    )
    assert "11 / 10" in html and "the 1:10 rule is broken" in html
    overview = client.get(url_for("monitoring.view_overview")).get_data(as_text=True)
    assert "4 / 10" in overview and "11 / 10" in overview


# --- Who sees what ------------------------------------------------------------------------------


def test_a_director_sees_only_their_own_school(app, two_schools, login_as):
    school_a, school_b = two_schools
    director = login_as(Role.SCHOOL_LEADER, school=school_a)
    own = director.get(url_for("monitoring.view_school", school_id=school_a.id, **YEAR))
    assert own.status_code == 200
    assert re.search(r"<strong>4</strong> Forum posts", own.get_data(as_text=True))
    assert director.get(url_for("monitoring.view_school", school_id=school_b.id)).status_code == 404
    assert (
        director.get(url_for("monitoring.export_school", school_id=school_b.id)).status_code == 404
    )
    overview = director.get(url_for("monitoring.view_overview", **YEAR))
    assert overview.status_code == 302
    assert overview.location.startswith(url_for("monitoring.view_school", school_id=school_a.id))
    assert director.get(url_for("monitoring.export_overview")).status_code == 403
    teacher = login_as(Role.TEACHER, school=school_a)
    assert teacher.get(url_for("monitoring.view_overview")).status_code == 403
    assert teacher.get(url_for("monitoring.view_school", school_id=school_a.id)).status_code == 404


def test_a_network_lead_sees_their_network_and_its_schools_only(
    app, two_schools, factory, login_as
):
    """The lead reaches the figures from the network page; another network, a school outside
    the network and the all-networks table answer as if they did not exist; a member without
    the lead role sees no link and gets 404."""
    from intranet.network.models import Membership, MembershipRole

    school_a, school_b = two_schools
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    other = Network(name="Бастауыш сынып мұғалімдері", kind=NetworkKind.COMMUNITY)
    db.session.add_all([network, other])
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school_a.id, role=NetworkSchoolRole.MEMBER)
    )
    db.session.add(
        NetworkSchool(network_id=other.id, school_id=school_b.id, role=NetworkSchoolRole.MEMBER)
    )
    lead_user = factory.user(Role.TEACHER, school=school_a)
    member_user = factory.user(Role.TEACHER, school=school_a)
    db.session.add(
        Membership(network_id=network.id, user_id=lead_user.id, role=MembershipRole.LEAD)
    )
    db.session.commit()
    lead = login_as(lead_user)
    figures = url_for("monitoring.view_network", network_id=network.id, **YEAR)
    assert figures.split("?")[0] in lead.get(
        url_for("network.view_network", network_id=network.id)
    ).get_data(as_text=True)
    page = lead.get(figures)
    assert page.status_code == 200
    # active members: the two of the fixture and the lead, who has just signed in
    assert _cells(page.get_data(as_text=True), school_a.name)[:3] == ["3", "4", "1"]
    assert "All networks" not in page.get_data(as_text=True)
    assert lead.get(url_for("monitoring.view_school", school_id=school_a.id)).status_code == 200
    assert lead.get(url_for("monitoring.export_network", network_id=network.id)).status_code == 200
    for refused in (
        url_for("monitoring.view_network", network_id=other.id),
        url_for("monitoring.export_network", network_id=other.id),
        url_for("monitoring.view_school", school_id=school_b.id),
    ):
        assert lead.get(refused).status_code == 404, refused
    assert lead.get(url_for("monitoring.export_overview")).status_code == 403
    member = login_as(member_user)
    assert figures.split("?")[0] not in member.get(
        url_for("network.view_network", network_id=network.id)
    ).get_data(as_text=True)
    assert member.get(figures).status_code == 404


def test_the_menu_offers_monitoring_to_directors_and_staff_only(app, login_as):
    link = url_for("monitoring.view_overview")
    assert link in login_as(Role.SCHOOL_LEADER).get("/").get_data(as_text=True)
    assert link in login_as(Role.COORDINATOR).get("/").get_data(as_text=True)
    assert link not in login_as(Role.TEACHER).get("/").get_data(as_text=True)


# --- CSV ----------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_table_downloads_as_csv_with_a_bom(app, two_schools, login_as):
    school_a, _school_b = two_schools
    network = Network(name="Лига", kind=NetworkKind.LEAGUE)
    db.session.add(network)
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school_a.id, role=NetworkSchoolRole.MEMBER)
    )
    db.session.commit()
    client = login_as(Role.COORDINATOR)
    rows = _csv(client.get(url_for("monitoring.export_school", school_id=school_a.id, **YEAR)))
    # The forum's metrics come first; other features' metrics follow (none of them here).
    assert rows[0][:4] == ["Month", "Active members", "Forum posts", "Forum threads"]
    assert rows[0][4:] == [str(metric.label) for metric in metrics.registered()[3:]]
    assert rows[1][:4] == [f"{Y}-09", "1", "1", "0"]
    assert rows[2][:4] == [f"{Y}-10", "1", "2", "1"]
    assert rows[-1][:4] == ["Total", "2", "4", "1"]
    assert len(rows) == 12 + 2
    rows = _csv(client.get(url_for("monitoring.export_network", network_id=network.id, **YEAR)))
    assert rows[1][:5] == [school_a.name, "Member school", "2", "4", "1"]
    rows = _csv(client.get(url_for("monitoring.export_overview", **YEAR)))
    assert rows[0][:4] == ["Network", "Kind", "Schools", "Partner schools"]
    assert rows[1][:7] == ["Лига", "Directors' league", "1", "", "2", "4", "1"]


# --- Budgets ------------------------------------------------------------------------------------


def test_the_network_page_for_100_schools_keeps_its_budgets(app, login_as, query_counter):
    small = year_of_activity("Шағын желі", schools=10)
    big = year_of_activity("Үлкен желі", schools=100)
    client = login_as(Role.COORDINATOR)
    small_url = url_for("monitoring.view_network", network_id=small.network.id, **YEAR)
    big_url = url_for("monitoring.view_network", network_id=big.network.id, **YEAR)
    db.session.expire_all()  # nothing is served from the test's own identity map
    with query_counter() as few:
        client.get(small_url)
    db.session.expire_all()
    with query_counter() as many:
        response = client.get(big_url)
    print(
        f"network page, 100 schools: {many.count} queries, {gzip_size(response.get_data())} B gzip"
    )
    html = response.get_data()
    assert response.status_code == 200
    assert many.count <= 12, many.statements
    assert many.count == few.count, (few.statements, many.statements)
    assert gzip_size(html) <= 14 * 1024, gzip_size(html)
    text = html.decode()
    assert text.count("<tr>") == 1 + 25  # the header and one page of schools
    assert f"<strong>{format_number(100 * big.posts_per_school)}</strong> Forum posts" in text
    assert f"<strong>{format_number(100 * big.people_per_school)}</strong> Active members" in text
    with query_counter() as overview:
        page = client.get(url_for("monitoring.view_overview", **YEAR))
    assert overview.count <= 12, overview.statements
    assert gzip_size(page.get_data()) <= 14 * 1024
    with query_counter() as school:
        client.get(url_for("monitoring.view_school", school_id=big.school_ids[0], **YEAR))
    assert school.count <= 12
