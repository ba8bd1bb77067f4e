"""Rendering shared by several forum views: the thread page and the post partial."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..accounts.permissions import can
from ..core.forms import new_form_token
from . import follows, mentions, services
from .forms import ReplyForm
from .models import Post, Thread


def page_window(page: int, pages: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around ``page``; None is a gap."""
    shown = {1, pages, *range(max(1, page - radius), min(pages, page + radius) + 1)}
    window: list[int | None] = []
    for number in sorted(shown):
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


def post_context(thread: Thread, read_up_to: int) -> dict:
    """What ``forum/_post.html`` needs beside the post itself."""
    return {
        "thread": thread,
        "read_up_to": read_up_to,
        "moderator": can(current_user, "forum.moderate", thread),
        "token": new_form_token,
        "quote_head": mentions.quote_head,
    }


def _quote(thread: Thread) -> str:
    """The reply box's text for ``?quote=<post id>`` (the Quote button without JS)."""
    post_id = request.args.get("quote", type=int)
    if post_id is None:
        return ""
    post = mentions.quotable_post(thread, post_id)
    return mentions.quote_markdown(post) if post is not None else ""


def render_thread_page(
    thread: Thread, page: int, form: ReplyForm | None = None, preview: str | None = None
):
    pages = services.thread_pages(thread)
    page = min(max(page, 1), pages)
    posts = services.list_posts(thread, page)
    read_up_to = services.last_read_number(current_user, thread)
    first_unread = services.first_unread_number(thread, read_up_to)
    shown_up_to = posts[-1].number if posts else 0
    return render_template(
        "forum/thread.html",
        posts=posts,
        page=page,
        pages=pages,
        window=page_window(page, pages),
        first_unread=first_unread,
        first_unread_page=services.page_of(first_unread) if first_unread else None,
        record_read=shown_up_to if shown_up_to > read_up_to else None,
        form=form or ReplyForm(formdata=None, data={"body": _quote(thread)}),
        preview=preview,
        following=follows.is_following(current_user, thread),
        can_reply=can(current_user, "forum.post", thread),
        **post_context(thread, read_up_to),
    )


def render_post(post: Post, thread: Thread, read_up_to: int | None = None) -> str:
    """The post partial alone, as htmx swaps it in place."""
    read_up_to = post.number if read_up_to is None else read_up_to
    return render_template("forum/_post.html", post=post, **post_context(thread, read_up_to))
