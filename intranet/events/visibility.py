"""Who sees which events: a network's events are for its members and the staff only.

The same rule serves ``events.view`` (one event) and every list query (``visible_clause``), so a
page and a list never disagree. Membership is through one's school or a membership row
(``network.membership.networks_of``), computed once per request.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_, true

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES, is_staff
from ..extensions import db
from ..network.membership import member_network_ids
from ..network.models import Membership, NetworkSchool
from .models import Event


def sees_network(user, network_id: int) -> bool:
    return is_staff(user) or network_id in member_network_ids(user)


def visible_clause(user):
    """A WHERE clause on ``Event`` keeping the events ``user`` may see."""
    if is_staff(user):
        return true()
    ids = member_network_ids(user)
    return Event.network_id.in_(ids) if ids else false()


def member_clause(network_id: int):
    """A WHERE clause on ``User``: the active people invited to a network's events.

    Staff are not counted as invited (they see everything, and come when they choose).
    """
    schools = db.select(NetworkSchool.school_id).where(NetworkSchool.network_id == network_id)
    own = db.select(Membership.user_id).where(Membership.network_id == network_id)
    return and_(
        User.status == AccountStatus.ACTIVE,
        User.role.not_in(STAFF_ROLES),
        or_(User.school_id.in_(schools), User.id.in_(own)),
    )
