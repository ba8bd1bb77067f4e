"""Data that the events tests share: a «ШЫҢ»-like network with schools and people, the sample
school year 2026–2027 with its holidays, the cyclogram of seed 003, and bulk events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import insert

from intranet.accounts.models import Role, User
from intranet.core.db import utcnow
from intranet.events import cyclogram
from intranet.events.models import Event, EventKind, Frequency, SchoolYear
from intranet.extensions import db
from intranet.network.models import (
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    School,
)

#: The sample year: autumn, winter and spring holidays (both ends included).
YEAR = ("2026–2027", date(2026, 9, 1), date(2027, 5, 25))
HOLIDAYS = (
    ("Күзгі демалыс", date(2026, 10, 26), date(2026, 11, 1)),
    ("Қысқы демалыс", date(2026, 12, 30), date(2027, 1, 8)),
    ("Көктемгі демалыс", date(2027, 3, 19), date(2027, 3, 29)),
)


@dataclass
class Community:
    network: Network
    schools: list[School]
    lead: User
    teachers: list[User]
    outsider: User


def community(factory, name: str = "«ШЫҢ» кәсіби қауымдастығы") -> Community:
    """A community of three schools, a lead teacher, two teachers, and one teacher outside."""
    schools = [
        factory.school(name="Заречный орта мектебі"),
        factory.school(name="Затобол орта мектебі"),
        factory.school(name="Мичурин орта мектебі"),
    ]
    network = Network(name=name, kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    for school in schools:
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    lead = factory.user(Role.TEACHER, school=schools[0], full_name="Бақыт Сейітқали")
    db.session.add(Membership(user_id=lead.id, network_id=network.id, role=MembershipRole.LEAD))
    db.session.commit()
    teachers = [
        factory.user(Role.TEACHER, school=schools[1], full_name="Гүлжан Әбенова"),
        factory.user(Role.TEACHER, school=schools[2], full_name="Ирина Коваленко"),
    ]
    outsider = factory.user(Role.TEACHER, full_name="Марат Исқақов")
    return Community(network, schools, lead, teachers, outsider)


def school_year() -> SchoolYear:
    year = cyclogram.create_year(*YEAR)
    for name, first, last in HOLIDAYS:
        cyclogram.add_holiday(year, name, first, last)
    db.session.commit()
    return year


def seed_cyclogram(world: Community) -> None:
    """Seed 003's rhythm: online every two weeks, a meeting every two months at a rotating host,
    quarterly learning walks."""
    rules = (
        cyclogram.RuleFields(
            kind=EventKind.ONLINE_DISCUSSION,
            title="Онлайн сұхбат",
            frequency=Frequency.BIWEEKLY,
            weekday=2,
            start_time=time(16, 0),
            duration_minutes=60,
        ),
        cyclogram.RuleFields(
            kind=EventKind.MEETING,
            title="Бетпе-бет кездесу",
            frequency=Frequency.BIMONTHLY,
            weekday=4,
            week_of_month=5,
            start_time=time(10, 0),
            duration_minutes=180,
            host_school_ids=[school.id for school in world.schools],
        ),
        cyclogram.RuleFields(
            kind=EventKind.LEARNING_WALK,
            title="Бірлескен оқу серуені",
            frequency=Frequency.QUARTERLY,
            weekday=3,
            week_of_month=2,
            start_time=time(11, 0),
            duration_minutes=120,
        ),
    )
    for fields in rules:
        cyclogram.add_rule(world.network, fields)
    db.session.commit()


def bulk_events(network: Network, count: int, *, days_ahead: int = 1) -> None:
    """``count`` upcoming events of ``network``, one an hour, inserted in one statement."""
    start = utcnow() + timedelta(days=days_ahead)
    rows = [
        {
            "network_id": network.id,
            "kind": EventKind.SEMINAR,
            "title": f"Семинар №{n}",
            "purpose": "Сыни ойлауға үйретудің тиімді әдіс-тәсілдерімен бөлісу",
            "expected_result": "",
            "resources": "",
            "responsible": "",
            "place": "",
            "online_link": "",
            "starts_at": start + timedelta(hours=n),
            "ends_at": start + timedelta(hours=n, minutes=45),
            "created_at": utcnow(),
            "updated_at": utcnow(),
        }
        for n in range(count)
    ]
    db.session.execute(insert(Event), rows)
    db.session.commit()
