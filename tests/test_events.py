"""Events: who may create and see them, RSVP (self-swapping, closed once over), attendance
(organiser only, after the start, invited people only), outcomes, Almaty times in the forms,
and the monitoring seam's figures checked against data built here."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.core.i18n import local_today
from intranet.core.localformat import format_date, format_time
from intranet.events import services
from intranet.events.models import Event, EventKind, EventOutcome, EventResponse
from intranet.extensions import db
from intranet.monitoring.metrics import compute_all
from intranet.monitoring.period import Period
from tests.events_data import community
from tests.measure import gzip_size


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def _event(world, *, hours_from_now: float = 24, length: float = 2, **fields) -> Event:
    start = utcnow() + timedelta(hours=hours_from_now)
    event = Event(
        network_id=world.network.id,
        kind=fields.pop("kind", EventKind.MEETING),
        title=fields.pop("title", "Бетпе-бет кездесу: сыни ойлау"),
        starts_at=start,
        ends_at=start + timedelta(hours=length),
        organiser_id=world.lead.id,
        host_school_id=world.schools[0].id,
        **fields,
    )
    db.session.add(event)
    db.session.commit()
    return event


def _form(client, address: str, **data):
    """POST like htmx does (a fragment back) with a fresh one-time token."""
    data.setdefault("form_token", f"token-{next(_tokens):012d}")
    return client.post(address, data=data, headers={"HX-Request": "true"})


_tokens = iter(range(1, 10**9))


# --- Creating and editing --------------------------------------------------------------------


def test_the_lead_creates_an_event_in_almaty_time(factory, login_as):
    world = community(factory)
    lead = login_as(world.lead)
    form = lead.get(url_for("events.create_event", network=world.network.id))
    assert form.status_code == 200
    response = lead.post(
        url_for("events.create_event"),
        data={"form_token": "create-token-00001", "network": world.network.id,
              "kind": "seminar", "title": "Мектептердің даму жоспарының басымдылығын талқылау",
              "day": "2027-02-12", "start": "15:00", "end": "16:30",
              "host_school": world.schools[1].id, "purpose": "Кәсіби қауымдастықтың ықпалы"},
    )  # fmt: skip
    assert response.status_code == 302
    event = db.session.scalars(db.select(Event)).one()
    assert (event.starts_at, event.ends_at) == (
        datetime(2027, 2, 12, 10, 0),
        datetime(2027, 2, 12, 11, 30),
    )
    assert event.organiser_id == world.lead.id
    page = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert format_time(time(15, 0)) in page and "Затобол орта мектебі" in page  # Almaty time
    again = lead.post(
        url_for("events.create_event"),
        data={"form_token": "create-token-00001", "network": world.network.id,
              "kind": "seminar", "title": "Қайта", "day": "2027-02-12", "start": "15:00",
              "end": "16:30", "host_school": 0},
    )  # fmt: skip
    assert again.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 1


def test_an_event_must_end_after_it_starts_and_host_in_the_network(factory, login_as):
    world = community(factory)
    lead = login_as(world.lead)
    stranger = factory.school(name="Басқа мектеп")
    base = {"network": world.network.id, "kind": "webinar", "title": "Вебинар",
            "day": "2027-02-12", "start": "15:00"}  # fmt: skip
    backwards = lead.post(
        url_for("events.create_event"),
        data={**base, "form_token": "create-token-00002", "end": "14:00", "host_school": 0},
    )
    assert backwards.status_code == 200
    assert "must end after it starts" in backwards.get_data(as_text=True)
    foreign = lead.post(
        url_for("events.create_event"),
        data={**base, "form_token": "create-token-00003", "end": "16:00",
              "host_school": stranger.id},
    )  # fmt: skip
    assert foreign.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 0


def test_only_staff_and_the_network_lead_create_and_edit(factory, login_as):
    world = community(factory)
    event = _event(world)
    teacher = login_as(world.teachers[0])
    assert teacher.get(url_for("events.create_event")).status_code == 403
    assert teacher.get(url_for("events.edit_event", event_id=event.id)).status_code == 403
    director = login_as(Role.SCHOOL_LEADER, school=world.schools[0])
    assert director.get(url_for("events.edit_event", event_id=event.id)).status_code == 403
    coordinator = login_as(Role.COORDINATOR)
    page = coordinator.get(url_for("events.edit_event", event_id=event.id))
    assert page.status_code == 200
    assert 'value="' + services.fields_of(event).start.strftime("%H:%M") in page.get_data(
        as_text=True
    )
    response = coordinator.post(
        url_for("events.edit_event", event_id=event.id),
        data={"form_token": "edit-token-000001", "kind": "round_table", "title": "Дөңгелек үстел",
              "day": "2027-04-02", "start": "09:30", "end": "11:00", "host_school": 0},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(event)
    assert (event.title, event.kind, event.starts_at) == (
        "Дөңгелек үстел",
        EventKind.ROUND_TABLE,
        datetime(2027, 4, 2, 4, 30),
    )
    assert event.host_school_id is None


def test_members_see_a_networks_events_others_get_404(factory, login_as):
    world = community(factory)
    event = _event(world)
    for person in (world.lead, *world.teachers):
        client = login_as(person)
        assert client.get(url_for("events.view_event", event_id=event.id)).status_code == 200
        assert event.title in client.get(url_for("events.list_events")).get_data(as_text=True)
    outsider = login_as(world.outsider)
    assert outsider.get(url_for("events.view_event", event_id=event.id)).status_code == 404
    assert (
        outsider.post(
            url_for("events.rsvp_event", event_id=event.id), data={"going": "1"}
        ).status_code
        == 404
    )
    assert event.title not in outsider.get(url_for("events.list_events")).get_data(as_text=True)
    assert event.title not in outsider.get(
        url_for("events.view_month", m=event.starts_at.strftime("%Y-%m"))
    ).get_data(as_text=True)
    assert outsider.get(url_for("events.list_events", network=world.network.id)).status_code == 404
    coordinator = login_as(Role.COORDINATOR)
    assert coordinator.get(url_for("events.view_event", event_id=event.id)).status_code == 200


# --- RSVP ------------------------------------------------------------------------------------


def test_rsvp_swaps_itself_and_changes_the_answer(factory, login_as):
    world = community(factory)
    event = _event(world)
    teacher = login_as(world.teachers[0])
    address = url_for("events.rsvp_event", event_id=event.id)
    going = _form(teacher, address, going="1")
    html = going.get_data(as_text=True)
    assert going.status_code == 200 and html.startswith('<form class="rsvp"')
    assert 'value="1" class="primary" aria-pressed="true"' in html
    assert "1 going" in html
    assert gzip_size(going.get_data()) <= 3 * 1024
    not_going = _form(teacher, address, going="0")
    assert "0 going · 1 not going" in not_going.get_data(as_text=True)
    rows = db.session.scalars(db.select(EventResponse)).all()
    assert [(row.user_id, row.going) for row in rows] == [(world.teachers[0].id, False)]
    without_js = teacher.post(address, data={"form_token": "no-js-token-00001", "going": "1"})
    assert without_js.status_code == 302
    assert without_js.headers["Location"].endswith(url_for("events.view_event", event_id=event.id))


def test_a_first_answer_from_two_tabs_at_once_makes_one_row(factory, monkeypatch):
    """The second tab read "no answer yet" before the first tab's row was committed: its insert
    meets the unique key, and it updates the row the first tab wrote instead of failing."""
    world = community(factory)
    event = _event(world)
    teacher = world.teachers[0]
    services.answer(event, teacher, True)
    db.session.commit()
    monkeypatch.setattr(services, "response_of", _second_call_real(services.response_of))
    response = services.answer(event, teacher, False)
    db.session.commit()
    rows = db.session.scalars(db.select(EventResponse)).all()
    assert [(row.id, row.going) for row in rows] == [(response.id, False)]


def _second_call_real(real):
    """``response_of`` as a tab that read before the other tab committed: None, then the truth."""
    calls = []

    def stale_then_real(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    return stale_then_real


def test_no_answers_once_the_event_is_over(factory, login_as):
    world = community(factory)
    event = _event(world, hours_from_now=-3, length=2)
    with pytest.raises(services.EventError):
        services.answer(event, world.teachers[0], True)
    teacher = login_as(world.teachers[0])
    html = _form(teacher, url_for("events.rsvp_event", event_id=event.id), going="1").get_data(
        as_text=True
    )
    assert "answers are closed" in html
    assert db.session.scalar(db.select(db.func.count(EventResponse.id))) == 0
    # Still open while it runs.
    running = _event(world, hours_from_now=-1, length=2, title="Онлайн сұхбат")
    assert services.answer(running, world.teachers[0], True).going is True


# --- Attendance ------------------------------------------------------------------------------


def test_the_organiser_marks_attendance_in_place_after_the_start(factory, login_as):
    world = community(factory)
    event = _event(world, hours_from_now=-3, length=2)
    services.answer(event, world.teachers[0], True, now=event.starts_at)
    services.answer(event, world.teachers[1], True, now=event.starts_at)
    db.session.commit()
    lead = login_as(world.lead)
    page = lead.get(url_for("events.view_event", event_id=event.id)).get_data(as_text=True)
    assert page.count('name="attended"') == 3  # the lead and both teachers
    address = url_for("events.mark_attendance", event_id=event.id)
    response = _form(lead, address, attended=[str(world.teachers[0].id), str(world.lead.id)])
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.startswith('<section id="attendance"')
    assert "Saved. Attended: 2." in html
    assert gzip_size(response.get_data()) <= 3 * 1024
    assert services.counts_of(event).attended == 2
    marked = {r.user_id: r.attended for r in db.session.scalars(db.select(EventResponse))}
    assert marked == {world.teachers[0].id: True, world.teachers[1].id: False, world.lead.id: True}
    # A new list replaces the old one.
    _form(lead, address, attended=[str(world.teachers[1].id)])
    assert [person.id for person in services.attendees(event)] == [world.teachers[1].id]
    teacher = login_as(world.teachers[1])
    seen = teacher.get(url_for("events.view_event", event_id=event.id)).get_data(as_text=True)
    assert "Attended: 1 (Ирина Коваленко)" in seen
    assert 'name="attended"' not in seen


def test_attendance_rules(factory, login_as):
    world = community(factory)
    upcoming = _event(world)
    with pytest.raises(services.EventError, match="once the event has started"):
        services.mark_attendance(upcoming, world.lead, {world.teachers[0].id})
    past = _event(world, hours_from_now=-5, title="Өткен кездесу")
    with pytest.raises(services.EventError, match="Only people invited"):
        services.mark_attendance(past, world.lead, {world.outsider.id})
    teacher = login_as(world.teachers[0])
    assert (
        _form(teacher, url_for("events.mark_attendance", event_id=past.id), attended=[]).status_code
        == 403
    )
    lead = login_as(world.lead)
    refused = _form(
        lead,
        url_for("events.mark_attendance", event_id=past.id),
        attended=[str(world.outsider.id)],
    )
    assert refused.status_code == 200
    assert "Only people invited" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(EventResponse.id))) == 0


def test_outcomes_are_added_in_place_by_the_organiser(factory, login_as):
    world = community(factory)
    event = _event(world, hours_from_now=-5)
    lead = login_as(world.lead)
    address = url_for("events.add_outcome", event_id=event.id)
    response = _form(lead, address, kind="thread", title="Кездесудің талқылауы", url="/forum/t/3")
    html = response.get_data(as_text=True)
    assert html.startswith('<section id="outcomes"') and 'href="/forum/t/3"' in html
    note = _form(lead, address, kind="note", title="Қорытынды", note="**Модель** құрылды")
    assert "<strong>Модель</strong>" in note.get_data(as_text=True)
    bad = _form(lead, address, kind="resource", title="Сілтеме", url="javascript:alert(1)")
    assert "A link starts with" in bad.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(EventOutcome.id))) == 2
    teacher = login_as(world.teachers[0])
    assert _form(teacher, address, kind="note", title="x", note="y").status_code == 403


# --- Monitoring seam -------------------------------------------------------------------------


def test_event_metrics_per_school_and_network(factory):
    world = community(factory)
    other = community(factory, name="Басқа желі")
    held = [_event(world, hours_from_now=-48 - n, title=f"Өткен {n}") for n in range(2)]
    _event(world, hours_from_now=48, title="Алдағы")  # not held yet
    _event(other, hours_from_now=-30, title="Басқа желінің кездесуі")
    services.answer(held[0], world.teachers[0], True, now=held[0].starts_at)
    services.answer(held[0], world.teachers[1], True, now=held[0].starts_at)
    services.answer(held[1], world.teachers[0], False, now=held[1].starts_at)
    services.mark_attendance(held[0], world.lead, {world.teachers[0].id, world.lead.id})
    db.session.commit()
    week = Period(local_today() - timedelta(days=7), local_today())
    mine = [school.id for school in world.schools]
    theirs = [school.id for school in other.schools]
    results = compute_all(mine + theirs, week)

    def figures(school_ids):
        """(hosted, invited, going, attended), as a monitoring row sums its schools."""
        keys = ("events_hosted", "events_invited", "events_going", "events_attended")
        return tuple(results[key].total(school_ids) for key in keys)

    # A network's row: 2 events held at its host school, 3 members (lead + two teachers)
    # invited to each of them.
    assert figures(mine) == (2, 6, 2, 2)
    zarechny, zatobol, michurin = world.schools  # the lead's school hosts
    assert figures([zarechny.id]) == (2, 2, 0, 1)
    assert figures([zatobol.id]) == (0, 2, 1, 1)
    assert figures([michurin.id]) == (0, 2, 1, 0)
    assert figures(theirs) == (1, 3, 0, 0)
    only_mine = compute_all(mine, week)
    assert all(set(result.totals) <= set(mine) for result in only_mine.values())
    assert only_mine["events_invited"].total(mine) == 6


def test_without_javascript_the_forms_come_back_to_the_event_page(factory, login_as):
    world = community(factory)
    event = _event(world, hours_from_now=-5)
    lead = login_as(world.lead)
    page = url_for("events.view_event", event_id=event.id)
    marked = lead.post(
        url_for("events.mark_attendance", event_id=event.id),
        data={"form_token": "plain-token-00001", "attended": [str(world.teachers[1].id)]},
    )
    assert marked.status_code == 302 and marked.headers["Location"].endswith(page)
    added = lead.post(
        url_for("events.add_outcome", event_id=event.id),
        data={"form_token": "plain-token-00002", "kind": "note", "title": "Қорытынды",
              "note": "Келесі кездесуде модельдерді көрсетеміз."},
    )  # fmt: skip
    assert added.status_code == 302 and added.headers["Location"].endswith(page)
    html = lead.get(page).get_data(as_text=True)
    assert "Келесі кездесуде модельдерді көрсетеміз." in html
    assert f'value="{world.teachers[1].id}" checked' in html


@pytest.mark.parametrize("month", ["9999-12", "2026-13", "x", "1999-01"])
def test_a_bad_month_shows_this_month(factory, login_as, month):
    client = login_as(Role.TEACHER)
    page = client.get(url_for("events.view_month", m=month))
    assert page.status_code == 200
    this_month = client.get(url_for("events.view_month")).get_data(as_text=True)
    shown = re.search(r"<h1[^>]*>(.*?)</h1>", page.get_data(as_text=True), re.S).group(1)
    assert shown == re.search(r"<h1[^>]*>(.*?)</h1>", this_month, re.S).group(1)
    assert format_date(local_today(), "month_year").lower() in shown.lower()


def test_members_hear_of_a_new_event_and_the_people_going_of_a_change(factory, login_as):
    from intranet.notifications.models import Notification, NotificationKind

    world = community(factory)
    fields = services.EventFields(
        kind=EventKind.SEMINAR,
        title="Семинар: бөлінген көшбасшылық",
        day=local_today() + timedelta(days=7),
        start=datetime(2026, 1, 1, 15).time(),
        end=datetime(2026, 1, 1, 16).time(),
    )
    event = services.create_event(world.network, world.lead, fields)
    db.session.commit()
    told = db.session.execute(
        db.select(Notification.user_id, Notification.kind).where(Notification.target_id == event.id)
    ).all()
    assert sorted(told) == sorted((t.id, NotificationKind.EVENT) for t in world.teachers)
    services.answer(event, world.teachers[0], True)
    services.answer(event, world.teachers[1], False)
    fields.place = "Затобол орта мектебі, акт залы"
    services.update_event(event, world.lead, fields)
    db.session.commit()
    changed = db.session.scalars(
        db.select(Notification.user_id).where(Notification.kind == NotificationKind.EVENT_CHANGED)
    ).all()
    assert changed == [world.teachers[0].id]
    teacher = login_as(world.teachers[0])
    html = teacher.get(url_for("notifications.list_notifications")).get_data(as_text=True)
    assert "planned an event: “Семинар: бөлінген көшбасшылық”" in html
    assert "The time or place of “Семинар: бөлінген көшбасшылық” has changed" in html
    fields.title = "Семинар: бөлінген көшбасшылық (жаңа тақырып)"
    services.update_event(event, world.lead, fields)  # the title alone: nobody is told
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 3


def test_a_cancelled_event_stays_cancelled_and_closes_answers(factory, login_as, app):
    from intranet.events import cyclogram
    from intranet.notifications.models import Notification, NotificationKind
    from tests.events_data import school_year, seed_cyclogram

    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    first = cyclogram.generate(world.network, year, 1, include_past=True).events[0]
    db.session.commit()
    services.answer(first, world.teachers[0], True, now=first.starts_at - timedelta(days=1))
    db.session.commit()
    lead = login_as(world.lead)
    page = url_for("events.view_event", event_id=first.id)
    cancel = url_for("events.cancel_event", event_id=first.id)
    # Without JavaScript the button opens a page that asks; asking changes nothing.
    asked = lead.get(cancel, query_string={"confirm": "1"}).get_data(as_text=True)
    assert "<h1>Cancel this event? The people going are told.</h1>" in asked
    assert first.title in asked and 'name="confirm" type="hidden" value="1"' in asked
    assert f'href="{page}">Keep the event</a>' in asked
    db.session.refresh(first)
    assert first.cancelled_at is None
    response = lead.post(cancel, data={"form_token": "cancel-token-0001", "confirm": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    db.session.refresh(first)
    assert first.cancelled_at is not None
    told = db.session.scalars(
        db.select(Notification.user_id).where(Notification.kind == NotificationKind.EVENT_CHANGED)
    ).all()
    assert told == [world.teachers[0].id]
    assert (
        cyclogram.generate(world.network, year, 1, include_past=True).events == []
    )  # not brought back
    with pytest.raises(services.EventError, match="cancelled"):
        services.answer(first, world.teachers[1], True, now=first.starts_at - timedelta(days=1))
    assert "This event is cancelled." in lead.get(page).get_data(as_text=True)
    assert lead.get(cancel).status_code == 302  # called off: nothing left to ask about
    teacher = login_as(world.teachers[1])
    assert (
        teacher.post(
            url_for("events.cancel_event", event_id=first.id),
            data={"form_token": "cancel-token-0002", "confirm": "1"},
        ).status_code
        == 403
    )


def test_monitoring_metric_sources_count_held_events_only(factory):
    from collections import Counter

    from intranet.events.metrics import MONITORING_METRICS

    world = community(factory)
    held = [_event(world, hours_from_now=-48 - n, title=f"Өткен {n}") for n in range(2)]
    _event(world, hours_from_now=48, title="Алдағы")
    cancelled = _event(world, hours_from_now=-30, title="Болмаған")
    services.answer(held[0], world.teachers[0], True, now=held[0].starts_at)
    services.answer(held[1], world.teachers[1], True, now=held[1].starts_at)
    services.answer(cancelled, world.teachers[1], True, now=cancelled.starts_at)
    services.mark_attendance(held[0], world.lead, {world.teachers[0].id, world.lead.id})
    services.cancel_event(cancelled, world.lead)
    db.session.commit()
    counted = {}
    for key, label, source in MONITORING_METRICS:
        assert str(label)
        rows = db.session.execute(source()).all()
        assert all(row.at is not None and row.item is not None for row in rows)
        counted[key] = Counter(row.school_id for row in rows)
    # Neither the cancelled event (teacher 2 said yes to it) nor the one to come counts.
    zarechny, zatobol, michurin = world.schools
    assert counted["events_hosted"] == Counter({zarechny.id: 2})
    assert counted["events_invited"] == Counter({zarechny.id: 2, zatobol.id: 2, michurin.id: 2})
    assert counted["events_going"] == Counter({zatobol.id: 1, michurin.id: 1})
    assert counted["events_attended"] == Counter({zarechny.id: 1, zatobol.id: 1})
