"""Who belongs to which network, and who leads one: the lookups every feature's permissions
and list queries build on.

A person belongs to a live network through their school (the network's schools) or through a
membership row of their own; a lead is a network-wide lead's membership row (not a working
group's) in a live network. Archived networks have neither members nor leads: only the staff
act on them. The id sets are computed once per request (``core.requestcache``); ``networks``
and ``working_groups`` call ``forget_memberships()`` when they change who belongs where.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_
from sqlalchemy.orm import raiseload

from ..core.db import read_rows
from ..core.requestcache import by_user, forget_everything, per_request
from ..extensions import db
from .models import Membership, MembershipRole, Network, NetworkSchool, School


def live_networks_of(school_id, user_id):
    """A WHERE clause on ``Network``: the live networks of a school's people and of a person's
    own memberships; the ids are values or ``bindparam``s."""
    school_networks = db.select(NetworkSchool.network_id).where(
        NetworkSchool.school_id == school_id
    )
    own_networks = db.select(Membership.network_id).where(Membership.user_id == user_id)
    return and_(
        Network.archived.is_(False),
        or_(Network.id.in_(school_networks), Network.id.in_(own_networks)),
    )


def member_of_network(user):
    """A WHERE clause on ``Network``: the live networks ``user`` belongs to, through their
    school or by a membership of their own."""
    return live_networks_of(user.school_id, user.id)


#: Built once, as the other statements that most pages run: SQLAlchemy takes longer to build
#: a statement and its cache key than SQLite takes to run it. The values come with each call.
_MEMBER_NETWORK_IDS = db.select(Network.id).where(
    live_networks_of(bindparam("school_id"), bindparam("user_id"))
)


@per_request(key=by_user)
def member_network_ids(user) -> frozenset[int]:
    """The ids of the networks ``user`` belongs to (``member_of_network``): one query a request."""
    params = {"school_id": user.school_id, "user_id": user.id}
    return frozenset(read_rows(_MEMBER_NETWORK_IDS, params).scalars())


def networks_of(user) -> list[Network]:
    """The networks ``user`` belongs to (``member_of_network``), by name: their own columns
    (id, name, kind), without the region and university they would join in."""
    query = (
        db.select(Network)
        .where(member_of_network(user))
        .order_by(Network.name)
        .options(raiseload("*"))
    )
    return list(db.session.scalars(query))


_LED_NETWORK_IDS = (
    db.select(Membership.network_id)
    .join(Network, Network.id == Membership.network_id)
    .where(
        Membership.user_id == bindparam("user_id"),
        Membership.group_id.is_(None),
        Membership.role == MembershipRole.LEAD,
        Network.archived.is_(False),
    )
)


@per_request(key=by_user)
def led_network_ids(user) -> frozenset[int]:
    """The ids of the live networks ``user`` leads (a network-wide lead, not a group's): one
    query a request."""
    return frozenset(read_rows(_LED_NETWORK_IDS, {"user_id": user.id}).scalars())


def leads_network(user, network: Network) -> bool:
    return network.id in led_network_ids(user)


def leads_a_network_of(user, school: School) -> bool:
    """``user`` leads a live network that ``school`` belongs to."""
    led = led_network_ids(user)
    if not led:
        return False
    return (
        db.session.scalar(
            db.select(NetworkSchool.network_id)
            .where(NetworkSchool.school_id == school.id, NetworkSchool.network_id.in_(led))
            .limit(1)
        )
        is not None
    )


def forget_memberships() -> None:
    """After a change of memberships, of a network's schools or of its archiving: every answer
    this request kept (these lookups, and the features' scopes built on them) is asked again."""
    forget_everything()
