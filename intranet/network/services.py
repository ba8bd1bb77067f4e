"""Rules of the network map: who belongs where, and the 1:10 rule of leading-school networks."""

from __future__ import annotations

from sqlalchemy import or_

from ..extensions import db
from .models import Membership, MembershipRole, Network, NetworkSchool, School


def networks_of(user) -> list[Network]:
    """The networks ``user`` belongs to: through their school, or by a membership of their own."""
    school_networks = db.select(NetworkSchool.network_id).where(
        NetworkSchool.school_id == user.school_id
    )
    own_networks = db.select(Membership.network_id).where(Membership.user_id == user.id)
    query = (
        db.select(Network)
        .where(
            Network.archived.is_(False),
            or_(Network.id.in_(school_networks), Network.id.in_(own_networks)),
        )
        .order_by(Network.name)
    )
    return list(db.session.scalars(query))


def leads_network(user, network: Network) -> bool:
    return (
        db.session.scalar(
            db.select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.network_id == network.id,
                Membership.group_id.is_(None),
                Membership.role == MembershipRole.LEAD,
            )
        )
        is not None
    )


def search_schools(query: str, *, limit: int = 20) -> list[School]:
    """Open schools whose number or name contains ``query`` (case-insensitive), for pickers."""
    words = (query or "").strip().lower().split()
    statement = db.select(School).where(School.archived.is_(False))
    for word in words[:5]:
        statement = statement.where(School.search_key.contains(word, autoescape=True))
    return list(db.session.scalars(statement.order_by(School.name).limit(limit)))


def school_search_key(school: School) -> str:
    """What ``search_schools`` matches against: number, name and district, lower-cased."""
    district = school.district.name if school.district else ""
    return " ".join(part for part in (school.number, school.name, district) if part).lower()
