"""Forum tables: categories, threads, numbered posts and each reader's place in a thread.

Lists stay constant-time as posts grow: a thread carries its ``post_count`` (the number of its
last post) and ``last_post_at``, so pages never count posts; posts are addressed by their
``(thread_id, number)``, numbered 1..N without gaps (a deleted post keeps its number).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import utcnow
from ..extensions import db

#: Posts shown on one page of a thread.
POSTS_PER_PAGE = 20
#: Threads shown on one page of a category.
THREADS_PER_PAGE = 25


class ForumAction(AuditAction):
    """What the audit log records of the forum."""

    CREATE_CATEGORY = "forum.create_category", _l("Created a forum category")
    EDIT_CATEGORY = "forum.edit_category", _l("Edited a forum category")
    DELETE_POST = "forum.delete_post", _l("Deleted a post")
    HIDE_POST = "forum.hide_post", _l("Hid a post")
    UNHIDE_POST = "forum.unhide_post", _l("Showed a hidden post again")
    REPORT_POST = "forum.report_post", _l("Reported a post")
    UPHOLD_REPORTS = "forum.uphold_reports", _l("Upheld the reports on a post")
    DISMISS_REPORTS = "forum.dismiss_reports", _l("Dismissed the reports on a post")
    LOCK_THREAD = "forum.lock_thread", _l("Locked a thread")
    UNLOCK_THREAD = "forum.unlock_thread", _l("Unlocked a thread")
    PIN_THREAD = "forum.pin_thread", _l("Pinned a thread")
    UNPIN_THREAD = "forum.unpin_thread", _l("Unpinned a thread")
    MOVE_THREAD = "forum.move_thread", _l("Moved a thread to another category")


class Category(db.Model):
    """A place for threads: site-wide, or owned by a network or by one of its working groups."""

    __tablename__ = "forum_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Kept by ``services.create_thread`` and ``moderation.move_thread``, so the forum index
    #: never counts a category's threads.
    thread_count: Mapped[int] = mapped_column(default=0, server_default="0")

    network = relationship("Network", lazy="raise")
    group = relationship("WorkingGroup", lazy="raise")


class Thread(db.Model):
    __tablename__ = "forum_thread"
    __table_args__ = (
        Index("ix_forum_thread_listing", "category_id", "pinned", "last_post_at"),
        # Monitoring counts new threads per school and month: the period is a range of this
        # index, and the author is read from it without visiting the table.
        Index("ix_forum_thread_created_at", "created_at", "author_id"),
        # The forum index counts unread threads among those active lately.
        Index("ix_forum_thread_last_post_at", "last_post_at"),
        # One school's or one network's threads over a period: its people's, by date.
        Index("ix_forum_thread_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_category.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The number of the last post: posts are numbered 1..post_count, deleted ones included.
    post_count: Mapped[int] = mapped_column(default=0)
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    first_post_id: Mapped[int | None]
    last_post_id: Mapped[int | None]
    last_author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    category = relationship("Category", lazy="joined", innerjoin=True)
    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    last_author = relationship("User", foreign_keys=[last_author_id], lazy="raise")


class Post(db.Model):
    __tablename__ = "forum_post"
    __table_args__ = (
        UniqueConstraint("thread_id", "number"),
        # Monitoring counts posts and active members per school and month over a period: a
        # range of this index that also holds what the count reads (author, deleted or not).
        Index("ix_forum_post_created_at", "created_at", "author_id", "deleted_at"),
        # One school's or one network's posts over a period: a range per author, not every
        # post of the period (and the author's own posts, for deleting an account).
        Index("ix_forum_post_author_created", "author_id", "created_at", "deleted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("forum_thread.id", ondelete="CASCADE"))
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    #: ``innerjoin``: every post has its thread. An outer eager join would wrap the thread's own
    #: inner join to its category in a nested join, which SQLite materialises for every thread
    #: of the forum (a quarter of a second at 50,000 threads).
    thread = relationship("Thread", lazy="raise", innerjoin=True)
    author = relationship("User", foreign_keys=[author_id], lazy="raise")

    @property
    def page(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def author_name(self) -> str | None:
        """The name a post shows, as ``forum.services.list_posts`` selects it; None for a
        former member (the author is loaded with the post)."""
        return self.author.display_name if self.author else None


class ThreadRead(db.Model):
    """How far one person has read one thread: the highest post number they were shown."""

    __tablename__ = "forum_thread_read"
    __table_args__ = (UniqueConstraint("user_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_thread.id", ondelete="CASCADE"), index=True
    )
    last_read_number: Mapped[int] = mapped_column(default=0)


class ThreadFollow(db.Model):
    """Whether one person follows one thread. Posting in a thread adds a row (following); an
    explicit unfollow keeps its row with ``following`` false, so a later post does not undo it."""

    __tablename__ = "forum_thread_follow"
    __table_args__ = (UniqueConstraint("user_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("forum_thread.id", ondelete="CASCADE"), index=True
    )
    following: Mapped[bool] = mapped_column(default=True)
