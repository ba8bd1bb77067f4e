"""Following threads: who hears about every reply.

Posting in a thread follows it (a row with ``following`` true), unless the person unfollowed
it before: that choice is kept. The Follow button sets the state explicitly, not as a toggle,
so a stale second tab cannot flip it the wrong way.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import Thread, ThreadFollow


def _row(user, thread: Thread) -> ThreadFollow | None:
    return db.session.scalar(
        db.select(ThreadFollow).where(
            ThreadFollow.user_id == user.id, ThreadFollow.thread_id == thread.id
        )
    )


def is_following(user, thread: Thread) -> bool:
    row = _row(user, thread)
    return bool(row and row.following)


def _add(user, thread: Thread, following: bool) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(ThreadFollow(user_id=user.id, thread_id=thread.id, following=following))
    except IntegrityError:
        # The same person in another tab got there first: set the state on that row.
        row = _row(user, thread)
        if row is not None:
            row.following = following


def set_following(user, thread: Thread, following: bool) -> None:
    row = _row(user, thread)
    if row is None:
        _add(user, thread, following)
    else:
        row.following = following
    db.session.flush()


def record_participation(user, thread: Thread) -> None:
    """``user`` posted in ``thread``: follow it, unless they chose to unfollow it earlier."""
    if _row(user, thread) is None:
        _add(user, thread, True)


def follower_ids(thread: Thread) -> set[int]:
    return set(
        db.session.scalars(
            db.select(ThreadFollow.user_id).where(
                ThreadFollow.thread_id == thread.id, ThreadFollow.following.is_(True)
            )
        )
    )
