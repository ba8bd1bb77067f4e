"""Rendering shared by several forum views: the thread page and the post partial.

``forum/_posts.html`` prints up to twenty posts a page, so what it needs per post (links,
permissions, the date) is worked out here in one loop by :func:`post_views` and the template
only prints strings: the links come from patterns built once a page (``core.navigation.
UrlPattern``), the dates from the remembered formatter of ``core.i18n``.

A page's posts and an empty reply box are kept rendered (``core.fragments``):
:func:`render_posts` keys them by the page's rows and the reader's :meth:`Reader.lens`, so
readers who see a page alike share one rendering and any change to a post is a new key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import render_template
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..accounts.models import User
from ..accounts.permissions import can
from ..core.forms import new_form_token
from ..core.fragments import HOLES, fragments
from ..core.i18n import format_datetime
from ..core.navigation import UrlPattern
from ..core.params import int_arg
from . import mentions, services
from .forms import ReplyForm
from .models import Post, Thread


class PostLike(Protocol):
    """A post as a page prints it: a ``Post``, or a row of ``services.list_posts``."""

    id: int
    number: int
    author_id: int | None
    author_name: str | None
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    hidden_at: datetime | None
    hidden_reason: str
    deleted_at: datetime | None


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
    """What the thread's head (``forum/_thread_head.html``) needs, when htmx swaps it alone."""
    return {
        "thread": thread,
        "moderator": can(current_user, "forum.moderate", thread),
        "token": new_form_token,
    }


@dataclass(frozen=True, slots=True)
class PostView:
    """One post as ``forum/_posts.html`` prints it. A link is None when the signed-in person may
    not use it (or, for the history, when there is nothing to show)."""

    post: PostLike
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


@dataclass(frozen=True, slots=True)
class Reader:
    """What a page of posts depends on of the person reading it. By the ``forum.*`` rules of
    ``accounts.permissions``, moderators see hidden posts and moderate, people who may post
    quote, authors edit and delete their own posts and report the others' (by the post's
    author and state alone), and the posts past the read mark are new."""

    user: User
    moderator: bool
    #: ``forum.post``: the reply box is shown (a locked thread refuses the reply itself).
    may_reply: bool
    #: Quote buttons: replying is allowed and the thread is open.
    may_quote: bool
    read_up_to: int

    @classmethod
    def of(cls, user, thread: Thread, read_up_to: int) -> Reader:
        moderator = can(user, "forum.moderate", thread)
        may_reply = can(user, "forum.post", thread)
        return cls(user, moderator, may_reply, may_reply and not thread.locked, read_up_to)

    def lens(self, posts: Sequence[PostLike]) -> tuple:
        """The part of this reader that ``posts`` look different to: two readers with the same
        lens see the same HTML. The reader's id counts only where they wrote one of the posts,
        the read mark only within the page."""
        own = any(post.author_id == self.user.id for post in posts)
        first, last = posts[0].number, posts[-1].number
        read = min(max(self.read_up_to, first - 1), last)
        return (self.moderator, self.may_quote, self.user.id if own else None, read)


def post_views(posts: Sequence[PostLike], thread: Thread, reader: Reader) -> list[PostView]:
    """What ``forum/_posts.html`` shows of each post, for ``reader``. The posts are on one page
    of ``thread``, so every link is made from a pattern built once."""
    user = reader.user
    links = _PostLinks(thread, services.page_of(posts[0].number)) if posts else None
    former_member = None
    views = []
    for post in posts:
        if post.author_name is None and former_member is None:
            former_member = _("Former member")
        shown = not (post.deleted_at or post.hidden_at)
        quotable = shown and reader.may_quote
        views.append(
            PostView(
                post=post,
                author=post.author_name or former_member,
                created=format_datetime(post.created_at, "short") if post.created_at else "",
                new=post.number > reader.read_up_to,
                history_url=(
                    links.history(post.id) if reader.moderator and post.edited_at else None
                ),
                quote_url=links.quote(post.id) if quotable else None,
                quote_head=mentions.quote_head(post, links.post(post.id)) if quotable else None,
                edit_url=links.edit(post.id) if can(user, "forum.edit_post", post) else None,
                delete_url=links.delete(post.id) if can(user, "forum.delete_post", post) else None,
                moderate_url=(
                    (links.unhide if post.hidden_at else links.hide)(post.id)
                    if reader.moderator and not post.deleted_at
                    else None
                ),
                report_url=links.report(post.id) if can(user, "forum.report_post", post) else None,
            )
        )
    return views


def render_posts(posts: Sequence[PostLike], thread: Thread, reader: Reader) -> Markup:
    """The HTML of ``posts`` for ``reader``, rendered once for everyone who sees it alike.

    The key is the page's rows themselves (every column printed, the author's name included),
    the reader's lens, the language and the time zone: an edit, a reply, a hidden post or a
    renamed author is a new key.
    """
    if not posts:
        return Markup("")
    key = (
        "forum.posts",
        str(get_timezone()),
        thread.id,
        reader.lens(posts),
        tuple(posts),
    )

    def render() -> str:
        return render_template(
            "forum/_posts.html",
            views=post_views(posts, thread, reader),
            labels=post_labels(),
            moderator=reader.moderator,
            **HOLES,
        )

    return fragments().render(key, render)


def render_reply_form(
    thread: Thread, form: ReplyForm, preview: str | None = None, *, oob: bool = False
) -> Markup:
    """The reply box: an empty one is the same for every reader of ``thread`` (kept rendered),
    one with text, errors or a preview is the reader's own."""

    def render(**tokens) -> str:
        return render_template(
            "forum/_reply_form.html", thread=thread, form=form, preview=preview, oob=oob, **tokens
        )

    if form.body.data or form.errors or preview:
        return Markup(render(form_token=form.form_token.data))
    return fragments().render(("forum.reply_form", thread.id, oob), lambda: render(**HOLES))


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
    post_id = int_arg("quote")
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
    state = services.reader_state(current_user, thread)
    reader = Reader.of(current_user._get_current_object(), thread, state.read_up_to)
    first_unread = services.first_unread_number(thread, state.read_up_to)
    shown_up_to = posts[-1].number if posts else 0
    return render_template(
        "forum/thread.html",
        posts_html=render_posts(posts, thread, reader),
        page=page,
        pages=pages,
        window=page_window(page, pages),
        first_unread=first_unread,
        first_unread_page=services.page_of(first_unread) if first_unread else None,
        record_read=shown_up_to if shown_up_to > state.read_up_to else None,
        reply_form=render_reply_form(
            thread, form or ReplyForm(formdata=None, data={"body": _quote(thread)}), preview
        ),
        following=state.following,
        can_reply=reader.may_reply,
        thread=thread,
        moderator=reader.moderator,
        token=new_form_token,
    )


def render_post(post: Post, thread: Thread, read_up_to: int | None = None) -> Markup:
    """The post partial alone, as htmx swaps it in place (not kept: it follows a change)."""
    read_up_to = post.number if read_up_to is None else read_up_to
    reader = Reader.of(current_user._get_current_object(), thread, read_up_to)
    html = render_template(
        "forum/_posts.html",
        views=post_views([post], thread, reader),
        labels=post_labels(),
        moderator=reader.moderator,
        token=new_form_token,
    )
    return Markup(html)
