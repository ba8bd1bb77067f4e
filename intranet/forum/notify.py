"""What the forum tells people: replies in threads they follow, mentions, quotes of their
posts, and a moderator hiding their post. Calls the shared ``notifications`` service.

Everyone notified must be able to read the thread's category right now (``reader_clause``): a
mention of someone outside a network's category tells them nothing, not even that it exists.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..notifications.models import KIND_PRECEDENCE, NotificationKind
from ..notifications.services import notify, register_target
from . import follows, mentions
from .access import scope_for
from .models import Post, Thread

TARGET = "forum_post"

register_target(TARGET, lambda post_id: url_for("forum.view_post", post_id=post_id))


def _stronger(current: NotificationKind | None, new: NotificationKind) -> NotificationKind:
    if current is None:
        return new
    return min(current, new, key=KIND_PRECEDENCE.index)


def _quoted_authors(post_ids: list[int], actor) -> set[int]:
    """Authors of the quoted posts that the quoting person may read themselves."""
    if not post_ids:
        return set()
    quoted = db.session.scalars(
        db.select(Post).where(Post.id.in_(post_ids)).options(joinedload(Post.thread))
    )
    scope = scope_for(actor)
    return {
        post.author_id
        for post in quoted
        if post.author_id is not None and scope.allows(post.thread.category)
    }


def _send(thread: Thread, post: Post, actor, wanted: dict[int, NotificationKind], **extra):
    wanted.pop(getattr(actor, "id", None), None)
    readers = mentions.readers_among(thread, wanted)
    recipients = {user_id: kind for user_id, kind in wanted.items() if user_id in readers}
    return notify(
        recipients,
        actor=actor,
        target_type=TARGET,
        target_id=post.id,
        subject=thread.title,
        **extra,
    )


def _references(post: Post, actor) -> dict[int, NotificationKind]:
    refs = mentions.references(post.body)
    wanted: dict[int, NotificationKind] = {}
    for user_id in _quoted_authors(refs.quoted, actor):
        wanted[user_id] = NotificationKind.QUOTE
    for user_id in refs.mentioned:
        wanted[user_id] = _stronger(wanted.get(user_id), NotificationKind.MENTION)
    return wanted


def post_created(thread: Thread, post: Post, author) -> None:
    """A new thread or reply: its author follows the thread; followers, the mentioned and the
    quoted hear about it, each once, with the most specific kind (mention > quote > reply)."""
    follows.record_participation(author, thread)
    wanted = _references(post, author)
    if post.number > 1:
        for user_id in follows.follower_ids(thread):
            wanted[user_id] = _stronger(wanted.get(user_id), NotificationKind.REPLY)
    _send(thread, post, author, wanted)


def post_edited(thread: Thread, post: Post, editor) -> None:
    """An edit may add mentions or quotes: only people not told about this post yet hear."""
    _send(thread, post, editor, _references(post, editor))


def post_hidden(thread: Thread, post: Post, moderator, reason: str) -> None:
    """The author hears that a moderator hid their post, and why (each time it happens)."""
    if post.author_id is None:
        return
    wanted = {post.author_id: NotificationKind.HIDDEN}
    _send(thread, post, moderator, wanted, detail=reason, once=False)
