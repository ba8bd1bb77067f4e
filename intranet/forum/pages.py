"""Rendering shared by several forum views: the thread page and the post partial.

``forum/_posts.html`` prints up to twenty posts a page, so what it needs per post (links,
permissions, the date) is worked out here in one loop by :func:`post_views` and the template
only prints strings: the links come from patterns built once a page (``core.navigation.
UrlPattern``), the dates from the remembered formatter of ``core.i18n``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import can
from ..core.forms import new_form_token
from ..core.i18n import format_datetime
from ..core.navigation import UrlPattern
from . import mentions, services
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
    """What the thread's head and ``forum/_posts.html`` need beside the posts."""
    return {
        "thread": thread,
        "moderator": can(current_user, "forum.moderate", thread),
        "token": new_form_token,
    }


@dataclass(frozen=True, slots=True)
class PostView:
    """One post as ``forum/_posts.html`` prints it. A link is None when the signed-in person may
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


def post_views(posts: Iterable[Post], thread: Thread, read_up_to: int) -> list[PostView]:
    """What ``forum/_posts.html`` shows of each post, for the signed-in person. The posts are
    on one page of ``thread``, so every link is made from a pattern built once."""
    posts = list(posts)
    user = current_user._get_current_object()
    moderator = can(user, "forum.moderate", thread)
    may_post = not thread.locked and can(user, "forum.post", thread)
    links = _PostLinks(thread, posts[0].page) if posts else None
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
                created=format_datetime(post.created_at, "short") if post.created_at else "",
                new=post.number > read_up_to,
                history_url=links.history(post.id) if moderator and post.edited_at else None,
                quote_url=links.quote(post.id) if quotable else None,
                quote_head=mentions.quote_head(post, links.post(post.id)) if quotable else None,
                edit_url=links.edit(post.id) if can(user, "forum.edit_post", post) else None,
                delete_url=links.delete(post.id) if can(user, "forum.delete_post", post) else None,
                moderate_url=(
                    (links.unhide if post.hidden_at else links.hide)(post.id)
                    if moderator and not post.deleted_at
                    else None
                ),
                report_url=links.report(post.id) if can(user, "forum.report_post", post) else None,
            )
        )
    return views


class _PostLinks:
    """The links of the posts on one page of a thread, each from a pattern."""

    def __init__(self, thread: Thread, page: int):
        self.quote = UrlPattern(
            "forum.view_thread", "quote", thread_id=thread.id, page=page, _anchor="reply-form"
        )
        self.post = UrlPattern("forum.view_post", "post_id")
        self.history = UrlPattern("forum.post_history", "post_id")
        self.edit = UrlPattern("forum.edit_post", "post_id")
        self.delete = UrlPattern("forum.delete_post", "post_id")
        self.hide = UrlPattern("forum.hide_post", "post_id")
        self.unhide = UrlPattern("forum.unhide_post", "post_id")
        self.report = UrlPattern("forum.report_post", "post_id")


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
    reader = services.reader_state(current_user, thread)
    read_up_to = reader.read_up_to
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
        following=reader.following,
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
        "forum/_posts.html", views=[view], labels=post_labels(), **post_context(thread)
    )
