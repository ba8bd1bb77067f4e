"""One notification for one person: what happened (``kind``), who did it, and what it points at.

The table is generic: ``target_type``/``target_id`` name the object (a forum post today), and
``subject`` keeps a copy of its title so the list needs no join into the feature's tables.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import str_enum, utcnow
from ..extensions import db


class NotificationKind(enum.StrEnum):
    REPLY = "reply"
    MENTION = "mention"
    QUOTE = "quote"
    HIDDEN = "hidden"
    LESSON_TEAM = "lesson_team"
    RES_APPROVED = "res_approved"
    RES_REJECTED = "res_rejected"
    RES_CHANGES = "res_changes"
    ESSAY_FEEDBACK = "essay_feedback"
    ESSAY_COMMENT = "essay_comment"
    EVENT = "event"
    EVENT_CHANGED = "event_changed"


#: When one event concerns a person in several ways, they get one notification of the kind
#: that comes first here (a reply that mentions you is a mention).
KIND_PRECEDENCE = (
    NotificationKind.HIDDEN,
    NotificationKind.MENTION,
    NotificationKind.QUOTE,
    NotificationKind.REPLY,
)

KIND_LABELS = {
    NotificationKind.REPLY: _l("New reply"),
    NotificationKind.MENTION: _l("Mention"),
    NotificationKind.QUOTE: _l("Quote"),
    NotificationKind.HIDDEN: _l("Post hidden"),
    NotificationKind.LESSON_TEAM: _l("Added to a Lesson Study team"),
    NotificationKind.RES_APPROVED: _l("Resource approved"),
    NotificationKind.RES_REJECTED: _l("Resource rejected"),
    NotificationKind.RES_CHANGES: _l("Changes requested"),
    NotificationKind.ESSAY_FEEDBACK: _l("Feedback on your essay"),
    NotificationKind.ESSAY_COMMENT: _l("Comment on your essay"),
    NotificationKind.EVENT: _l("New event"),
    NotificationKind.EVENT_CHANGED: _l("Event moved or changed"),
}


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

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])
