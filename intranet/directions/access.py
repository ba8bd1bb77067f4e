"""Who sees and changes a league's directions: the feature's permissions, registered into the
one ``can()`` (``accounts.permissions``), and the loaders: a league or a direction the signed-in
person may not see answers 404, exactly like one that does not exist.

A league is a network: its directions are seen by whoever sees the network (``NetworkScope``)
and managed by whoever manages the network's members.
"""

from __future__ import annotations

from ..accounts.models import Role, User
from ..accounts.permissions import permission, visible_or_404
from ..extensions import db
from ..network.access import manage_members, view_network
from ..network.models import Network, NetworkKind
from .models import Direction


@permission("directions.view")
def _view_directions(user: User, league) -> bool:
    """A league's directions and progress: every member, as the network itself."""
    return view_network(user, league)


@permission("directions.manage")
def _manage_directions(user: User, league) -> bool:
    """Add and edit a league's directions and set its target: the staff or the league's lead."""
    return manage_members(user, league)


@permission("directions.record_adoption")
def _record_direction_adoption(user: User, direction) -> bool:
    """Record (or take back) that a school adopted a direction's practice: whoever manages the
    league, or a leader (director or deputy) of the school that owns the direction."""
    if direction is None:
        return False
    if user.role == Role.SCHOOL_LEADER and user.school_id == direction.school_id:
        return True
    return _manage_directions(user, direction.network)


def league_or_404(league_id: int) -> Network:
    league = db.session.get(Network, league_id)
    if league is not None and league.kind != NetworkKind.LEAGUE:
        league = None
    return visible_or_404(league, "directions.view")


def direction_or_404(direction_id: int) -> Direction:
    direction = db.session.get(Direction, direction_id)
    return visible_or_404(direction, "directions.view", lambda direction: direction.network)
