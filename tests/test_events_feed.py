"""The private iCal feed, parsed back with the ``icalendar`` package: UIDs, summaries, UTC times
that are the Almaty times entered, only visible events, one shown-once token whose hash alone
is stored, and revoked or replaced tokens answering 404."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from flask import url_for
from icalendar import Calendar

from intranet.core.i18n import local_today
from intranet.events import feeds, services
from intranet.events.feeds import hash_token
from intranet.events.models import CalendarFeed, EventKind
from intranet.extensions import db
from tests.events_data import community

ALMATY = ZoneInfo("Asia/Almaty")
FEED_URL = re.compile(r'value="(http://[^"]+/events/feed/([A-Za-z0-9_-]+)\.ics)"')


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _issue(client) -> tuple[str, str]:
    token_field = re.search(r'name="form_token" value="([^"]+)"', client.get(
        url_for("events.view_feed")).get_data(as_text=True))  # fmt: skip
    response = client.post(
        url_for("events.issue_feed"), data={"form_token": token_field[1], "action": "issue"}
    )
    assert response.status_code == 200
    found = FEED_URL.search(response.get_data(as_text=True))
    assert found, "the new address is shown"
    return found[1], found[2]


def _create(world, title, day, start, end, kind=EventKind.WEBINAR):
    fields = services.EventFields(kind=kind, title=title, day=day, start=start, end=end)
    event = services.create_event(world.network, world.lead, fields)
    db.session.commit()
    return event


def test_the_feed_parses_back_with_uids_summaries_and_almaty_times(factory, login_as, client):
    world = community(factory)
    today = local_today()
    webinar = _create(
        world,
        "Вебинар «Сын тұрғысынан ойлауға үйретудің тиімді әдіс-тәсілдері»",
        today,
        time(23, 30),
        time(23, 59),
    )
    walk = _create(
        world, "Бірлескен оқу серуені", today, time(9, 0), time(11, 0), EventKind.LEARNING_WALK
    )
    services.cancel_event(walk, world.lead)
    db.session.commit()
    other = community(factory, name="Басқа желі")
    hidden = _create(other, "Басқа желінің семинары", today, time(10), time(11))
    teacher = login_as(world.teachers[0])
    address, token = _issue(teacher)
    stored = db.session.scalars(db.select(CalendarFeed)).one()
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash

    anonymous = client.get(address)  # a phone calendar has no session
    assert anonymous.status_code == 200
    assert anonymous.mimetype == "text/calendar"
    calendar = Calendar.from_ical(anonymous.get_data())
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Almaty"
    entries = {str(entry["UID"]): entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {f"event-{webinar.id}@localhost", f"event-{walk.id}@localhost"}
    assert f"event-{hidden.id}@localhost" not in entries
    entry = entries[f"event-{webinar.id}@localhost"]
    assert str(entry["SUMMARY"]) == webinar.title
    start = entry.decoded("DTSTART")
    assert start.utcoffset().total_seconds() == 0  # UTC, converted by the phone
    assert start.astimezone(ALMATY) == datetime.combine(today, time(23, 30), tzinfo=ALMATY)
    assert start.astimezone(ALMATY).date() == today
    assert entry.decoded("DTEND") == datetime.combine(
        today, time(23, 59), tzinfo=ALMATY
    ).astimezone(UTC)
    assert url_for("events.view_event", event_id=webinar.id) in str(entry["URL"])
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entries[f"event-{walk.id}@localhost"]["STATUS"]) == "CANCELLED"

    assert "Make a new address" in teacher.get(url_for("events.view_feed")).get_data(as_text=True)
    assert token not in teacher.get(url_for("events.view_feed")).get_data(as_text=True)


def test_revoked_and_replaced_tokens_get_404(factory, login_as, client):
    world = community(factory)
    teacher = login_as(world.teachers[0])
    first, _token = _issue(teacher)
    second, _token = _issue(teacher)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    form = re.search(r'name="form_token" value="([^"]+)"', teacher.get(
        url_for("events.view_feed")).get_data(as_text=True))  # fmt: skip
    revoked = teacher.post(
        url_for("events.revoke_feed"), data={"form_token": form[1], "action": "revoke"}
    )
    assert revoked.status_code == 302
    assert client.get(second).status_code == 404
    assert db.session.scalar(db.select(db.func.count(CalendarFeed.id))) == 0
    assert client.get(url_for("events.ical_feed", token="not-a-token")).status_code == 404


def test_a_suspended_persons_feed_stops(factory, login_as, client):
    from intranet.accounts.models import AccountStatus

    world = community(factory)
    teacher = login_as(world.teachers[0])
    address, _token = _issue(teacher)
    person = db.session.get(type(world.teachers[0]), world.teachers[0].id)
    person.status = AccountStatus.SUSPENDED
    db.session.commit()
    assert client.get(address).status_code == 404


def test_the_new_address_comes_with_webcal_and_google_calendar_links(factory, login_as):
    """Beside the shown-once address: the same address as ``webcal://``, and Google Calendar's
    add-by-URL link with that address percent-encoded; on the page's later views, neither."""
    world = community(factory)
    teacher = login_as(world.teachers[0])
    token_field = re.search(r'name="form_token" value="([^"]+)"', teacher.get(
        url_for("events.view_feed")).get_data(as_text=True))  # fmt: skip
    page = teacher.post(
        url_for("events.issue_feed"), data={"form_token": token_field[1], "action": "issue"}
    ).get_data(as_text=True)
    address, token = FEED_URL.search(page).groups()
    host = address.removeprefix("http://").split("/")[0]
    webcal = f"webcal://{host}/events/feed/{token}.ics"
    google = (
        "https://calendar.google.com/calendar/r?cid="
        f"webcal%3A%2F%2F{host.replace(':', '%3A')}%2Fevents%2Ffeed%2F{token}.ics"
    )
    assert f'<a class="button" href="{webcal}">Subscribe in a calendar app</a>' in page
    assert f'href="{google}" rel="noreferrer">Add to Google Calendar</a>' in page
    later = teacher.get(url_for("events.view_feed")).get_data(as_text=True)
    assert "webcal://" not in later and "calendar.google.com" not in later


def test_subscribe_links_replace_only_the_scheme():
    links = feeds.subscribe_links("https://zheli.example.kz/events/feed/a-B_9.ics")
    assert links.webcal == "webcal://zheli.example.kz/events/feed/a-B_9.ics"
    assert links.google == (
        "https://calendar.google.com/calendar/r?cid="
        "webcal%3A%2F%2Fzheli.example.kz%2Fevents%2Ffeed%2Fa-B_9.ics"
    )
