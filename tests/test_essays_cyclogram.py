"""Essays in the cyclogram and on the monitoring pages: the monthly essay row, the cycles the
Generate action opens (count and dates in the sample year with its holidays, term by term = the
whole year, idempotent), the page's message, and the essays and events figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import insert

from intranet.accounts.models import Role, User
from intranet.core.db import utcnow
from intranet.core.i18n import local_today
from intranet.core.localformat import format_number
from intranet.core.rules import RuleError
from intranet.essays import cyclogram as essay_cyclogram
from intranet.essays import services
from intranet.essays.models import Essay, EssayCycle, EssayStatus
from intranet.events import cyclogram
from intranet.events import services as event_services
from intranet.events.calendar import Span
from intranet.events.models import Event, EventKind, EventResponse
from intranet.extensions import db
from intranet.monitoring import metrics
from intranet.monitoring.metrics import compute_all
from intranet.monitoring.period import Period
from tests import essays_data, events_data
from tests.measure import gzip_size
from tests.monitoring_data import year_of_activity

#: The sample year 2026–2027: due on the 25th, but 25 March falls in the spring holidays
#: (19–29 March), so that cycle is due on 18 March, the last day of term 3.
DUE = [
    date(2026, 9, 25), date(2026, 10, 25), date(2026, 11, 25), date(2026, 12, 25),
    date(2027, 1, 25), date(2027, 2, 25), date(2027, 3, 18), date(2027, 4, 25),
    date(2027, 5, 25),
]  # fmt: skip
PROMPT = "Осы айда сабағыңызда не өзгерді? Он сөйлеммен жазыңыз."


@pytest.fixture(autouse=True)
def request_context(app):
    """For ``url_for`` and the translated month names in the cycles' titles."""
    with app.test_request_context():
        yield


def _cycles() -> list[EssayCycle]:
    return list(db.session.scalars(db.select(EssayCycle).order_by(EssayCycle.due_on)))


def _with_essay_row(factory):
    world = events_data.community(factory)
    year = events_data.school_year()
    cyclogram.add_essay_rule(world.network, "Ай сайынғы эссе", PROMPT)
    db.session.commit()
    return world, year


def test_a_year_opens_one_cycle_a_month_with_due_dates_outside_the_holidays(app, factory):
    world, year = _with_essay_row(factory)
    generated = cyclogram.generate(world.network, year, None, include_past=True)
    db.session.commit()
    assert generated.others["essays"] == 9
    assert generated.events == []  # the essay row makes no events
    cycles = _cycles()
    assert [c.due_on for c in cycles] == DUE
    assert [c.opens_on for c in cycles] == [day.replace(day=1) for day in DUE]
    assert [c.cutoff_on for c in cycles] == [day + timedelta(days=5) for day in DUE]
    assert {c.series for c in cycles} == {"2026-2027"}
    assert cycles[0].title.startswith("Ай сайынғы эссе: ")
    assert "Он сөйлеммен" in cycles[0].prompt_html
    again = cyclogram.generate(world.network, year, None, include_past=True)
    assert again.others["essays"] == 0
    db.session.commit()
    assert len(_cycles()) == 9


def test_term_by_term_gives_the_whole_years_cycles_once(app, factory):
    world, year = _with_essay_row(factory)
    counts = [
        cyclogram.generate(world.network, year, term, include_past=True).others["essays"]
        for term in (3, 1)
    ]
    db.session.commit()
    assert counts == [3, 2]  # January, February, 18 March; September, October
    assert [c.due_on for c in _cycles()] == [DUE[0], DUE[1], DUE[4], DUE[5], DUE[6]]
    assert cyclogram.generate(world.network, year, 3, include_past=True).others["essays"] == 0
    rest = [
        cyclogram.generate(world.network, year, term, include_past=True).others["essays"]
        for term in (2, 4)
    ]
    assert rest == [2, 2]
    assert cyclogram.generate(world.network, year, None, include_past=True).others["essays"] == 0
    db.session.commit()
    assert [c.due_on for c in _cycles()] == DUE


def test_a_hand_made_series_is_not_doubled_and_no_row_means_no_cycles(app, factory):
    world = events_data.community(factory)
    year = events_data.school_year()
    assert cyclogram.generate(world.network, year, 1, include_past=True).others["essays"] == 0
    services.create_monthly_series(world.network, None, first_year=2026, title="Эссе", prompt="")
    cyclogram.add_essay_rule(world.network, "Ай сайынғы эссе", PROMPT)
    assert cyclogram.generate(world.network, year, None, include_past=True).others["essays"] == 0
    db.session.commit()
    assert len(_cycles()) == 9


