"""Who belongs to an essay cycle: its members (who write) and its reviewers (who give feedback
and see the tracking), and who may read an essay. The rule itself is written out in the
docstring of ``essays/services.py``; ``member_clause`` is that rule for every person at once and
``is_member`` for one, so lists and pages cannot disagree.
"""

from __future__ import annotations

from sqlalchemy import and_, or_

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES, is_staff
from ..core.requestcache import per_request
from ..extensions import db
from ..network.membership import leads_network, led_network_ids, member_of_network
from ..network.models import Membership, MembershipRole, Network, NetworkSchool
from .models import CycleVisibility, Essay, EssayCycle, EssayStatus

REVIEWER_ROLES = (MembershipRole.LEAD, MembershipRole.MENTOR)


# --- Who belongs ------------------------------------------------------------------------------


def member_clause(network_id):
    """A WHERE clause on ``User``: the members of network ``network_id`` (a value or a column).

    The same rule as ``is_member``, for every person at once (tracking, export, notifications).
    """
    schools = db.select(NetworkSchool.school_id).where(NetworkSchool.network_id == network_id)
    own = db.select(Membership.user_id).where(
        Membership.network_id == network_id, Membership.role != MembershipRole.MENTOR
    )
    return and_(
        User.status == AccountStatus.ACTIVE,
        User.role.not_in(STAFF_ROLES),
        or_(User.school_id.in_(schools.scalar_subquery()), User.id.in_(own.scalar_subquery())),
    )


def _user_and_network(user, network: Network) -> tuple[int, int]:
    return user.id, network.id


@per_request(key=_user_and_network)
def is_member(user, network: Network) -> bool:
    """True when ``user`` writes essays in ``network``'s cycles (see the module docstring); once
    per request (templates ask ``can`` for every button)."""
    if user.status != AccountStatus.ACTIVE or user.role in STAFF_ROLES:
        return False
    found = db.session.scalar(
        db.select(User.id).where(User.id == user.id, member_clause(network.id))
    )
    return found is not None


def is_reviewer(user, network: Network) -> bool:
    """Staff, or a lead or mentor of ``network``: they give feedback and see the tracking."""
    return is_staff(user) or _reviews_in(user, network)


@per_request(key=_user_and_network)
def _reviews_in(user, network: Network) -> bool:
    found = db.session.scalar(
        db.select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.network_id == network.id,
            Membership.group_id.is_(None),
            Membership.role.in_(REVIEWER_ROLES),
        )
    )
    return found is not None


def leads(user, network: Network) -> bool:
    """May create cycles in ``network``: staff, or the network's lead."""
    return is_staff(user) or leads_network(user, network)


def managed_networks(user) -> list[Network]:
    """The open networks in which ``user`` may create cycles."""
    statement = db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
    if not is_staff(user):
        statement = statement.where(Network.id.in_(led_network_ids(user)))
    return list(db.session.scalars(statement))


def may_read(user, essay: Essay) -> bool:
    """The author always; others only a submitted essay: reviewers, and members when the
    cycle's essays are open to the whole community."""
    if essay.author_id == user.id:
        return True
    if essay.status != EssayStatus.SUBMITTED:
        return False
    return may_read_sent_essays(user, essay.cycle)


def may_read_sent_essays(user, cycle: EssayCycle) -> bool:
    """Whether ``user`` may read the submitted essays of ``cycle`` other people wrote."""
    network = cycle.network
    if is_reviewer(user, network):
        return True
    return cycle.visibility == CycleVisibility.COMMUNITY and is_member(user, network)


def network_ids_of(user):
    """A SELECT of the ids of the networks ``user`` belongs to, by school or by membership."""
    return db.select(Network.id).where(member_of_network(user))
