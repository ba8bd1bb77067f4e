"""What the home page puts in front of a member: the few things that want them this week.

Each panel is one query of the rows' own columns, limited to a handful of rows, and goes
through the feature's own scope (``access.py``: the events a person may see, the cycles they may
open, the studies they are on), so the home page never shows what the feature's own pages
would refuse. The page stays within its query budget whatever the size of the network: see
``tests/test_home.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func
from sqlalchemy.orm import raiseload

from ..accounts.permissions import can, is_staff
from ..core.db import utcnow
from ..essays.access import cycle_scope_for
from ..essays.models import Essay, EssayCycle, EssayStatus
from ..events.access import scope_for as event_scope_for
from ..events.models import Event, EventResponse
from ..extensions import db
from ..lessonstudy.access import scope_for as study_scope_for
from ..lessonstudy.models import LessonStudy, StudyStatus
from ..network.membership import member_of_network
from ..network.models import Membership, MembershipRole, Network, NetworkSchool, NetworkSchoolRole
from ..resources.models import Resource, ResourceStatus

#: Rows a panel shows at most; each panel links to its feature's full list.
PANEL_ROWS = 3

#: A panel prints a row's own columns (title, date, status). Without this, each query would join
#: what the models load eagerly (a study's network, region, university, school, district, lead…):
#: a dozen joins that PostgreSQL took longer to plan than to run.
_COLUMNS_ONLY = raiseload("*")


@dataclass(frozen=True)
class EssayDue:
    cycle: EssayCycle
    status: EssayStatus | None

    @property
    def submitted(self) -> bool:
        return self.status == EssayStatus.SUBMITTED


@dataclass(frozen=True)
class MyNetwork:
    """A network of the member's, with the part they play in it: their own role (lead, member,
    mentor) or else their school's (leading, partner, member school). The network's name often
    says its kind already («ШЫҢ» кәсіби қауымдастығы), so the role is what the badge adds."""

    id: int
    name: str
    own_role: MembershipRole | None
    school_role: NetworkSchoolRole | None

    @property
    def role_label(self) -> str | None:
        role = self.own_role or self.school_role
        return role.label if role else None


@dataclass(frozen=True)
class EventAhead:
    event: Event
    going: bool | None


def open_essays(user, today: date) -> list[EssayDue]:
    """Cycles of the member's networks open for writing today, soonest due first, with the state
    of the member's own essay. Staff review essays rather than write them: none for them."""
    if is_staff(user):
        return []
    rows = db.session.execute(
        db.select(EssayCycle, Essay.status)
        .outerjoin(Essay, and_(Essay.cycle_id == EssayCycle.id, Essay.author_id == user.id))
        .where(
            cycle_scope_for(user).clause(),
            EssayCycle.opens_on <= today,
            EssayCycle.cutoff_on >= today,
        )
        .order_by(EssayCycle.due_on, EssayCycle.id)
        .limit(PANEL_ROWS)
        .options(_COLUMNS_ONLY)
    )
    return [EssayDue(cycle, status) for cycle, status in rows]


def my_networks(user) -> list[MyNetwork]:
    """The networks the member belongs to (``member_of_network``), by name, each with the
    member's network-wide role and their school's role in it: one query."""
    rows = db.session.execute(
        db.select(Network.id, Network.name, Membership.role, NetworkSchool.role)
        .outerjoin(
            Membership,
            and_(
                Membership.network_id == Network.id,
                Membership.user_id == user.id,
                Membership.group_id.is_(None),
            ),
        )
        .outerjoin(
            NetworkSchool,
            and_(NetworkSchool.network_id == Network.id, NetworkSchool.school_id == user.school_id),
        )
        .where(member_of_network(user))
        .order_by(Network.name, Network.id)
    )
    networks: dict[int, MyNetwork] = {}
    for ident, name, own_role, school_role in rows:
        networks.setdefault(ident, MyNetwork(ident, name, own_role, school_role))
    return list(networks.values())


def next_events(user, now: datetime | None = None) -> list[EventAhead]:
    """The next events the person may see that are not over or cancelled, with their answer."""
    rows = db.session.execute(
        db.select(Event, EventResponse.going)
        .outerjoin(
            EventResponse,
            and_(EventResponse.event_id == Event.id, EventResponse.user_id == user.id),
        )
        .where(
            event_scope_for(user).clause(),
            Event.ends_at > (now or utcnow()),
            Event.cancelled_at.is_(None),
        )
        .order_by(Event.starts_at, Event.id)
        .limit(PANEL_ROWS)
        .options(_COLUMNS_ONLY)
    )
    return [EventAhead(event, going) for event, going in rows]


def active_studies(user) -> list[LessonStudy]:
    """The Lesson Studies the person is on that are not completed, latest first."""
    return list(
        db.session.scalars(
            db.select(LessonStudy)
            .where(study_scope_for(user).team_clause(), LessonStudy.status != StudyStatus.COMPLETED)
            .order_by(LessonStudy.starts_on.desc(), LessonStudy.id.desc())
            .limit(PANEL_ROWS)
            .options(_COLUMNS_ONLY)
        )
    )


def resources_waiting(user) -> int:
    """For reviewers, how many resources wait in the review queue; 0 (no query) for others."""
    if not can(user, "resources.review"):
        return 0
    return db.session.scalar(
        db.select(func.count(Resource.id)).where(Resource.status == ResourceStatus.PENDING)
    )
