"""Forum tables for keeping the forum civil: the earlier versions of edited posts and the
reports that members file against posts.

A ``PostRevision`` keeps the text a post had before one edit: moderators read the history, the
others only see the "edited" mark. A ``PostReport`` is open until a moderator hides the post
or dismisses it; one person has at most one open report on a post (a partial unique index).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import str_enum, utcnow
from ..extensions import db


class PostRevision(db.Model):
    """The text of a post as it was before an edit made at ``edited_at`` by ``editor``."""

    __tablename__ = "forum_post_revision"
    __table_args__ = (Index("ix_forum_post_revision_post", "post_id", "edited_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_post.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    editor = relationship("User", lazy="raise")


class ReportStatus(enum.Enum):
    OPEN = "open"
    #: A moderator hid the post.
    UPHELD = "upheld"
    #: A moderator found nothing wrong.
    DISMISSED = "dismissed"


#: The reason of a report that names no community rule; the others are rule numbers "1".."8".
OTHER_REASON = "other"


class PostReport(db.Model):
    """A member's complaint that a post breaks a community rule (or something else)."""

    __tablename__ = "forum_post_report"
    __table_args__ = (
        Index(
            "uq_forum_post_report_open",
            "post_id",
            "reporter_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_forum_post_report_queue", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_post.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    #: A community rule's number ("1".."8") or ``OTHER_REASON``.
    reason: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus), default=ReportStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    post = relationship("Post", lazy="raise")
    reporter = relationship("User", foreign_keys=[reporter_id], lazy="raise")
