"""Events in a real browser at 360 px, in Kazakh: a coordinator generates a term from the
network's cyclogram; a teacher answers "going" in place; after the meeting the organiser ticks
who came on the attendance checklist, and the event's page shows it."""

from __future__ import annotations

import re
from datetime import time, timedelta

from playwright.sync_api import expect

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.core.i18n import local_today
from intranet.events import cyclogram
from intranet.events.calendar import weekly_occurrences
from intranet.events.models import Event, EventKind, EventResponse, Frequency
from intranet.extensions import db
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)
from tests.events_data import community


def _seed(seed):
    seed.locale = "kk"  # people read Zheli in Kazakh
    world = community(seed)
    coordinator = seed.user(Role.COORDINATOR, full_name="Гүлнар Жұмабекова")
    today = local_today()
    first, last = today - timedelta(days=40), today + timedelta(days=120)
    year = cyclogram.create_year(f"{first.year}–{last.year}", first, last)
    holiday = (today + timedelta(days=30), today + timedelta(days=36))
    cyclogram.add_holiday(year, "Күзгі демалыс", *holiday)
    weekday = (today + timedelta(days=1)).weekday()
    cyclogram.add_rule(
        world.network,
        cyclogram.RuleFields(
            kind=EventKind.ONLINE_DISCUSSION,
            title="Онлайн сұхбат: сыни ойлауға үйрету",
            frequency=Frequency.WEEKLY,
            weekday=weekday,
            start_time=time(16, 0),
            duration_minutes=60,
            purpose="Әлеуметтік желідегі сұхбат арқылы пайда болған проблемаларды ортаға салу.",
            responsible="«ШЫҢ» КҚ, аудан мектептері",
        ),
    )
    db.session.commit()
    term = cyclogram.terms_of(year)[0]
    expected = weekly_occurrences(
        step_weeks=1,
        weekday=weekday,
        year=cyclogram.year_span(year),
        holidays=cyclogram.holiday_spans(year),
    )
    expected = [day for day in expected if day in term]
    return world, coordinator, year, expected


def test_generate_a_term_rsvp_and_mark_attendance(live_server, phone, open_page, seed):
    world, coordinator, year, expected = _seed(seed)
    network_id = world.network.id

    sign_in(phone, coordinator.email)
    phone.goto(live_server.path_for("events.view_cyclogram", network_id=network_id))
    expect(phone.locator("main")).to_contain_text("Онлайн сұхбат: сыни ойлауға үйрету")
    form = phone.locator("#generate form")
    form.locator("select[name=year]").select_option(str(year.id))
    form.locator("select[name=period]").select_option("1")
    screenshot(phone, "events-cyclogram-360")
    fits_a_phone(phone)
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    coming = [day for day in expected if day >= local_today()]  # the term began 40 days ago
    flash = phone.locator(".flash")
    expect(flash).to_contain_text(str(len(coming)))
    expect(flash).to_contain_text(f"Күні өтіп кеткен {len(expected) - len(coming)} іс-шара")
    expect(phone.locator("table.plan tbody tr:not(.plan-month)")).to_have_count(len(coming))
    screenshot(phone, "events-plan-360")
    fits_a_phone(phone)
    generated = seed.find(Event, network_id=network_id, rule_date=expected[-1])
    assert generated is not None and generated.organiser_id == coordinator.id

    teacher = world.teachers[0]
    page = open_page(PHONE)
    sign_in(page, teacher.email)
    page.goto(live_server.path_for("events.list_events"))
    upcoming = page.locator("main ul.list li").first
    expect(upcoming).to_contain_text("Онлайн сұхбат")
    screenshot(page, "events-upcoming-360")
    fits_a_phone(page)
    with page.expect_navigation():
        upcoming.locator("a").first.click()
    event_id = int(page.url.rstrip("/").split("/")[-1])
    page.evaluate("() => { window.zheliTestMark = 'still here'; }")
    page.locator("form.rsvp button[value='1']").click()
    expect(page.locator("form.rsvp button[value='1']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("form.rsvp [role=status]")).to_contain_text("1")
    assert page.evaluate("() => window.zheliTestMark") == "still here", "the page was reloaded"
    screenshot(page, "events-rsvp-360")
    fits_a_phone(page)
    answer = seed.find(EventResponse, event_id=event_id, user_id=teacher.id)
    assert answer is not None and answer.going is True

    # The meeting takes place: move it to an hour ago.
    event = seed.reload(Event, event_id)
    event.starts_at = utcnow() - timedelta(hours=2)
    event.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    phone.goto(live_server.path_for("events.view_event", event_id=event_id))
    checklist = phone.locator("#attendance form")
    expect(checklist.locator("input[name=attended]")).to_have_count(3)
    expect(phone.locator("form.rsvp button")).to_have_count(0)  # answers close once it is over
    checklist.locator(f"input[name=attended][value='{teacher.id}']").check()
    checklist.locator("button[type=submit]").click()
    expect(phone.locator("#attendance [role=status]")).to_contain_text("1")
    screenshot(phone, "events-attendance-360")
    fits_a_phone(phone)
    marked = seed.find(EventResponse, event_id=event_id, user_id=teacher.id)
    assert marked.attended is True

    page.reload()
    expect(page.locator("#attendance")).to_contain_text(teacher.full_name)
    expect(page.locator("#attendance input[name=attended]")).to_have_count(0)
    screenshot(page, "events-attended-teacher-360")
    fits_a_phone(page)


def test_month_and_feed_pages_fit_a_phone(live_server, phone, seed):
    world, _coordinator, year, _expected = _seed(seed)
    cyclogram.generate(world.network, year, None, include_past=True)
    db.session.commit()
    sign_in(phone, world.teachers[1].email)
    phone.goto(live_server.path_for("events.view_month"))
    expect(phone.locator("main h2.day").first).to_be_visible()
    screenshot(phone, "events-month-360")
    fits_a_phone(phone)
    phone.goto(live_server.path_for("events.view_feed"))
    with phone.expect_navigation():
        phone.locator("main form button.primary").click()
    address = phone.locator("input.feed-url").input_value()
    assert "/events/feed/" in address and address.endswith(".ics")
    webcal = address.replace("http://", "webcal://", 1)
    expect(phone.locator(".subscribe a").first).to_have_attribute("href", webcal)
    google = phone.locator(".subscribe a").last
    expect(google).to_have_attribute("href", re.compile(r"^https://calendar\.google\.com/"))
    screenshot(phone, "events-feed-360")
    fits_a_phone(phone)
    body = phone.request.get(address)
    assert body.status == 200 and b"BEGIN:VEVENT" in body.body()


def test_the_forms_fit_a_phone(live_server, phone, seed):
    world, coordinator, year, _expected = _seed(seed)
    sign_in(phone, coordinator.email)
    phone.goto(live_server.path_for("events.create_event", network=world.network.id))
    expect(phone.locator("main select[name=network]")).to_have_value(str(world.network.id))
    screenshot(phone, "events-new-360")
    fits_a_phone(phone)
    phone.goto(live_server.path_for("events.manage_years"))
    expect(phone.locator("main")).to_contain_text(year.name)
    phone.locator("main details summary").first.click()
    screenshot(phone, "events-years-360")
    fits_a_phone(phone)
    phone.goto(live_server.path_for("events.view_cyclogram", network_id=world.network.id))
    phone.locator("main details summary").click()
    phone.locator("main details input[name=hosts]").first.check()
    screenshot(phone, "events-rule-form-360")
    fits_a_phone(phone)
