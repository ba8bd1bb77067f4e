"""The cyclogram with the monthly essay, in a real browser at 360 px in Kazakh: a coordinator
includes the essay in the network's cyclogram and generates a term (its events and its essay
cycles appear); a teacher sees the cycles and answers "going"; after the meeting the organiser
ticks who came; the monitoring page of the network counts the attendance."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from intranet.core.db import utcnow
from intranet.core.i18n import local_today
from intranet.essays.cyclogram import DUE_DAY, due_date, first_year_of
from intranet.essays.models import EssayCycle
from intranet.essays.schoolyear import SCHOOL_YEAR_MONTHS
from intranet.events import cyclogram
from intranet.events.calendar import to_local
from intranet.events.models import Event
from intranet.extensions import db
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in
from tests.e2e.test_events_flow import _seed


def test_a_term_opens_events_and_essay_cycles_and_monitoring_counts_attendance(
    live_server, phone, open_page, seed
):
    world, coordinator, year, expected = _seed(seed)
    network_id = world.network.id
    cycles = len(_months_due(year))

    sign_in(phone, coordinator.email)
    phone.goto(live_server.path_for("events.view_cyclogram", network_id=network_id))
    essay = phone.locator("#essay form")
    essay.locator("input[name=title]").fill("Ай сайынғы эссе: менің сабағым")
    essay.locator("textarea[name=prompt]").fill("Осы айда сабағыңызда не өзгерді? Он сөйлем.")
    with phone.expect_navigation():
        essay.locator("button[type=submit]").click()
    expect(phone.locator("#essay")).to_contain_text("Ай сайынғы эссе: менің сабағым")
    expect(phone.locator("#essay form textarea")).to_have_count(0)
    screenshot(phone, "cyclogram-essay-360")
    fits_a_phone(phone)

    form = phone.locator("#generate form")
    form.locator("select[name=year]").select_option(str(year.id))
    form.locator("select[name=period]").select_option("1")
    form.locator("input[name=include_past]").check()  # the term began 40 days ago
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    flash = phone.locator(".flash")
    expect(flash).to_contain_text(str(len(expected)))
    if cycles:
        expect(flash).to_contain_text(f"{cycles} эссе циклі ашылды")
    expect(phone.locator("table.plan tbody tr:not(.plan-month)")).to_have_count(len(expected))
    screenshot(phone, "cyclogram-generated-360")
    fits_a_phone(phone)
    assert db.session.scalar(db.select(db.func.count(EssayCycle.id))) == cycles
    db.session.commit()  # end the read, or SQLite keeps the server's writes waiting

    teacher = world.teachers[0]
    page = open_page(PHONE)
    sign_in(page, teacher.email)
    page.goto(live_server.path_for("essays.index"))
    if cycles:
        expect(page.locator("main")).to_contain_text("Ай сайынғы эссе: менің сабағым")
    screenshot(page, "cyclogram-essays-teacher-360")
    fits_a_phone(page)
    upcoming = next(day for day in expected if day > local_today())
    event = seed.find(Event, network_id=network_id, rule_date=upcoming)
    page.goto(live_server.path_for("events.view_event", event_id=event.id))
    page.locator("form.rsvp button[value='1']").click()
    expect(page.locator("form.rsvp button[value='1']")).to_have_attribute("aria-pressed", "true")

    event = seed.reload(Event, event.id)  # the meeting took place an hour ago
    event.starts_at = utcnow() - timedelta(hours=2)
    event.ends_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    phone.goto(live_server.path_for("events.view_event", event_id=event.id))
    checklist = phone.locator("#attendance form")
    checklist.locator(f"input[name=attended][value='{teacher.id}']").check()
    checklist.locator("button[type=submit]").click()
    expect(phone.locator("#attendance [role=status]")).to_contain_text("1")

    # The month of the meeting: at the start of a school year it may belong to the last one.
    held_on = to_local(event.starts_at).date()
    month = {"start": held_on.replace(day=1).isoformat(), "end": held_on.isoformat()}
    phone.goto(live_server.path_for("monitoring.view_network", network_id=network_id, **month))
    came = phone.locator(".figures p", has_text="Іс-шараларға қатысқандар")
    expect(came.locator("strong")).to_have_text("1")
    screenshot(phone, "cyclogram-monitoring-360")
    fits_a_phone(phone)


def _months_due(year):
    """The due dates term 1 of ``year`` gives, one per month of the school year the term
    belongs to (the module's rule)."""
    term, holidays = cyclogram.terms_of(year)[0], cyclogram.holiday_spans(year)
    first = first_year_of(term)
    found = []
    for month in SCHOOL_YEAR_MONTHS:
        nominal = date(first if month >= 9 else first + 1, month, DUE_DAY)
        day = due_date(nominal, term, holidays)
        if day is not None:
            found.append(day)
    return found
