"""Loading forum objects for a view, with the visibility rule applied: what the signed-in
person may not read answers 404, exactly like what does not exist."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam
from sqlalchemy.orm import joinedload

from ..accounts.permissions import require
from ..extensions import db
from .models import Category, Post, Thread


def category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        abort(404)
    require(current_user, "forum.view_category", category, hide=True)
    return category


#: Built once, as the thread page's other statements (``services._PAGE_OF_POSTS``).
_THREAD = db.select(Thread).where(Thread.id == bindparam("thread_id"))


def thread_or_404(thread_id: int) -> Thread:
    thread = db.session.scalar(_THREAD, {"thread_id": thread_id})  # with its category, joined
    if thread is None:
        abort(404)
    require(current_user, "forum.view_category", thread.category, hide=True)
    return thread


def post_or_404(post_id: int) -> Post:
    post = db.session.scalar(
        db.select(Post)
        .where(Post.id == post_id)
        .options(joinedload(Post.thread), joinedload(Post.author))
    )
    if post is None:
        abort(404)
    require(current_user, "forum.view_category", post.thread.category, hide=True)
    return post
