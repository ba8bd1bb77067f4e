"""Forum rules: reading lists in a fixed number of queries, numbering posts, moderating.

Plain functions over model objects: they validate, change, ``flush()`` and write the audit log;
the view commits once. Numbering: a reply locks its thread row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite every writing request already holds the write lock from ``BEGIN
IMMEDIATE``), so concurrent replies get consecutive numbers and none is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, and_, bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..core import audit
from ..core.db import read_rows, utcnow
from ..core.params import parse_int
from ..core.rules import RuleError
from ..extensions import db
from ..network.models import WorkingGroup
from . import notify
from .access import scope_for
from .mentions import render_body
from .models import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    Category,
    ForumAction,
    Post,
    Thread,
    ThreadFollow,
    ThreadRead,
)
from .moderation_models import PostRevision


class ForumError(RuleError):
    """A forum rule refused the change; ``str(error)`` is the translated message."""


THREAD_LOCKED = _l("This thread is locked: new replies are closed.")


@dataclass
class Page:
    """One page of a list: its rows and enough to draw numbered page links."""

    items: list
    page: int
    pages: int
    total: int


def page_count(total: int, per_page: int) -> int:
    return max(1, (total + per_page - 1) // per_page)


# --- Reading ----------------------------------------------------------------------------------


def visible_category_ids(user):
    """A SELECT of the ids of the categories ``user`` may read, for use inside other queries."""
    return db.select(Category.id).where(scope_for(user).clause())


def _read_join(user):
    return and_(ThreadRead.thread_id == Thread.id, ThreadRead.user_id == user.id)


#: The forum index counts as new the threads with posts the reader has not read among those
#: active in this window: the count stays cheap with years of threads, and a thread nobody wrote
#: in for a month is not news (the category's own list still marks it).
UNREAD_WINDOW = timedelta(days=30)


def list_categories(user) -> list[tuple[Category, int, int]]:
    """Visible categories with their thread count and how many threads active in the last
    ``UNREAD_WINDOW`` hold posts ``user`` has not read."""
    unread = (
        db.select(Thread.category_id, func.count(Thread.id).label("unread"))
        .outerjoin(ThreadRead, _read_join(user))
        .where(
            Thread.category_id.in_(visible_category_ids(user)),
            Thread.last_post_at >= utcnow() - UNREAD_WINDOW,
            func.coalesce(ThreadRead.last_read_number, 0) < Thread.post_count,
        )
        .group_by(Thread.category_id)
        .subquery()
    )
    query = (
        db.select(Category, Category.thread_count, func.coalesce(unread.c.unread, 0))
        .outerjoin(unread, unread.c.category_id == Category.id)
        .where(scope_for(user).clause())
        .options(joinedload(Category.network), joinedload(Category.group))
        .order_by(Category.archived, Category.position, Category.title, Category.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def shift_thread_count(category_id: int, by: int) -> None:
    """Change a category's ``thread_count`` in the database itself, so two requests that add
    threads at once both count."""
    db.session.execute(
        db.update(Category)
        .where(Category.id == category_id)
        .values(thread_count=Category.thread_count + by)
        .execution_options(synchronize_session=False)
    )


def recount_threads() -> None:
    """Set every category's ``thread_count`` from its threads (after a bulk load)."""
    db.session.execute(
        db.update(Category).values(
            thread_count=db.select(func.count(Thread.id))
            .where(Thread.category_id == Category.id)
            .scalar_subquery()
        )
    )


def list_threads(user, category: Category, page: int) -> Page:
    """Threads of ``category``, pinned first, then by latest post, with the reader's place (the
    page count comes from the category's kept ``thread_count``)."""
    total = category.thread_count
    pages = page_count(total, THREADS_PER_PAGE)
    page = min(max(page, 1), pages)
    query = (
        db.select(Thread, func.coalesce(ThreadRead.last_read_number, 0))
        .outerjoin(ThreadRead, _read_join(user))
        .where(Thread.category_id == category.id)
        .options(joinedload(Thread.author), joinedload(Thread.last_author))
        .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
        .limit(THREADS_PER_PAGE)
        .offset((page - 1) * THREADS_PER_PAGE)
    )
    rows = [tuple(row) for row in db.session.execute(query)]
    return Page(rows, page, pages, total)


