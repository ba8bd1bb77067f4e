"""One notification for one person: what happened (``kind``), who did it, and what it points at.

The table is generic: ``target_type``/``target_id`` name the object (a forum post today), and
``subject`` keeps a copy of its title so the list needs no join into the feature's tables.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum
from ..extensions import db


class NotificationKind(LabelledEnum):
    REPLY = "reply", _l("New reply")
    MENTION = "mention", _l("Mention")
    QUOTE = "quote", _l("Quote")
    HIDDEN = "hidden", _l("Post hidden")
    LESSON_TEAM = "lesson_team", _l("Added to a Lesson Study team")
    RES_APPROVED = "res_approved", _l("Resource approved")
    RES_REJECTED = "res_rejected", _l("Resource rejected")
    RES_CHANGES = "res_changes", _l("Changes requested")
    ESSAY_FEEDBACK = "essay_feedback", _l("Feedback on your essay")
    ESSAY_COMMENT = "essay_comment", _l("Comment on your essay")
    EVENT = "event", _l("New event")
    EVENT_CHANGED = "event_changed", _l("Event moved or changed")


#: When one event concerns a person in several ways, they get one notification of the kind
#: that comes first here (a reply that mentions you is a mention).
KIND_PRECEDENCE = (
    NotificationKind.HIDDEN,
    NotificationKind.MENTION,
    NotificationKind.QUOTE,
    NotificationKind.REPLY,
)


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        # The header's unread count and the list, newest first, for one person.
        Index("ix_notification_user_unread", "user_id", "read_at", "id"),
        Index("ix_notification_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int]
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    actor = relationship("User", foreign_keys=[actor_id], lazy="raise")
