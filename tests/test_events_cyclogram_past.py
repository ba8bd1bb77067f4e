"""Generating in the middle of a school year: dates before today (in Almaty) are skipped and
counted, unless the planner ticks "include past dates"; the other generators get the period from
today on; the page says how many were created and how many skipped.

The clock is moved to 3 December, 03:00 in Almaty (still 2 December in UTC) of the school year
the suite's clock is in, and the school year is computed from the moved clock: no literal date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from flask import url_for

from intranet.core.i18n import LOCAL_ZONE
from intranet.events import cyclogram
from intranet.events.calendar import Span
from intranet.events.models import Event, EventKind, Frequency
from intranet.extensions import db
from tests import clock
from tests.events_data import community


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def december(time_machine) -> date:
    """Move the clock to 3 December, 03:00 Almaty, of this school year; the Almaty day."""
    first_year = clock.school_year_start(clock.today()).year
    time_machine.move_to(datetime(first_year, 12, 3, 3, 0, tzinfo=LOCAL_ZONE), tick=False)
    return clock.today()


def _year_and_rules(world, today: date):
    """The school year of ``today`` with autumn holidays, and two weekly rules: one on today's
    weekday, one on yesterday's (UTC's date at 03:00 in Almaty)."""
    starts_on = clock.school_year_start(today)
    year = cyclogram.create_year(
        f"{starts_on.year}–{starts_on.year + 1}", starts_on, date(starts_on.year + 1, 5, 25)
    )
    autumn = starts_on + timedelta(days=55)
    cyclogram.add_holiday(year, "Күзгі демалыс", autumn, autumn + timedelta(days=6))
    rules = [
        cyclogram.add_rule(
            world.network,
            cyclogram.RuleFields(
                kind=EventKind.ONLINE_DISCUSSION,
                title=title,
                frequency=Frequency.WEEKLY,
                weekday=day.weekday(),
                start_time=time(16, 0),
                duration_minutes=60,
            ),
        )
        for title, day in (("Бүгінгі сұхбат", today), ("Кешегі сұхбат", today - timedelta(1)))
    ]
    db.session.commit()
    return year, rules


def _all_dates(rules, year) -> list[date]:
    return sorted(day for rule in rules for day in cyclogram.rule_dates(rule, year))


def test_december_skips_the_autumn_and_counts_it_and_the_option_records_it(factory, december):
    world = community(factory)
    year, rules = _year_and_rules(world, december)
    every = _all_dates(rules, year)
    past = [day for day in every if day < december]
    assert past and december in every  # today's date is not in the past

    generated = cyclogram.generate(world.network, year, None)
    db.session.commit()
    made = sorted(event.rule_date for event in generated.events)
    assert made == [day for day in every if day >= december]
    assert generated.skipped_past == len(past)
    assert december - timedelta(days=1) not in made  # Almaty's yesterday, UTC's today

    again = cyclogram.generate(world.network, year, None)
    assert (again.events, again.skipped_past) == ([], len(past))  # still not there

    recorded = cyclogram.generate(world.network, year, None, include_past=True)
    db.session.commit()
    assert sorted(event.rule_date for event in recorded.events) == past
    assert recorded.skipped_past == 0
    assert db.session.scalar(db.select(db.func.count(Event.id))) == len(every)
    last = cyclogram.generate(world.network, year, None)
    assert (last.events, last.skipped_past) == ([], 0)  # what exists is not "skipped"


def test_a_term_that_is_over_creates_nothing_and_other_generators_start_today(factory, december):
    world = community(factory)
    year, _rules = _year_and_rules(world, december)
    periods = []

    def essays(network, period, holidays, actor):
        periods.append(period)
        return 0

    cyclogram.register_generator("test-period", essays)
    try:
        first_term = cyclogram.generate(world.network, year, 1)
        whole = cyclogram.generate(world.network, year, None)
        with_past = cyclogram.generate(world.network, year, 1, include_past=True)
    finally:
        cyclogram._GENERATORS.pop("test-period")
    assert first_term.events == [] and first_term.skipped_past > 0
    assert periods == [  # the first term is over: not asked at all
        Span(december, year.ends_on),
        cyclogram.terms_of(year)[0],
    ]
    assert len(with_past.events) == first_term.skipped_past
    assert whole.skipped_past == len([d for d in _all_dates(_rules, year) if d < december])


def test_the_page_skips_past_dates_unless_ticked_and_says_how_many(factory, login_as, december):
    world = community(factory)
    year, rules = _year_and_rules(world, december)
    every = _all_dates(rules, year)
    past = len([day for day in every if day < december])
    lead = login_as(world.lead)
    address = url_for("events.generate_events", network_id=world.network.id)
    data = {"form_token": "generate-past-0001", "year": year.id, "period": "year"}

    page = lead.get(url_for("events.view_cyclogram", network_id=world.network.id))
    box = re.search(r'<input[^>]*name="include_past"[^>]*>', page.get_data(as_text=True))
    assert 'type="checkbox"' in box[0] and "checked" not in box[0]  # off by default

    response = lead.post(address, data=data, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert f"{len(every) - past} events generated." in body
    assert f"{past} events on dates that have passed were skipped." in body
    assert db.session.scalar(db.select(db.func.count(Event.id))) == len(every) - past

    ticked = {**data, "form_token": "generate-past-0002", "include_past": "y"}
    body = lead.post(address, data=ticked, follow_redirects=True).get_data(as_text=True)
    assert f"{past} events generated." in body and "skipped" not in body
    assert db.session.scalar(db.select(db.func.count(Event.id))) == len(every)


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "Пропущено 1 мероприятие на прошедшую дату."),
        (3, "Пропущено 3 мероприятия на прошедшие даты."),
        (5, "Пропущено 5 мероприятий на прошедшие даты."),
    ],
)
def test_russian_counts_skipped_events_in_three_forms(app, count, text):
    from flask_babel import force_locale, ngettext

    with force_locale("ru"):
        message = ngettext(
            "%(num)d event on a date that has passed was skipped.",
            "%(num)d events on dates that have passed were skipped.",
            count,
        )
        assert message % {"num": count} == text