def thread_pages(thread: Thread) -> int:
    return page_count(thread.post_count, POSTS_PER_PAGE)


#: Built once (see ``network.membership._MEMBER_NETWORK_IDS``): the thread page runs these two on
#: every view.
_PAGE_OF_POSTS = (
    db.select(
        Post.id,
        Post.number,
        Post.author_id,
        User.display_name.label("author_name"),
        Post.body_html,
        Post.created_at,
        Post.edited_at,
        Post.hidden_at,
        Post.hidden_reason,
        Post.deleted_at,
    )
    .outerjoin(User, User.id == Post.author_id)
    .where(Post.thread_id == bindparam("thread_id"))
    .where(Post.number.between(bindparam("first"), bindparam("last")))
    .order_by(Post.number)
)
_READER_STATE = db.select(
    db.select(ThreadRead.last_read_number)
    .where(
        ThreadRead.user_id == bindparam("user_id"),
        ThreadRead.thread_id == bindparam("thread_id"),
    )
    .scalar_subquery(),
    db.select(ThreadFollow.following)
    .where(
        ThreadFollow.user_id == bindparam("user_id"),
        ThreadFollow.thread_id == bindparam("thread_id"),
    )
    .scalar_subquery(),
)


def list_posts(thread: Thread, page: int) -> list[Row]:
    """Posts of one page, by number (never by counting rows), as plain rows: what a page of
    posts is printed from (``forum.pages.post_views``) and nothing more, the author's name
    joined in."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    params = {"thread_id": thread.id, "first": first, "last": first + POSTS_PER_PAGE - 1}
    return list(read_rows(_PAGE_OF_POSTS, params))


@dataclass(frozen=True, slots=True)
class ReaderState:
    """What a thread page needs to know of its reader: how far they read, whether they follow."""

    read_up_to: int
    following: bool


def reader_state(user, thread: Thread) -> ReaderState:
    """``user``'s read mark and follow state in ``thread``, both in one query."""
    params = {"user_id": user.id, "thread_id": thread.id}
    number, follows_it = read_rows(_READER_STATE, params).one()
    return ReaderState(number or 0, bool(follows_it))


def first_unread_number(thread: Thread, read_up_to: int) -> int | None:
    return read_up_to + 1 if read_up_to < thread.post_count else None


def page_of(number: int) -> int:
    return (number - 1) // POSTS_PER_PAGE + 1


# --- Writing ----------------------------------------------------------------------------------


def _new_post(thread: Thread, author, body: str, number: int) -> Post:
    post = Post(
        thread_id=thread.id,
        number=number,
        author_id=author.id,
        body=body,
        body_html=render_body(body),
    )
    db.session.add(post)
    db.session.flush()
    thread.post_count = number
    thread.last_post_at = post.created_at
    thread.last_post_id = post.id
    thread.last_author_id = author.id
    return post


def create_thread(category: Category, author, title: str, body: str) -> Thread:
    if category.archived:
        raise ForumError(_l("This category is archived: it takes no new threads."))
    thread = Thread(category_id=category.id, title=title.strip(), author_id=author.id)
    db.session.add(thread)
    db.session.flush()
    shift_thread_count(category.id, 1)
    post = _new_post(thread, author, body, 1)
    thread.first_post_id = post.id
    mark_read(author, thread, 1)
    notify.post_created(thread, post, author)
    db.session.flush()
    return thread


def reply(thread: Thread, author, body: str) -> Post:
    """Add the next post to ``thread``: its number is one more than the last, under a lock."""
    db.session.refresh(thread, with_for_update=True)
    if thread.locked:
        raise ForumError(THREAD_LOCKED)
    post = _new_post(thread, author, body, thread.post_count + 1)
    mark_read(author, thread, post.number)
    notify.post_created(thread, post, author)
    db.session.flush()
    return post


def mark_read(user, thread: Thread, number: int) -> None:
    """Remember that ``user`` has seen posts up to ``number`` (never moves backwards)."""
    number = min(max(number, 0), thread.post_count)
    marker = db.session.scalar(
        db.select(ThreadRead).where(
            ThreadRead.user_id == user.id, ThreadRead.thread_id == thread.id
        )
    )
    if marker is not None:
        marker.last_read_number = max(marker.last_read_number, number)
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                ThreadRead(user_id=user.id, thread_id=thread.id, last_read_number=number)
            )
    except IntegrityError:
        # Another tab of the same person recorded it a moment ago; the next view catches up.
        return


