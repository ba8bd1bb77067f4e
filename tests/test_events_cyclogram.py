"""The cyclogram: terms between holidays, generated dates (count and days) for the sample year,
rotating hosts, Almaty times stored in UTC, idempotent runs, term by term = the whole year,
edited events left alone, the generator seam, and the pages that drive it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from flask import url_for

from intranet.accounts.models import Role
from intranet.events import cyclogram
from intranet.events.calendar import Span
from intranet.events.models import Event, EventKind, Frequency
from intranet.extensions import db
from tests.events_data import community, school_year, seed_cyclogram


@pytest.fixture(autouse=True)
def request_context(app):
    """For ``url_for`` and translated service messages in the tests themselves."""
    with app.test_request_context():
        yield


ONLINE = [
    date(2026, 9, 2), date(2026, 9, 16), date(2026, 9, 30), date(2026, 10, 14),
    # 28 October falls in the autumn holidays; 6 January in the winter ones.
    date(2026, 11, 11), date(2026, 11, 25), date(2026, 12, 9), date(2026, 12, 23),
    date(2027, 1, 20), date(2027, 2, 3), date(2027, 2, 17), date(2027, 3, 3),
    date(2027, 3, 17), date(2027, 3, 31), date(2027, 4, 14), date(2027, 4, 28),
    date(2027, 5, 12),
]  # fmt: skip
#: The last Friday of every second month; 26 March (holidays) moves to 12 March, 28 May (after
#: the year's end) to 21 May.
MEETINGS = [
    date(2026, 9, 25), date(2026, 11, 27), date(2027, 1, 29), date(2027, 3, 12),
    date(2027, 5, 21),
]  # fmt: skip
WALKS = [date(2026, 9, 10), date(2026, 12, 10), date(2027, 3, 11)]


def _dates(kind: EventKind) -> list[date]:
    return list(
        db.session.scalars(
            db.select(Event.rule_date).where(Event.kind == kind).order_by(Event.rule_date)
        )
    )


def test_terms_lie_between_the_holidays(app):
    year = school_year()
    assert cyclogram.terms_of(year) == [
        Span(date(2026, 9, 1), date(2026, 10, 25)),
        Span(date(2026, 11, 2), date(2026, 12, 29)),
        Span(date(2027, 1, 9), date(2027, 3, 18)),
        Span(date(2027, 3, 30), date(2027, 5, 25)),
    ]


def test_a_year_generates_exact_dates_skipping_holidays(app, factory):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    generated = cyclogram.generate(world.network, year, None, include_past=True)
    db.session.commit()
    assert len(generated.events) == 17 + 5 + 3
    assert _dates(EventKind.ONLINE_DISCUSSION) == ONLINE
    assert _dates(EventKind.MEETING) == MEETINGS
    assert _dates(EventKind.LEARNING_WALK) == WALKS
    for holiday in year.holidays:
        for event in generated.events:
            assert not holiday.starts_on <= event.rule_date <= holiday.ends_on


def test_hosts_rotate_and_times_are_almaty_in_utc(app, factory):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    cyclogram.generate(world.network, year, None, include_past=True)
    db.session.commit()
    meetings = db.session.scalars(
        db.select(Event).where(Event.kind == EventKind.MEETING).order_by(Event.starts_at)
    ).all()
    hosts = [event.host_school_id for event in meetings]
    ids = [school.id for school in world.schools]
    assert hosts == [ids[0], ids[1], ids[2], ids[0], ids[1]]
    first = meetings[0]
    # 10:00 in Almaty (UTC+5) is 05:00 UTC; three hours long.
    assert first.starts_at == datetime(2026, 9, 25, 5, 0)
    assert first.ends_at == datetime(2026, 9, 25, 8, 0)


def test_a_second_run_creates_nothing_and_terms_add_up_to_the_year(app, factory):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    term_two = cyclogram.generate(world.network, year, 2, include_past=True)
    db.session.commit()
    assert sorted(event.rule_date for event in term_two.events) == [
        date(2026, 11, 11), date(2026, 11, 25), date(2026, 11, 27), date(2026, 12, 9),
        date(2026, 12, 10), date(2026, 12, 23),
    ]  # fmt: skip
    assert cyclogram.generate(world.network, year, 2, include_past=True).events == []
    counts = []
    for term in (1, 3, 4):
        counts.append(len(cyclogram.generate(world.network, year, term, include_past=True).events))
    db.session.commit()
    assert sum(counts) + 6 == 25
    assert cyclogram.generate(world.network, year, None, include_past=True).events == []
    db.session.commit()
    total = db.session.scalar(db.select(db.func.count(Event.id)))
    assert total == 25


def test_an_edited_generated_event_is_kept_by_a_new_run(app, factory):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    first = cyclogram.generate(world.network, year, 1, include_past=True).events[0]
    db.session.commit()
    first.title = "Онлайн сұхбат: «Мен кіммін?» сауалнамасы"
    first.starts_at = datetime(2026, 9, 3, 11, 0)  # moved a day later
    db.session.commit()
    assert len(cyclogram.generate(world.network, year, None, include_past=True).events) == 25 - 6
    db.session.commit()
    kept = db.session.get(Event, first.id)
    assert kept.title.startswith("Онлайн сұхбат: «Мен кіммін?»")
    assert kept.rule_date == date(2026, 9, 2)
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 25


def test_other_features_generate_through_the_seam(app, factory):
    world = community(factory)
    year = school_year()
    calls = []

    def essays(network, period, holidays, actor):
        calls.append((network.id, period, len(holidays)))
        return 4

    cyclogram.register_generator("test-essays", essays)
    try:
        generated = cyclogram.generate(world.network, year, 1, include_past=True)
    finally:
        cyclogram._GENERATORS.pop("test-essays")
    assert generated.others == {"essays": 0, "test-essays": 4}  # no monthly essay row here
    assert calls == [(world.network.id, Span(date(2026, 9, 1), date(2026, 10, 25)), 3)]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2026, 10, 1), date(2026, 9, 30), "end on or after"),
        (date(2026, 8, 1), date(2026, 8, 5), "inside the school year"),
        (date(2026, 10, 30), date(2026, 11, 3), "overlap"),
    ],
)
def test_holidays_are_checked(app, start, end, message):
    year = school_year()
    with pytest.raises(cyclogram.CyclogramError, match=message):
        cyclogram.add_holiday(year, "Қосымша демалыс", start, end)


def test_a_host_school_must_belong_to_the_network(app, factory):
    world = community(factory)
    stranger = factory.school(name="Басқа мектеп")
    fields = cyclogram.RuleFields(
        kind=EventKind.MEETING,
        title="Кездесу",
        frequency=Frequency.MONTHLY,
        weekday=4,
        start_time=time(10),
        duration_minutes=60,
        host_school_ids=[stranger.id],
    )
    with pytest.raises(cyclogram.CyclogramError, match="host"):
        cyclogram.add_rule(world.network, fields)


def test_the_lead_generates_a_term_from_the_page_and_a_teacher_may_not(app, factory, login_as):
    world = community(factory)
    year = school_year()
    seed_cyclogram(world)
    lead = login_as(world.lead)
    page = lead.get(url_for("events.view_cyclogram", network_id=world.network.id))
    assert page.status_code == 200
    assert "Бетпе-бет кездесу" in page.get_data(as_text=True)
    data = {
        "form_token": "generate-token-0001",
        "year": year.id,
        "period": "2",
        "include_past": "y",
    }
    address = url_for("events.generate_events", network_id=world.network.id)
    response = lead.post(address, data=data)
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 6
    assert lead.post(address, data=data).status_code == 302  # the same form again: nothing
    assert db.session.scalar(db.select(db.func.count(Event.id))) == 6
    plan = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert plan.count("<tr>") == 1 + 6
    teacher = login_as(world.teachers[0])
    assert (
        teacher.get(url_for("events.view_cyclogram", network_id=world.network.id)).status_code
        == 403
    )
    assert (
        teacher.post(address, data={**data, "form_token": "generate-token-0002"}).status_code == 403
    )
    outsider = login_as(world.outsider)
    assert outsider.get(url_for("events.view_plan", network_id=world.network.id)).status_code == 404


def test_removing_a_rule_asks_first_and_a_second_post_is_harmless(app, factory, login_as):
    world = community(factory)
    seed_cyclogram(world)
    rule = cyclogram.rules_of(world.network)[0]
    title = rule.title
    lead = login_as(world.lead)
    address = url_for("events.delete_rule", network_id=world.network.id, rule_id=rule.id)
    page = lead.get(url_for("events.view_cyclogram", network_id=world.network.id))
    assert f'<form method="get" action="{address}" data-confirm=' in page.get_data(as_text=True)
    asked = lead.get(address).get_data(as_text=True)
    assert "<h1>Remove this rule from the cyclogram?</h1>" in asked and title in asked
    assert len(cyclogram.rules_of(world.network)) == 3
    for token in ("remove-rule-000001", "remove-rule-000001", "remove-rule-000002"):
        response = lead.post(address, data={"form_token": token})
        assert response.status_code == 302
        assert response.headers["Location"].endswith(
            url_for("events.view_cyclogram", network_id=world.network.id)
        )
    assert [each.title for each in cyclogram.rules_of(world.network)] == [
        "Бетпе-бет кездесу",
        "Бірлескен оқу серуені",
    ]
    assert lead.get(address).status_code == 302  # removed: nothing to ask about


def test_a_coordinator_adds_a_rule_and_a_school_year_through_the_forms(app, factory, login_as):
    world = community(factory)
    coordinator = login_as(Role.COORDINATOR)
    response = coordinator.post(
        url_for("events.manage_years"),
        data={"form_token": "year-token-000001", "name": "2027–2028",
              "starts_on": "2027-09-01", "ends_on": "2028-05-25"},
    )  # fmt: skip
    assert response.status_code == 302
    year = cyclogram.school_years()[0]
    response = coordinator.post(
        url_for("events.add_holiday", year_id=year.id),
        data={"form_token": "holiday-token-001", "name": "Күзгі демалыс",
              "starts_on": "2027-10-25", "ends_on": "2027-10-31"},
    )  # fmt: skip
    assert response.status_code == 302
    assert [h.name for h in db.session.get(type(year), year.id).holidays] == ["Күзгі демалыс"]
    response = coordinator.post(
        url_for("events.add_rule", network_id=world.network.id),
        data={"form_token": "rule-token-000001", "kind": "learning_walk",
              "title": "Бірлескен оқу серуені", "frequency": "quarterly", "weekday": "3",
              "week_of_month": "2", "start_time": "11:00", "duration_minutes": "120",
              "hosts": [str(world.schools[1].id)]},
    )  # fmt: skip
    assert response.status_code == 302
    rule = cyclogram.rules_of(world.network)[0]
    assert (rule.frequency, rule.start_time, [h.school_id for h in rule.hosts]) == (
        Frequency.QUARTERLY,
        time(11, 0),
        [world.schools[1].id],
    )


def test_the_demo_generates_the_shyn_year_and_the_plan_rows(app):
    from intranet.demo import seed_demo
    from intranet.network.models import Network

    seed_demo()
    shyn = db.session.scalar(db.select(Network).where(Network.name.contains("ШЫҢ")))
    generated = db.session.scalars(
        db.select(Event.rule_date).where(Event.network_id == shyn.id, Event.rule_id.is_not(None))
    ).all()
    assert len(generated) == 17 + 5 + 3
    one_off = db.session.scalar(
        db.select(db.func.count(Event.id)).where(
            Event.network_id == shyn.id, Event.rule_id.is_(None)
        )
    )
    assert one_off == 8
    assert len(cyclogram.rules_of(shyn)) == 3 + 1  # and the monthly essay row
    assert cyclogram.essay_rule_of(shyn) is not None


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "Создано 1 мероприятие."), (3, "Создано 3 мероприятия."), (5, "Создано 5 мероприятий.")],
)
def test_russian_counts_generated_events_in_three_forms(app, count, text):
    from flask_babel import force_locale, ngettext

    with force_locale("ru"):
        assert ngettext("%(num)d event generated.", "%(num)d events generated.", count) == text


def test_holidays_are_moved_renamed_and_removed_under_the_same_rules(app, factory):
    """Editing keeps the rules of adding (the holidays may touch their own old dates, not
    others'); terms follow the new dates; removing joins the two terms around them."""
    year = school_year()
    autumn = year.holidays[0]
    with pytest.raises(cyclogram.CyclogramError, match="overlap"):
        cyclogram.edit_holiday(autumn, autumn.name, date(2026, 12, 28), date(2027, 1, 2))
    with pytest.raises(cyclogram.CyclogramError, match="inside the school year"):
        cyclogram.edit_holiday(autumn, autumn.name, date(2026, 8, 25), date(2026, 9, 2))
    db.session.rollback()
    cyclogram.edit_holiday(autumn, " Күзгі демалыс ", date(2026, 10, 29), date(2026, 11, 6))
    db.session.commit()
    year = db.session.get(type(year), year.id)
    assert (year.holidays[0].name, year.holidays[0].starts_on) == (
        "Күзгі демалыс",
        date(2026, 10, 29),
    )
    assert cyclogram.terms_of(year)[0] == Span(date(2026, 9, 1), date(2026, 10, 28))
    terms = len(cyclogram.terms_of(year))
    cyclogram.remove_holiday(year.holidays[0])
    db.session.commit()
    year = db.session.get(type(year), year.id)
    assert len(cyclogram.terms_of(year)) == terms - 1
    assert cyclogram.terms_of(year)[0].starts_on == date(2026, 9, 1)


def test_a_year_keeps_its_holidays_inside_and_its_name_unique(app):
    year = school_year()
    other = cyclogram.create_year("2027–2028", date(2027, 9, 1), date(2028, 5, 25))
    db.session.commit()
    with pytest.raises(cyclogram.CyclogramError, match="exists already"):
        cyclogram.edit_year(other, year.name, other.starts_on, other.ends_on)
    with pytest.raises(cyclogram.CyclogramError, match="fall outside the year"):
        cyclogram.edit_year(year, year.name, date(2026, 11, 1), year.ends_on)
    db.session.rollback()
    year = db.session.get(type(year), year.id)
    cyclogram.edit_year(year, "2026–2027 оқу жылы", year.starts_on, date(2027, 5, 31))
    db.session.commit()
    assert db.session.get(type(year), year.id).ends_on == date(2027, 5, 31)


def test_a_coordinator_edits_and_removes_holidays_through_the_pages(app, factory, login_as):
    """A mistyped date is refused with what was typed kept; the fix and a removal each go in
    once; a teacher may do neither."""
    from intranet.core.models import AuditEntry
    from intranet.events.models import Holiday

    year = school_year()
    autumn = year.holidays[0]
    coordinator = login_as(Role.COORDINATOR)
    page = coordinator.get(url_for("events.manage_years"))
    assert url_for("events.edit_holiday", holiday_id=autumn.id) in page.get_data(as_text=True)
    address = url_for("events.edit_holiday", holiday_id=autumn.id)
    form = coordinator.get(address).get_data(as_text=True)
    assert 'value="2026-10-26"' in form
    refused = coordinator.post(
        address,
        data={"form_token": "holiday-edit-0001", "name": "Күзгі демалыс",
              "starts_on": "2026-11-06", "ends_on": "2026-10-29"},
    )  # fmt: skip
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "end on or after their first day" in body and 'value="2026-11-06"' in body
    fixed = {"form_token": "holiday-edit-0002", "name": "Күзгі демалыс",
             "starts_on": "2026-10-29", "ends_on": "2026-11-06"}  # fmt: skip
    assert coordinator.post(address, data=fixed).status_code == 302
    assert coordinator.post(address, data=fixed).status_code == 302  # the same click again
    assert db.session.get(Holiday, autumn.id).starts_on == date(2026, 10, 29)
    edits = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "holiday.edit"))
    assert len(list(edits)) == 1

    teacher = login_as(Role.TEACHER)
    remove = url_for("events.remove_holiday", holiday_id=autumn.id)
    assert teacher.post(remove, data={"form_token": "holiday-remove-01"}).status_code == 403
    assert teacher.get(address).status_code == 403
    assert teacher.get(remove).status_code == 403
    asked = coordinator.get(remove).get_data(as_text=True)  # without JavaScript: a page asks
    assert "<h1>Remove these holidays?</h1>" in asked and "Күзгі демалыс" in asked
    assert db.session.get(Holiday, autumn.id) is not None
    years_page = coordinator.get(url_for("events.manage_years")).get_data(as_text=True)
    assert f'<form method="get" action="{remove}" data-confirm=' in years_page
    response = coordinator.post(remove, data={"form_token": "holiday-remove-02"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#year-{year.id}")
    assert db.session.get(Holiday, autumn.id) is None
    assert coordinator.post(remove, data={"form_token": "holiday-remove-03"}).status_code == 404
