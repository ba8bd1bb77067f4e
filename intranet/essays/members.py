"""Who belongs to an essay cycle: its members (who write) and its reviewers (who give feedback
and see the tracking). The rule itself is written out in the docstring of ``essays/services.py``;
``member_clause`` is that rule for every person at once and ``is_member`` for one, from
``facts_of``, the person's facts computed once per request, on which ``access.py`` builds the
scopes (who may open a cycle, who may read an essay), so lists and pages cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, literal, or_, union_all

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES, is_staff
from ..core.db import read_rows
from ..core.requestcache import by_user, per_request
from ..extensions import db
from ..network.membership import leads_network, led_network_ids
from ..network.models import Membership, MembershipRole, Network, NetworkSchool

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


#: The networks one person writes in (through their school, or a membership row of their own
#: in any role but mentor: ``member_clause`` for one person) and those they review in (a
#: network-level lead or mentor row): built once, run once per request by ``facts_of``.
_FACTS = union_all(
    db.select(NetworkSchool.network_id, literal("member").label("kind")).where(
        NetworkSchool.school_id == bindparam("school_id")
    ),
    db.select(Membership.network_id, literal("member").label("kind")).where(
        Membership.user_id == bindparam("user_id"), Membership.role != MembershipRole.MENTOR
    ),
    db.select(Membership.network_id, literal("reviewer").label("kind")).where(
        Membership.user_id == bindparam("user_id"),
        Membership.group_id.is_(None),
        Membership.role.in_(REVIEWER_ROLES),
    ),
)


@dataclass(frozen=True)
class EssayFacts:
    """What decides what one person may do with essays: the networks they write in and those
    they review in (staff review everywhere and write nowhere)."""

    staff: bool
    member_of: frozenset[int]
    reviews_in: frozenset[int]


@per_request(key=by_user)
def facts_of(user) -> EssayFacts:
    """``user``'s facts, once per request: one query (none for the staff and the inactive)."""
    if user.role in STAFF_ROLES:
        return EssayFacts(True, frozenset(), frozenset())
    ids: dict[str, set[int]] = {"member": set(), "reviewer": set()}
    params = {"school_id": user.school_id, "user_id": user.id}
    for network_id, kind in read_rows(_FACTS, params):
        ids[kind].add(network_id)
    if user.status != AccountStatus.ACTIVE:  # only the active write (``member_clause``)
        ids["member"].clear()
    return EssayFacts(False, frozenset(ids["member"]), frozenset(ids["reviewer"]))


def facts_clause(column, user):
    """A WHERE clause: ``column`` (a network id) is one ``facts_of(user)`` names, its member or
    its reviewer networks, as a subquery of the same statement, for a list that must not cost a
    query of its own (the home page's panel)."""
    kinds = ["member", "reviewer"] if user.status == AccountStatus.ACTIVE else ["reviewer"]
    facts = _FACTS.params(school_id=user.school_id, user_id=user.id).subquery()
    return column.in_(db.select(facts.c.network_id).where(facts.c.kind.in_(kinds)))


def is_member(user, network: Network) -> bool:
    """True when ``user`` writes essays in ``network``'s cycles (see the module docstring)."""
    return network.id in facts_of(user).member_of


def is_reviewer(user, network: Network) -> bool:
    """Staff, or a lead or mentor of ``network``: they give feedback and see the tracking."""
    return is_staff(user) or network.id in facts_of(user).reviews_in


def leads(user, network: Network) -> bool:
    """May create cycles in ``network``: staff, or the network's lead."""
    return is_staff(user) or leads_network(user, network)


def managed_networks(user) -> list[Network]:
    """The open networks in which ``user`` may create cycles."""
    statement = db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
    if not is_staff(user):
        statement = statement.where(Network.id.in_(led_network_ids(user)))
    return list(db.session.scalars(statement))