def edit_post(post: Post, body: str, editor=None) -> None:
    """Change the text; the previous version is kept for moderators (``PostRevision``)."""
    db.session.add(
        PostRevision(
            post_id=post.id,
            body=post.body,
            body_html=post.body_html,
            editor_id=editor.id if editor is not None else post.author_id,
        )
    )
    post.body = body
    post.body_html = render_body(body)
    post.edited_at = utcnow()
    db.session.flush()
    editor = editor or db.session.get(User, post.author_id)
    notify.post_edited(db.session.get(Thread, post.thread_id), post, editor)


def deleted_by_author(post: Post, user) -> bool:
    """``post`` was deleted by ``user``, its author: asking to delete it again (a second tap,
    a form sent again after Back) is answered with the post as it is, not refused."""
    return post.deleted_at is not None and post.author_id == user.id


def delete_post(post: Post, actor) -> None:
    """Soft delete: the post keeps its number and place; its text is no longer shown."""
    if post.deleted_at is None:
        post.deleted_at = utcnow()
        audit.record(ForumAction.DELETE_POST, post, actor=actor, detail=f"#{post.number}")
        db.session.flush()


def hide_post(post: Post, moderator, reason: str) -> None:
    post.hidden_at = utcnow()
    post.hidden_reason = reason.strip()
    post.hidden_by_id = moderator.id
    audit.record(ForumAction.HIDE_POST, post, actor=moderator, reason=post.hidden_reason)
    db.session.flush()
    thread = db.session.get(Thread, post.thread_id)
    notify.post_hidden(thread, post, moderator, post.hidden_reason)


def unhide_post(post: Post, moderator, reason: str) -> None:
    post.hidden_at = None
    post.hidden_reason = ""
    post.hidden_by_id = None
    audit.record(ForumAction.UNHIDE_POST, post, actor=moderator, reason=reason.strip())
    db.session.flush()


#: Moderator actions on a thread: name → (attribute, new value, what the audit log says).
THREAD_ACTIONS = {
    "lock": ("locked", True, ForumAction.LOCK_THREAD),
    "unlock": ("locked", False, ForumAction.UNLOCK_THREAD),
    "pin": ("pinned", True, ForumAction.PIN_THREAD),
    "unpin": ("pinned", False, ForumAction.UNPIN_THREAD),
}


def moderate_thread(thread: Thread, moderator, action: str, reason: str) -> None:
    attribute, value, audit_action = THREAD_ACTIONS[action]
    setattr(thread, attribute, value)
    audit.record(audit_action, thread, actor=moderator, reason=reason.strip())
    db.session.flush()


# --- Categories -------------------------------------------------------------------------------


def all_categories() -> list[Category]:
    query = (
        db.select(Category)
        .options(joinedload(Category.network), joinedload(Category.group))
        .order_by(Category.archived, Category.position, Category.title, Category.id)
    )
    return list(db.session.scalars(query))


def save_category(category: Category, actor, *, title, description, owner, position, archived):
    """Create or change a category. ``owner`` is "", "network:<id>" or "group:<id>"."""
    category.title = title.strip()
    category.description = (description or "").strip()
    category.position = position or 0
    category.archived = bool(archived)
    category.network_id, category.group_id = parse_owner(owner)
    new = category.id is None
    db.session.add(category)
    db.session.flush()
    audit.record(
        ForumAction.CREATE_CATEGORY if new else ForumAction.EDIT_CATEGORY,
        category,
        actor=actor,
        detail=category.title,
    )
    return category


def parse_owner(owner: str) -> tuple[int | None, int | None]:
    kind, _, value = (owner or "").partition(":")
    number = parse_int(value)
    if kind == "network" and number:
        return number, None
    if kind == "group" and number:
        group = db.session.get(WorkingGroup, number)
        if group is None:
            raise ForumError(_l("There is no such working group."))
        return group.network_id, group.id
    return None, None


def owner_value(category: Category) -> str:
    if category.group_id:
        return f"group:{category.group_id}"
    if category.network_id:
        return f"network:{category.network_id}"
    return ""
