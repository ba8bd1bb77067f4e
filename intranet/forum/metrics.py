"""The forum on the monitoring pages: active members, forum posts and forum threads, per
author's school and per month of writing.

- ``active_members``: people who signed in or posted in the period, each counted once (only a
  person's latest sign-in is stored, so an earlier month counts the people who posted in it).
- ``forum_posts``: posts not deleted; ``forum_threads``: threads opened (no chart of their own).

Registered when the forum package is imported, like every feature's figures; the monitoring
registry does the grouping (``monitoring.metrics``). They open every monitoring table (the
network's general activity before each feature's figures), hence ``position=0``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, union_all

from ..accounts.models import User
from ..extensions import db
from ..monitoring.metrics import Metric, register
from .models import Post, Thread


def _active_members() -> Select:
    """People who signed in or posted in the forum in the period. Only a person's latest
    sign-in is stored, so an earlier month counts the people who posted in it."""
    sign_ins = db.select(
        User.school_id.label("school_id"),
        User.last_login_at.label("at"),
        User.id.label("item"),
    ).where(User.last_login_at.is_not(None))
    posts = (
        db.select(
            User.school_id.label("school_id"),
            Post.created_at.label("at"),
            User.id.label("item"),
        )
        .join(User, User.id == Post.author_id)
        .where(Post.deleted_at.is_(None))
    )
    return union_all(sign_ins, posts).subquery().select()


def _forum_posts() -> Select:
    return (
        db.select(
            User.school_id.label("school_id"),
            Post.created_at.label("at"),
            Post.id.label("item"),
        )
        .join(User, User.id == Post.author_id)
        .where(Post.deleted_at.is_(None))
    )


def _forum_threads() -> Select:
    return db.select(
        User.school_id.label("school_id"),
        Thread.created_at.label("at"),
        Thread.id.label("item"),
    ).join(User, User.id == Thread.author_id)


#: Before every other feature's figures (a metric's default position is 100).
FIRST = 0

ACTIVE_MEMBERS = register(
    Metric("active_members", _l("Active members"), _active_members, distinct=True, position=FIRST)
)
FORUM_POSTS = register(Metric("forum_posts", _l("Forum posts"), _forum_posts, position=FIRST))
FORUM_THREADS = register(
    Metric("forum_threads", _l("Forum threads"), _forum_threads, chart=False, position=FIRST)
)
