"""The month grid and the plan's month anchors, as HTML: whole weeks Monday first with the
weekdays' names in the reader's language, today marked, the days around the month dimmed, a
crowded day with "+N more"; the plan's links to the months that have events, each a heading
with that id; and both pages' queries, which do not grow with the events."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from flask import url_for

from intranet.events import services
from intranet.events.calendar import month_weeks
from intranet.events.models import EventKind
from intranet.extensions import db
from tests import clock
from tests.events_data import community

CELL = re.compile(
    r'<div class="cal-day([^"]*)"([^>]*)>\s*<span class="cal-num" aria-hidden="true">(\d+)</span>'
)
HEAD = re.compile(r'<div class="cal-head" aria-hidden="true">([^<]+)</div>')


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _this_school_year():
    from intranet.events import cyclogram

    start = clock.school_year_start(clock.today())
    ends = start.replace(year=start.year + 1) - timedelta(days=1)  # today is inside, even in July
    year = cyclogram.create_year(f"{start.year}–{start.year + 1}", start, ends)
    db.session.commit()
    return year


def _events_on(world, day, count: int) -> None:
    for n in range(count):
        fields = services.EventFields(
            kind=EventKind.SEMINAR,
            title=f"Семинар {day.isoformat()} №{n + 1}",
            day=day,
            start=time(9 + n % 10, 0),
            end=time(9 + n % 10, 45),
        )
        services.create_event(world.network, world.lead, fields)
    db.session.commit()


@pytest.mark.parametrize(
    ("monday", "sunday", "more"),
    [
        pytest.param("дүйсенбі", "жексенбі", "тағы 2", marks=pytest.mark.locale("kk"), id="kk"),
        pytest.param(
            "понедельник", "воскресенье", "ещё 2", marks=pytest.mark.locale("ru"), id="ru"
        ),
        pytest.param("Monday", "Sunday", "+2 more", id="en"),
    ],
)
def test_the_month_is_whole_weeks_from_monday_with_today_marked(
    factory, login_as, monday, sunday, more
):
    world = community(factory)
    today = clock.today()
    _events_on(world, today, 5)
    html = login_as(world.teachers[0]).get(url_for("events.view_month")).get_data(as_text=True)

    heads = HEAD.findall(html)
    assert (len(heads), heads[0], heads[-1]) == (7, monday, sunday)
    weeks = month_weeks(today.replace(day=1))
    cells = CELL.findall(html)
    assert len(cells) == 7 * len(weeks) and weeks[0][0].weekday() == 0
    assert [int(number) for _class, _attrs, number in cells] == [
        day.day for week in weeks for day in week
    ]
    outside = [" outside" in classes for classes, _attrs, _number in cells]
    assert outside == [day.month != today.month for week in weeks for day in week]
    marked = [
        (classes, number) for classes, attrs, number in cells if 'aria-current="date"' in attrs
    ]
    assert marked == [(" today", str(today.day))]
    assert html.count(f"Семинар {today.isoformat()}") == 5  # all in the page: a phone lists them
    assert html.count('class="cal-more"') == 1
    assert f'<a class="cal-more" href="#d-{today.isoformat()}">{more}</a>' in html


def test_a_month_without_events_says_so_and_still_draws_its_weeks(factory, login_as):
    world = community(factory)
    later = (clock.today().replace(day=1) + timedelta(days=62)).replace(day=1)
    address = url_for("events.view_month", m=later.isoformat()[:7])
    html = login_as(world.teachers[0]).get(address).get_data(as_text=True)
    assert "No events this month." in html
    assert len(CELL.findall(html)) == 7 * len(month_weeks(later))
    assert 'aria-current="date"' not in html and "<h2" not in html


def test_the_plan_links_only_to_months_that_have_events_and_numbers_on(factory, login_as):
    world = community(factory)
    start = _this_school_year().starts_on
    first, third = start + timedelta(days=9), start + timedelta(days=70)  # September, November
    _events_on(world, first, 2)
    _events_on(world, third, 3)
    html = (
        login_as(world.lead)
        .get(url_for("events.view_plan", network_id=world.network.id))
        .get_data(as_text=True)
    )
    nav = re.search(r'<nav class="plain" id="months"[^>]*>(.*?)</nav>', html, re.S)[1]
    wanted = [first.isoformat()[:7], third.isoformat()[:7]]
    assert re.findall(r'href="#m-([\d-]+)"', nav) == wanted
    assert re.findall(r'<h2 id="m-([\d-]+)"', html) == wanted
    numbers = re.findall(r"<tr>\s*<td>(\d+)</td>", html)
    assert numbers == [str(n) for n in range(1, 6)]  # one count over the months
    assert html.count('href="#months"') == 1  # from the second month on
    assert (
        f'<a class="tap" href="{url_for("events.list_events", network=world.network.id)}"' in html
    )


def test_the_month_and_the_plan_keep_their_queries_as_events_grow(factory, login_as, query_counter):
    world = community(factory)
    _this_school_year()
    today = clock.today()
    client = login_as(world.teachers[0])
    pages = [url_for("events.view_month"), url_for("events.view_plan", network_id=world.network.id)]

    def counts():
        found = []
        for address in pages:
            client.get(address)
            with query_counter() as log:
                assert client.get(address).status_code == 200
            found.append(log.count)
        return found

    _events_on(world, today, 1)
    few = counts()
    for days in range(0, 20, 2):
        _events_on(world, today.replace(day=1) + timedelta(days=days), 6)
    assert counts() == few and max(few) <= 12
