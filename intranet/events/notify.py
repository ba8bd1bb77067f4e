"""Who hears about an event: its network's members when one is created by hand (generated
events are the network's known rhythm and notify nobody), and the people who said they are
going when its time or place changes."""

from __future__ import annotations

from flask import url_for

from ..accounts.models import User
from ..extensions import db
from ..notifications.models import NotificationKind
from ..notifications.services import notify, register_target
from .access import member_clause
from .models import Event, EventResponse

TARGET = "event"

register_target(TARGET, lambda event_id: url_for("events.view_event", event_id=event_id))


def new_event(event: Event, actor: User) -> int:
    members = db.session.scalars(db.select(User.id).where(member_clause(event.network_id)))
    rows = notify(
        dict.fromkeys(members, NotificationKind.EVENT),
        actor=actor,
        target_type=TARGET,
        target_id=event.id,
        subject=event.title,
    )
    return len(rows)


def event_changed(event: Event, actor: User) -> int:
    going = db.session.scalars(
        db.select(EventResponse.user_id).where(
            EventResponse.event_id == event.id, EventResponse.going.is_(True)
        )
    )
    rows = notify(
        dict.fromkeys(going, NotificationKind.EVENT_CHANGED),
        actor=actor,
        target_type=TARGET,
        target_id=event.id,
        subject=event.title,
        once=False,
    )
    return len(rows)
