"""Event figures for monitoring (the seam for issue #7 part 4): per network and per school over a
period, the events held and their attendance (invited / going / attended).

``attendance_figures(start, end)`` takes UTC datetimes and runs three queries whatever the data
size: the events held (ended inside the period, before now, not cancelled), the people invited
to them (the networks' members today, through their school or a membership row; staff not
counted), and the answers and attendance marks grouped by network and by the person's school.

- per network: ``held`` events, ``invited`` = held × members, ``going`` and ``attended`` answers.
- per school: ``held`` = events of the school's networks, ``invited`` = the school's members
  summed over those events, ``going`` and ``attended`` by people of the school.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, union

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES
from ..core.db import utcnow
from ..extensions import db
from ..network.models import Membership, NetworkSchool
from .models import Event, EventResponse


@dataclass
class Attendance:
    held: int = 0
    invited: int = 0
    going: int = 0
    attended: int = 0


@dataclass
class AttendanceFigures:
    by_network: dict[int, Attendance] = field(default_factory=lambda: defaultdict(Attendance))
    by_school: dict[int, Attendance] = field(default_factory=lambda: defaultdict(Attendance))


def attendance_figures(
    start: datetime, end: datetime, network_ids: list[int] | None = None
) -> AttendanceFigures:
    now = utcnow()
    held_query = (
        select(Event.network_id, func.count(Event.id))
        .where(Event.ends_at >= start, Event.ends_at < end, Event.ends_at <= now)
        .where(Event.cancelled_at.is_(None))
        .group_by(Event.network_id)
    )
    if network_ids is not None:
        held_query = held_query.where(Event.network_id.in_(network_ids))
    held = {network_id: count for network_id, count in db.session.execute(held_query)}
    figures = AttendanceFigures()
    if not held:
        return figures

    people = select(User.id, User.school_id).where(
        User.status == AccountStatus.ACTIVE, User.role.not_in(STAFF_ROLES)
    )
    people_sub = people.subquery()
    by_school = (
        select(NetworkSchool.network_id, people_sub.c.id, people_sub.c.school_id)
        .join(people_sub, NetworkSchool.school_id == people_sub.c.school_id)
        .where(NetworkSchool.network_id.in_(list(held)))
    )
    by_row = (
        select(Membership.network_id, people_sub.c.id, people_sub.c.school_id)
        .join(people_sub, Membership.user_id == people_sub.c.id)
        .where(Membership.network_id.in_(list(held)))
    )
    members = Counter()  # (network, school) → people
    for network_id, _user, school_id in db.session.execute(union(by_school, by_row)):
        members[network_id, school_id] += 1
    for (network_id, school_id), count in members.items():
        figures.by_network[network_id].invited += count * held[network_id]
        if school_id is not None:
            school = figures.by_school[school_id]
            school.invited += count * held[network_id]
    schools_of = defaultdict(set)
    for network_id, school_id in members:
        if school_id is not None:
            schools_of[school_id].add(network_id)
    for network_id, count in held.items():
        figures.by_network[network_id].held = count
    for school_id, networks in schools_of.items():
        figures.by_school[school_id].held = sum(held[n] for n in networks)

    answers = db.session.execute(
        select(
            Event.network_id,
            User.school_id,
            func.count().filter(EventResponse.going.is_(True)),
            func.count().filter(EventResponse.attended.is_(True)),
        )
        .join(Event, Event.id == EventResponse.event_id)
        .join(User, User.id == EventResponse.user_id)
        .where(Event.ends_at >= start, Event.ends_at < end, Event.ends_at <= now)
        .where(Event.network_id.in_(list(held)), Event.cancelled_at.is_(None))
        .group_by(Event.network_id, User.school_id)
    )
    for network_id, school_id, going, attended in answers:
        figures.by_network[network_id].going += going
        figures.by_network[network_id].attended += attended
        if school_id is not None:
            figures.by_school[school_id].going += going
            figures.by_school[school_id].attended += attended
    return figures
