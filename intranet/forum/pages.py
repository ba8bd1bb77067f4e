"""Rendering shared by several forum views: the thread page and the post partial.

``forum/_post.html`` is printed up to twenty times a page, so what it needs per post (links,
permissions, the date) is worked out here in one loop by :func:`post_views` and the template
only prints strings: ``url_for``, ``can`` and Babel cost far less from Python, with the request's
user, locale and time zone looked up once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from babel import dates
from flask import render_template, request, url_for
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
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


def post_context(thread: Thread) -> dict:
    """What the thread's head and ``forum/_post.html`` need beside the posts."""
    return {
        "thread": thread,
        "moderator": can(current_user, "forum.moderate", thread),
        "token": new_form_token,
    }


@dataclass(frozen=True, slots=True)
class PostView:
    """One post as ``forum/_post.html`` prints it. A link is None when the signed-in person may
    not use it (or, for the history, when there is nothing to show)."""

    post: Post
    author: str
    created: str
    new: bool
    history_url: str | None
    quote_url: str | None
    quote_head: str | None
    edit_url: str | None
    delete_url: str | None
    moderate_url: str | None
    report_url: str | None


def post_labels() -> dict[str, str]:
    """The words every post's header and buttons repeat, translated once per response."""
    return {
        "edited": _("edited"),
        "new": _("New"),
        "quote": _("Quote"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "hide": _("Hide"),
        "show_again": _("Show again"),
        "reason": _("Reason"),
        "confirm": _("Confirm"),
        "report": _("Report"),
    }


def datetime_formatter(format: str) -> Callable[[datetime], str]:
    """The ``datetime`` template filter (Flask-Babel's ``format_datetime``) for many values: the
    request's locale and time zone are looked up once. Naive values are UTC, as in Flask-Babel."""
    locale, tzinfo = get_locale(), get_timezone()
    return lambda value: dates.format_datetime(value, format, tzinfo=tzinfo, locale=locale)


def post_views(posts: Iterable[Post], thread: Thread, read_up_to: int) -> list[PostView]:
    """What ``forum/_post.html`` shows of each post, for the signed-in person."""
    user = current_user._get_current_object()
    moderator = can(user, "forum.moderate", thread)
    may_post = not thread.locked and can(user, "forum.post", thread)
    created = datetime_formatter("short")
    former_member = None
    views = []
    for post in posts:
        if post.author is None and former_member is None:
            former_member = _("Former member")
        shown = not (post.deleted_at or post.hidden_at)
        quotable = shown and may_post
        views.append(
            PostView(
                post=post,
                author=post.author.display_name if post.author else former_member,
                created=created(post.created_at) if post.created_at else "",
                new=post.number > read_up_to,
                history_url=(
                    url_for("forum.post_history", post_id=post.id)
                    if moderator and post.edited_at
                    else None
                ),
                quote_url=(
                    url_for(
                        "forum.view_thread",
                        thread_id=thread.id,
                        page=post.page,
                        quote=post.id,
                        _anchor="reply-form",
                    )
                    if quotable
                    else None
                ),
                quote_head=mentions.quote_head(post) if quotable else None,
                edit_url=(
                    url_for("forum.edit_post", post_id=post.id)
                    if can(user, "forum.edit_post", post)
                    else None
                ),
                delete_url=(
                    url_for("forum.delete_post", post_id=post.id)
                    if can(user, "forum.delete_post", post)
                    else None
                ),
                moderate_url=(
                    url_for(
                        "forum.unhide_post" if post.hidden_at else "forum.hide_post",
                        post_id=post.id,
                    )
                    if moderator and not post.deleted_at
                    else None
                ),
                report_url=(
                    url_for("forum.report_post", post_id=post.id)
                    if can(user, "forum.report_post", post)
                    else None
                ),
            )
        )
    return views


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
        views=post_views(posts, thread, read_up_to),
        labels=post_labels(),
        **post_context(thread),
    )


def render_post(post: Post, thread: Thread, read_up_to: int | None = None) -> str:
    """The post partial alone, as htmx swaps it in place."""
    read_up_to = post.number if read_up_to is None else read_up_to
    (view,) = post_views([post], thread, read_up_to)
    return render_template(
        "forum/_post.html", view=view, labels=post_labels(), **post_context(thread)
    )
