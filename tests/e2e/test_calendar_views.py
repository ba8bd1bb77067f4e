"""The month and the year plan in a real browser, in Kazakh, at 360 and 1280 px.

The month is one markup: on a phone the days that have events, as a list; on a desktop a grid
of weeks, Monday first, today marked, a crowded day showing three events and "+N more", which
opens the day. The plan has a row of links to its months, each month a heading it jumps to.
"""

from __future__ import annotations

from datetime import time

from playwright.sync_api import expect

from intranet.core.i18n import local_today
from intranet.events import cyclogram, services
from intranet.events.calendar import month_weeks
from intranet.events.models import EventKind
from intranet.extensions import db
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in
from tests.e2e.test_events_flow import _seed

CROWD = 5  # events on one day: three in the cell, "+2" behind the link


def _crowded_month(seed):
    """The events flow's year and weekly rule, generated with the past, and five more today."""
    world, _coordinator, year, _expected = _seed(seed)
    cyclogram.generate(world.network, year, None, include_past=True)
    today = local_today()
    for hour in range(CROWD):
        fields = services.EventFields(
            kind=EventKind.SEMINAR,
            title=f"Семинар №{hour + 1}: критериалды бағалау",
            day=today,
            start=time(9 + hour),
            end=time(9 + hour, 45),
        )
        services.create_event(world.network, world.lead, fields)
    db.session.commit()
    return world, year, today


def test_the_month_is_a_list_on_a_phone_and_a_grid_of_weeks_on_a_desktop(
    live_server, phone, desktop, seed
):
    world, _year, today = _crowded_month(seed)
    weeks = month_weeks(today.replace(day=1))
    crowded = f"#d-{today.isoformat()}"

    sign_in(desktop, world.teachers[0].email)
    desktop.goto(live_server.path_for("events.view_month"))
    heads = desktop.locator(".cal-head")
    expect(heads).to_have_count(7)
    expect(heads.first).to_be_visible()
    assert heads.first.text_content() == "дүйсенбі" and heads.last.text_content() == "жексенбі"
    cells = desktop.locator(".cal-day")
    expect(cells).to_have_count(7 * len(weeks))
    boxes = [cells.nth(n).bounding_box() for n in range(7)]
    assert len({round(box["y"]) for box in boxes}) == 1, "a week is one row"
    assert boxes[0]["x"] < boxes[6]["x"]
    numbers = desktop.locator(".cal-num").all_text_contents()
    assert numbers == [str(day.day) for week in weeks for day in week]
    today_cell = desktop.locator(".cal-day[aria-current=date]")
    expect(today_cell).to_have_count(1)
    expect(today_cell.locator(".cal-num")).to_have_text(str(today.day))
    outside = desktop.locator(".cal-day.outside")
    days_shown = sum(day.month == today.month for week in weeks for day in week)
    expect(outside).to_have_count(7 * len(weeks) - days_shown)
    cell = desktop.locator(crowded)
    expect(cell.locator("li:visible")).to_have_count(3)
    more = cell.locator("a.cal-more")
    expect(more).to_have_text(f"тағы {CROWD - 3}")
    screenshot(desktop, "events-month-1280")
    more.click()
    expect(cell.locator("li:visible")).to_have_count(CROWD)
    expect(more).to_be_hidden()
    screenshot(desktop, "events-month-day-open-1280")

    sign_in(phone, world.teachers[0].email)
    phone.goto(live_server.path_for("events.view_month"))
    expect(phone.locator(".cal-head").first).to_be_hidden()
    expect(phone.locator(".cal-day.empty").first).to_be_hidden()
    expect(phone.locator(f"{crowded} h2.day")).to_be_visible()
    expect(phone.locator(f"{crowded} li:visible")).to_have_count(CROWD)
    expect(phone.locator(f"{crowded} a.cal-more")).to_be_hidden()
    screenshot(phone, "events-month-list-360")
    fits_a_phone(phone)


def test_the_plan_links_to_its_months(live_server, phone, desktop, seed):
    world, year, _today = _crowded_month(seed)
    events = services.network_plan(world.network, year.starts_on, year.ends_on)
    months = list(services.month_openers(events).values())
    assert len(months) >= 4
    db.session.commit()  # end the read, or SQLite keeps the server's writes waiting
    address = live_server.path_for("events.view_plan", network_id=world.network.id)

    for page, width in ((phone, 360), (desktop, 1280)):
        sign_in(page, world.lead.email)
        page.goto(address)
        links = page.locator("nav#months a")
        expect(links).to_have_count(len(months))
        expect(page.locator("tr.plan-month h2")).to_have_count(len(months))
        expect(page.locator("table.plan tbody tr:not(.plan-month)")).to_have_count(len(events))
        screenshot(page, f"events-plan-months-{width}")
        second = months[1].isoformat()[:7]
        links.nth(1).click()
        expect(page).to_have_url(f"{page.url.split('#')[0]}#m-{second}")
        heading = page.locator(f"#m-{second}")
        expect(heading).to_be_in_viewport()
        assert heading.bounding_box()["y"] < 80, "the month's heading is at the top of the screen"
        page.locator(f"tr.plan-month:has(#m-{second}) a[href='#months']").click()
        expect(page.locator("nav#months")).to_be_in_viewport()
        if width == 360:
            fits_a_phone(page)
    link = desktop.locator("table.plan tbody td > a").first
    assert link.bounding_box()["height"] >= 44