def test_the_due_date_rule_at_the_edges():
    year = Span(date(2026, 9, 1), date(2027, 5, 25))
    winter = [Span(date(2027, 1, 1), date(2027, 1, 27))]
    assert essay_cyclogram.due_date(date(2027, 1, 25), year, winter) == date(2027, 1, 28)
    whole = [Span(date(2027, 1, 1), date(2027, 1, 31))]
    assert essay_cyclogram.due_date(date(2027, 1, 25), year, whole) is None
    spring = [Span(date(2027, 3, 19), date(2027, 3, 29))]
    assert essay_cyclogram.due_date(date(2027, 3, 25), year, spring) == date(2027, 3, 18)
    assert essay_cyclogram.due_date(date(2027, 5, 25), year, []) == date(2027, 5, 25)
    assert (
        essay_cyclogram.due_date(date(2027, 5, 25), Span(year.starts_on, date(2027, 5, 24)), [])
        is None
    )
    assert essay_cyclogram.first_year_of(Span(date(2027, 1, 9), date(2027, 3, 18))) == 2026


def test_one_monthly_essay_row_per_cyclogram(app, factory):
    world, _year = _with_essay_row(factory)
    with pytest.raises(RuleError):
        cyclogram.add_essay_rule(world.network, "Тағы бір эссе", "")
    assert cyclogram.essay_rule_of(world.network).kind == EventKind.MONTHLY_ESSAY


def test_the_lead_includes_the_essay_and_the_plan_says_how_many_cycles_opened(
    app, factory, login_as
):
    world = events_data.community(factory)
    year = events_data.school_year()
    events_data.seed_cyclogram(world)
    lead = login_as(world.lead)
    address = url_for("events.add_essay_rule", network_id=world.network.id)
    empty = lead.post(address, data={"form_token": "essay-token-00001", "title": ""})
    assert empty.status_code == 200 and cyclogram.essay_rule_of(world.network) is None
    data = {"form_token": "essay-token-00002", "title": "Ай сайынғы эссе", "prompt": PROMPT}
    assert lead.post(address, data=data).status_code == 302
    assert lead.post(address, data=data).status_code == 302  # a double click: one row
    page = lead.get(url_for("events.view_cyclogram", network_id=world.network.id))
    html = page.get_data(as_text=True)
    assert "Ай сайынғы эссе" in html and 'name="prompt"' not in html  # included: no form
    response = lead.post(
        url_for("events.generate_events", network_id=world.network.id),
        data={"form_token": "generate-token-0001", "year": year.id, "period": "2",
              "include_past": "y"},
    )  # fmt: skip
    plan = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert "6 events generated." in plan and "2 essay cycles opened." in plan
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 6
    assert [c.due_on for c in _cycles()] == [DUE[2], DUE[3]]
    as_event = lead.post(
        url_for("events.add_rule", network_id=world.network.id),
        data={"form_token": "rule-token-000009", "kind": "monthly_essay", "title": "Эссе",
              "frequency": "monthly", "weekday": "3", "week_of_month": "2",
              "start_time": "11:00", "duration_minutes": "60"},
    )  # fmt: skip
    assert as_event.status_code == 200  # not an event kind: the form is shown again
    assert len(cyclogram.rules_of(world.network)) == 3 + 1
    teacher = login_as(world.teachers[0])
    refused = teacher.post(address, data={**data, "form_token": "essay-token-00003"})
    assert refused.status_code == 403


def test_essays_on_time_late_and_missing_count_per_school_in_the_due_month(app, factory):
    c = essays_data.community(factory)
    closed = essays_data.cycle(c.network, opens=-40, due=-30, cutoff=-25, title="Қазан")
    essays_data.cycle(c.network, title="Қараша")  # open: nobody is missing yet
    essays_data.submitted(closed, c.teacher, day=closed.due_on)
    essays_data.submitted(closed, c.far_teacher, day=closed.due_on + timedelta(days=2))
    services.save_draft(closed, c.colleague, essays_data.KAZAKH_ESSAY, day=closed.due_on)
    db.session.commit()
    today = local_today()
    period = Period(today - timedelta(days=60), today + timedelta(days=30))
    results = compute_all([c.school.id, c.other_school.id], period)
    month = closed.due_on.strftime("%Y-%m")
    assert results["essays_on_time"].totals == {c.school.id: 1}
    assert results["essays_on_time"].months[c.school.id] == {month: 1}
    assert results["essays_late"].totals == {c.other_school.id: 1}
    # The colleague's draft was never sent; the lead (a member school's leader) sent nothing;
    # the mentor, the outsider and the coordinator are not members.
    assert results["essays_missing"].totals == {c.school.id: 1, c.other_school.id: 1}
    assert results["essays_missing"].months[c.other_school.id] == {month: 1}
    before = Period(today - timedelta(days=90), closed.due_on - timedelta(days=1))
    assert compute_all([c.school.id], before)["essays_on_time"].totals == {}


