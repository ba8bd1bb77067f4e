"""Creating, counting, listing and reading notifications. Plain functions; the view commits.

Features call ``notify``: they decide who may hear about an event (their own visibility rules),
this module drops the actor and anyone told about the same target already, and writes the rows.
``register_target`` lets a feature say where a target type links to, so this package never
imports a feature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for
from sqlalchemy import bindparam, func
from sqlalchemy.orm import joinedload

from ..core.db import read_rows, utcnow
from ..core.requestcache import by_user, per_request
from ..extensions import db
from .models import Notification, NotificationKind

#: Notifications on one page of the list.
PER_PAGE = 20

_TARGETS: dict[str, Callable[[int], str]] = {}


def register_target(target_type: str, link: Callable[[int], str]) -> None:
    """Say how to link to a target: ``link(target_id)`` returns a URL (called in a request)."""
    _TARGETS[target_type] = link


def target_url(notification: Notification) -> str:
    link = _TARGETS.get(notification.target_type)
    return link(notification.target_id) if link else url_for("home.home")


def notify(
    recipients: dict[int, NotificationKind],
    *,
    actor,
    target_type: str,
    target_id: int,
    subject: str = "",
    detail: str = "",
    once: bool = True,
) -> list[Notification]:
    """Tell each recipient (user id → kind) about ``target``.

    The actor is never told about their own action. With ``once`` a person who has a
    notification for this target already (an edited post that still mentions them) is not
    told again; without it (a post hidden a second time) they are.
    """
    actor_id = getattr(actor, "id", None)
    wanted = {user_id: kind for user_id, kind in recipients.items() if user_id != actor_id}
    if not wanted:
        return []
    told = set()
    if once:
        told = set(
            db.session.scalars(
                db.select(Notification.user_id).where(
                    Notification.target_type == target_type,
                    Notification.target_id == target_id,
                    Notification.user_id.in_(wanted),
                )
            )
        )
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            subject=subject[:200],
            detail=detail,
        )
        for user_id, kind in sorted(wanted.items())
        if user_id not in told
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


@dataclass(frozen=True)
class UnreadState:
    count: int
    newest_id: int | None

    def etag(self, user_id: int) -> str:
        """Changes whenever the count or the newest unread notification changes."""
        raw = f"{user_id}:{self.count}:{self.newest_id or 0}".encode()
        return hashlib.sha256(raw).hexdigest()[:20]


#: Built once: every signed-in page asks it for the header's badge.
_UNREAD_STATE = db.select(func.count(Notification.id), func.max(Notification.id)).where(
    Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
)


@per_request(key=by_user)
def unread_state(user) -> UnreadState:
    """How many unread notifications ``user`` has, in one query, once per request."""
    count, newest = read_rows(_UNREAD_STATE, {"user_id": user.id}).one()
    return UnreadState(count or 0, newest)


def unread_count(user) -> int:
    return unread_state(user).count


def list_query(user):
    """``user``'s notifications, newest first, with the actor in the same query."""
    return (
        db.select(Notification)
        .where(Notification.user_id == user.id)
        .options(joinedload(Notification.actor))
        .order_by(Notification.id.desc())
    )


def own_notification(user, notification_id: int) -> Notification | None:
    return db.session.scalar(
        db.select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        unread_state.forget()


def mark_all_read(user) -> int:
    result = db.session.execute(
        db.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    unread_state.forget()
    return result.rowcount or 0
