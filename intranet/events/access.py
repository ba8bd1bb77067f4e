"""Who sees and runs which events: the feature's permissions, registered into the one ``can()``
(``accounts.permissions``); ``EventScope``, the one decision behind ``events.view`` (``allows``) and
every list of events (``clause``), so a page and a list never disagree; ``member_clause``, who
is invited; and the loaders: an event or a network the signed-in person may not see answers
404, exactly like one that does not exist.

A network's events are for its members (through their school or a membership row,
``network.membership.member_network_ids``, once per request) and the staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, or_, true

from ..accounts.models import AccountStatus, User
from ..accounts.permissions import STAFF_ROLES, is_staff, permission, visible_or_404
from ..extensions import db
from ..network.membership import led_network_ids, member_network_ids
from ..network.models import Membership, Network, NetworkSchool
from .models import Event


@dataclass(frozen=True)
class EventScope:
    """The networks whose events one person sees: all for the staff."""

    everything: bool
    network_ids: frozenset[int]

    def allows_network(self, network_id: int) -> bool:
        return self.everything or network_id in self.network_ids

    def allows(self, event: Event) -> bool:
        return self.allows_network(event.network_id)

    def clause(self):
        """A WHERE clause on ``Event`` that keeps what ``allows`` allows."""
        if self.everything:
            return true()
        return Event.network_id.in_(self.network_ids) if self.network_ids else false()


def scope_for(user) -> EventScope:
    """``user``'s scope: no query for the staff, else the networks they belong to (one query a
    request, shared with the other features' scopes)."""
    if is_staff(user):
        return EventScope(True, frozenset())
    return EventScope(False, member_network_ids(user))


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


# --- Permissions ------------------------------------------------------------------------------


def _manages_events_of(user: User, network) -> bool:
    """Staff, or the lead of this (live) network; the leads are looked up once per request."""
    if is_staff(user):
        return True
    return network is not None and network.id in led_network_ids(user)


@permission("events.view")
def _view_event(user: User, event) -> bool:
    """A network's events: its members (through their school or a membership) and staff."""
    return scope_for(user).allows(event)


@permission("events.view_network")
def _view_network_events(user: User, network) -> bool:
    """A network's plan and calendar: the same people as its events."""
    return scope_for(user).allows_network(network.id)


@permission("events.manage")
def _manage_network_events(user: User, network) -> bool:
    """Create and edit a network's events, its cyclogram, and generate from it."""
    return _manages_events_of(user, network)


@permission("events.create")
def _create_events(user: User, _obj) -> bool:
    """Shows the "New event" link: staff, or the lead of some network (checked per network)."""
    return is_staff(user) or bool(led_network_ids(user))


@permission("events.edit")
def _edit_event(user: User, event) -> bool:
    return _manages_events_of(user, event.network)


@permission("events.rsvp")
def _rsvp_event(user: User, event) -> bool:
    """Answer going / not going; the service refuses once the event is over."""
    return _view_event(user, event)


@permission("events.mark_attendance")
def _mark_event_attendance(user: User, event) -> bool:
    """The organiser, the network's lead and staff mark who came and add the outcomes."""
    return event.organiser_id == user.id or _manages_events_of(user, event.network)


@permission("events.manage_years")
def _manage_school_years(user: User, _obj) -> bool:
    """School years and their holidays, shared by every network's cyclogram."""
    return is_staff(user)


# --- Loaders ----------------------------------------------------------------------------------


def event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)  # its network and host school in the same query
    return visible_or_404(event, "events.view")


def network_or_404(network_id: int) -> Network:
    network = db.session.get(Network, network_id)
    return visible_or_404(network, "events.view_network")
