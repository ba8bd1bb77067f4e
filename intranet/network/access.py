"""Who may see and change the network map: the network's permissions, registered into the one
``can()`` (``accounts.permissions``), and ``NetworkScope``, the same decision for one network
(``allows``) and for a list (``clause``): every member sees the live networks and schools,
archived ones only the staff."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import true

from ..accounts.models import User
from ..accounts.permissions import is_staff, permission
from .membership import leads_network
from .models import Network


@dataclass(frozen=True)
class NetworkScope:
    """The networks (or schools: both are archived the same way) one person may see."""

    everything: bool

    def allows(self, place) -> bool:
        return self.everything or not getattr(place, "archived", False)

    def clause(self, model=Network):
        """A WHERE clause on ``model`` (``Network`` or ``School``) that keeps what ``allows``
        allows."""
        return true() if self.everything else model.archived.is_(False)


def scope_for(user) -> NetworkScope:
    """``user``'s scope: no query (it depends on the role alone)."""
    return NetworkScope(everything=is_staff(user))


@permission("network.view")
def _view_network(user: User, network) -> bool:
    """Every member sees the networks; archived ones only the staff."""
    return scope_for(user).allows(network)


@permission("network.view_school")
def _view_school(user: User, school) -> bool:
    """A school's page (its networks, its number of members); archived ones only the staff."""
    return scope_for(user).allows(school)


@permission("network.manage")
def _manage_network_map(user: User, _obj) -> bool:
    """Regions, districts, schools, universities, networks and their schools."""
    return is_staff(user)


@permission("network.manage_members")
def _manage_network_members(user: User, network) -> bool:
    """Working groups and people of one network: staff, or the network's lead."""
    if is_staff(user):
        return True
    return network is not None and leads_network(user, network)


def view_network(user: User, network) -> bool:
    """``network.view``, for features whose permissions follow it (the league's directions)."""
    return _view_network(user, network)


def manage_members(user: User, network) -> bool:
    """``network.manage_members``, for features whose permissions follow it."""
    return _manage_network_members(user, network)
