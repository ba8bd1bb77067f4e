"""Loading event objects for a view with the visibility rule applied: an event or a network the
signed-in person may not see answers 404, exactly like one that does not exist."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..accounts.permissions import require
from ..extensions import db
from ..network.models import Network
from .models import Event


def event_or_404(event_id: int) -> Event:
    event = db.session.get(Event, event_id)  # its network and host school in the same query
    if event is None:
        abort(404)
    require(current_user, "events.view", event, hide=True)
    return event


def network_or_404(network_id: int) -> Network:
    network = db.session.get(Network, network_id)
    if network is None:
        abort(404)
    require(current_user, "events.view_network", network, hide=True)
    return network
