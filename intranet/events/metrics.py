"""Event figures as monitoring metric sources: each a ``select`` of three labelled columns,
``school_id`` (whom it counts for), ``at`` (naive UTC, which month it falls in) and ``item``
(what is counted), one row per counted thing, as the monitoring feature's metric registry
(``intranet.monitoring.metrics``, merged separately) takes them. Only events held count: ended
before now and not cancelled.

- ``events_hosted``: events held at the school (its host school).
- ``events_invited``: for each event held, each member of its network at the school (the
  networks' members today, through their school or a membership row; staff not counted).
- ``events_going``: answers "going" by people of the school.
- ``events_attended``: people of the school marked present.

They are registered below, in this order, when the events package is imported; only
"came to events" draws a chart (the others are table columns, to keep the pages light).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, or_, select

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES
from ..core.db import utcnow
from ..monitoring.metrics import Metric, register
from ..network.models import Membership, NetworkSchool
from .models import Event, EventResponse


def _held():
    return and_(Event.ends_at <= utcnow(), Event.cancelled_at.is_(None))


def events_hosted() -> Select:
    return select(
        Event.host_school_id.label("school_id"),
        Event.starts_at.label("at"),
        Event.id.label("item"),
    ).where(_held(), Event.host_school_id.is_not(None))


def events_invited() -> Select:
    in_school = select(NetworkSchool.school_id).where(NetworkSchool.network_id == Event.network_id)
    own = select(Membership.user_id).where(Membership.network_id == Event.network_id)
    return (
        select(
            User.school_id.label("school_id"),
            Event.starts_at.label("at"),
            Event.id.label("item"),
        )
        .join(
            User,
            and_(
                User.status == AccountStatus.ACTIVE,
                User.role.not_in(STAFF_ROLES),
                User.school_id.is_not(None),
                or_(User.school_id.in_(in_school), User.id.in_(own)),
            ),
        )
        .where(_held())
    )


def _answers(condition) -> Select:
    return (
        select(
            User.school_id.label("school_id"),
            Event.starts_at.label("at"),
            EventResponse.id.label("item"),
        )
        .join(Event, Event.id == EventResponse.event_id)
        .join(User, User.id == EventResponse.user_id)
        .where(_held(), condition, User.school_id.is_not(None))
    )


def events_going() -> Select:
    return _answers(EventResponse.going.is_(True))


def events_attended() -> Select:
    return _answers(EventResponse.attended.is_(True))


#: (key, label, source) of each metric, in the order the monitoring pages should show them.
MONITORING_METRICS = (
    ("events_hosted", _l("Events hosted"), events_hosted),
    ("events_invited", _l("Invited to events"), events_invited),
    ("events_going", _l("Said they would come"), events_going),
    ("events_attended", _l("Came to events"), events_attended),
)

#: The metric that draws a trend chart on the monitoring pages.
CHARTED = frozenset({"events_attended"})

METRICS = [
    register(Metric(key, label, source, chart=key in CHARTED))
    for key, label, source in MONITORING_METRICS
]
