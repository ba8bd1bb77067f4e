"""Budgets (DESIGN §5): every events page in ≤ 12 SQL queries, the same count with 10 events as
with 400, and ≤ 14 KB of gzip HTML at the larger size; the pager keeps pages light."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import insert

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.events import cyclogram, services
from intranet.events.models import EVENTS_PER_PAGE, Event, EventKind, EventResponse
from intranet.extensions import db
from tests.events_data import bulk_events, community, school_year, seed_cyclogram
from tests.measure import gzip_size

MAX_QUERIES = 12
MAX_HTML_GZIP = 14 * 1024


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _pages(world, event_id: int) -> list[str]:
    month = (utcnow() + timedelta(days=1)).strftime("%Y-%m")
    return [
        url_for("events.list_events"),
        url_for("events.list_events", network=world.network.id, page=2),
        url_for("events.view_month", m=month),
        url_for("events.view_plan", network_id=world.network.id),
        url_for("events.view_event", event_id=event_id),
        url_for("events.view_cyclogram", network_id=world.network.id),
        url_for("events.view_feed"),
        url_for("events.manage_years"),
    ]


def _measure(client, query_counter, addresses) -> dict[str, tuple[int, int]]:
    found = {}
    for address in addresses:
        client.get(address)  # warm: the first request of a client signs in the user
        with query_counter() as log:
            response = client.get(address)
        assert response.status_code == 200, address
        found[address] = (log.count, gzip_size(response.get_data()))
    return found


def _add_responses(event: Event, people: int) -> None:
    from intranet.accounts.models import User

    school_id = db.session.get(User, event.organiser_id).school_id
    users = [
        {"email": f"bulk{n}-{event.id}@example.kz", "password_hash": "x",
         "full_name": f"Мұғалім {n}", "school_id": school_id, "locale": "kk",
         "session_token": f"bulk-session-{event.id}-{n}"}
        for n in range(people)
    ]  # fmt: skip
    db.session.execute(insert(User), users)
    ids = db.session.scalars(db.select(User.id).where(User.email.like(f"bulk%-{event.id}@%")))
    db.session.execute(
        insert(EventResponse),
        [{"event_id": event.id, "user_id": user_id, "going": True, "attended": True}
         for user_id in ids],
    )  # fmt: skip
    db.session.commit()


@pytest.mark.parametrize("role", ["lead", Role.COORDINATOR, "teacher"])
def test_pages_keep_their_query_count_and_weight_as_events_grow(
    factory, login_as, query_counter, role
):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    cyclogram.generate(world.network, year, None, include_past=True)
    bulk_events(world.network, 10)
    start = utcnow() - timedelta(hours=3)
    past = Event(
        network_id=world.network.id,
        kind=EventKind.MEETING,
        title="Бетпе-бет кездесу",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        organiser_id=world.lead.id,
        host_school_id=world.schools[0].id,
    )
    db.session.add(past)
    db.session.commit()
    person = {"lead": world.lead, "teacher": world.teachers[0]}.get(role)
    client = login_as(person) if person else login_as(Role.COORDINATOR)
    addresses = _pages(world, past.id)
    if role == "teacher":
        addresses = [a for a in addresses if "cyclogram" not in a and "years" not in a]
    if role == "lead":
        addresses = [a for a in addresses if "years" not in a]
    small = _measure(client, query_counter, addresses)

    bulk_events(world.network, 400, days_ahead=2)
    _add_responses(past, 40)
    large = _measure(client, query_counter, addresses)
    for address in addresses:
        queries, weight = large[address]
        assert queries <= MAX_QUERIES, (address, queries)
        assert queries == small[address][0], (address, small[address][0], queries)
        assert weight <= MAX_HTML_GZIP, (address, weight)


def test_the_upcoming_list_pages_and_shows_only_future_events(factory, login_as):
    world = community(factory)
    bulk_events(world.network, EVENTS_PER_PAGE + 5)
    bulk_events(world.network, 3, days_ahead=-10)  # over already
    listing = services.upcoming(world.teachers[0], 1)
    assert (listing.total, listing.pages, len(listing.items)) == (EVENTS_PER_PAGE + 5, 2, 20)
    assert [e.starts_at for e in listing.items] == sorted(e.starts_at for e in listing.items)
    second = services.upcoming(world.teachers[0], 2)
    assert len(second.items) == 5
    client = login_as(world.teachers[0])
    html = client.get(url_for("events.list_events")).get_data(as_text=True)
    assert 'rel="next"' in html and html.count("/events/") > EVENTS_PER_PAGE
