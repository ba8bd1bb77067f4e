"""Who sees which figures: monitoring's permissions, registered into the one ``can()``
(``accounts.permissions``), and the loaders: a network or a school whose figures the signed-in
person may not see answers 404, exactly like one that does not exist.

Coordinators and admins see everything; a network's lead sees that network and its schools, a
school leader their own school.
"""

from __future__ import annotations

from ..accounts.models import Role, User
from ..accounts.permissions import is_staff, permission, visible_or_404
from ..extensions import db
from ..network.membership import leads_a_network_of, leads_network
from ..network.models import Network, School


@permission("monitoring.view")
def _view_monitoring(user: User, _obj) -> bool:
    """The monitoring menu: the staff (every network), a school leader (their own school)."""
    return is_staff(user) or (user.role == Role.SCHOOL_LEADER and user.school_id is not None)


@permission("monitoring.view_all")
def _view_all_monitoring(user: User, _obj) -> bool:
    """Every network's and every school's figures: the coordination centre."""
    return is_staff(user)


@permission("monitoring.view_network")
def _view_network_monitoring(user: User, network) -> bool:
    """One network's figures: the staff, or the network's lead (others get 404)."""
    if is_staff(user):
        return True
    return network is not None and leads_network(user, network)


@permission("monitoring.view_school")
def _view_school_monitoring(user: User, school) -> bool:
    """One school's figures: the staff, a leader of that school, or the lead of a network the
    school belongs to (others get 404)."""
    if is_staff(user):
        return True
    if school is None:
        return False
    if user.role == Role.SCHOOL_LEADER and user.school_id == school.id:
        return True
    return leads_a_network_of(user, school)


def network_or_404(network_id: int) -> Network:
    network = db.session.get(Network, network_id)
    if network is not None and network.archived:
        network = None
    return visible_or_404(network, "monitoring.view_network")


def school_or_404(school_id: int) -> School:
    school = db.session.get(School, school_id)
    return visible_or_404(school, "monitoring.view_school")