def test_events_and_essays_figures_are_registered_and_attendance_counts(app, factory):
    keys = [metric.key for metric in metrics.registered()]
    for key in ("events_hosted", "events_invited", "events_going", "events_attended"):
        assert key in keys
    for key in ("essays_on_time", "essays_late", "essays_missing"):
        assert key in keys
    world = events_data.community(factory)
    start = utcnow() - timedelta(days=3)
    event = Event(
        network_id=world.network.id,
        kind=EventKind.MEETING,
        title="Бетпе-бет кездесу: сыни ойлау",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        organiser_id=world.lead.id,
        host_school_id=world.schools[0].id,
    )
    db.session.add(event)
    db.session.flush()
    event_services.mark_attendance(event, world.lead, {world.teachers[0].id})
    db.session.commit()
    today = local_today()
    results = compute_all(
        [school.id for school in world.schools], Period(today - timedelta(days=30), today)
    )
    assert results["events_attended"].totals == {world.teachers[0].school_id: 1}
    assert results["events_hosted"].totals == {world.schools[0].id: 1}


def _essays_and_events(activity) -> tuple[int, int]:
    """Three closed cycles and three held events in the network of ``activity``; every person
    sends the first cycle's essay (every other one late) and comes to the first event. Returns
    the essays on time and the people present."""
    people = db.session.execute(
        db.select(User.id, User.school_id).where(User.school_id.in_(activity.school_ids))
    ).all()
    cycle_ids = []
    for month in (9, 10, 11):
        cycle_ids.append(
            db.session.scalar(
                insert(EssayCycle)
                .values(
                    network_id=activity.network.id,
                    title=f"Эссе {month}",
                    opens_on=date(2026, month, 1),
                    due_on=date(2026, month, 25),
                    cutoff_on=date(2026, month, 28),
                )
                .returning(EssayCycle.id)
            )
        )
    db.session.execute(
        insert(Essay),
        [
            {
                "cycle_id": cycle_ids[0],
                "author_id": user_id,
                "body": "Эссе",
                "status": EssayStatus.SUBMITTED,
                "submitted_at": datetime(2026, 9, 20, 8, 0),
                "late": number % 2 == 1,
            }
            for number, (user_id, _school_id) in enumerate(people)
        ],
    )
    event_ids = []
    for month in (9, 10, 11):
        event_ids.append(
            db.session.scalar(
                insert(Event)
                .values(
                    network_id=activity.network.id,
                    kind=EventKind.MEETING,
                    title=f"Кездесу {month}",
                    starts_at=datetime(2026, month, 10, 10, 0),
                    ends_at=datetime(2026, month, 10, 12, 0),
                    host_school_id=activity.school_ids[month - 9],
                )
                .returning(Event.id)
            )
        )
    db.session.execute(
        insert(EventResponse),
        [
            {"event_id": event_ids[0], "user_id": user_id, "going": True, "attended": True}
            for user_id, _school_id in people
        ],
    )
    db.session.commit()
    return (len(people) + 1) // 2, len(people)


def test_the_network_page_with_essays_and_events_for_100_schools_keeps_its_budgets(
    app, login_as, query_counter
):
    small = year_of_activity("Шағын желі", schools=10)
    big = year_of_activity("Үлкен желі", schools=100)
    _essays_and_events(small)
    on_time, present = _essays_and_events(big)
    client = login_as(Role.COORDINATOR)
    year = {"start": "2026-09-01", "end": "2027-08-31"}
    db.session.expire_all()
    with query_counter() as few:
        client.get(url_for("monitoring.view_network", network_id=small.network.id, **year))
    db.session.expire_all()
    with query_counter() as many:
        response = client.get(url_for("monitoring.view_network", network_id=big.network.id, **year))
    html = response.get_data()
    print(f"network page, 100 schools + essays, events: {many.count} q, {gzip_size(html)} B gzip")
    assert response.status_code == 200
    assert many.count <= 12 and many.count == few.count, many.statements
    assert gzip_size(html) <= 14 * 1024
    text = html.decode()
    assert f"<strong>{format_number(on_time)}</strong> Essays on time" in text
    assert f"<strong>{format_number(present - on_time)}</strong> Essays sent late" in text
    # Two closed cycles without essays: everyone is missing twice.
    assert f"<strong>{format_number(2 * present)}</strong> Essays missing" in text
    assert f"<strong>{format_number(present)}</strong> Came to events" in text
    assert "<strong>3</strong> Events hosted" in text
