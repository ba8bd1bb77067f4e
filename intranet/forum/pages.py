"""Rendering shared by several forum views: the thread page and the post partial.

``forum/_posts.html`` prints up to twenty posts a page, so what it prints of each post is worked
out here in one loop by :func:`post_views` and the template only prints strings: the links come
from patterns (``core.navigation.UrlPattern``), the dates from the remembered formatter of
``core.i18n``, and each button from the answer of the rule that allows it, asked of ``can`` for
each post.

A page's posts and an empty reply box are kept rendered (``core.fragments``). The key of a
page's posts is the printed view: :class:`PostView` holds exactly what the template prints of
a post for its reader, the template is given nothing else (besides words that follow the
language), and :func:`posts_key` is a digest of the page's views. So a change to a post, to its
author's name, to the reader's read mark or to any rule's answer is a new key, and readers who
are shown a page alike share one rendering. Nothing here assumes how a rule decides. To print
something new of a post, add a field to the view, fill it in :func:`post_views` (from a column
``services.list_posts`` selects) and print it: the key follows by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from ..accounts.models import User
from ..accounts.permissions import can
from ..core.forms import new_form_token
from ..core.fragments import HOLES, digest, fragments
from ..core.localformat import datetime_formatter
from ..core.navigation import UrlPattern
from ..core.params import int_arg
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
    """What the thread's head (``forum/_thread_head.html``) needs, when htmx swaps it alone."""
    return {
        "thread": thread,
        "moderator": can(current_user, "forum.moderate", thread),
        "token": new_form_token,
    }


@dataclass(frozen=True, slots=True)
class PostView:
    """One post exactly as ``forum/_posts.html`` prints it for one reader: every value the
    template shows or tests, and nothing else (its key is made of them, see :func:`posts_key`).
    Only strings, numbers, booleans and None, so that its ``repr`` shows them all. A link is
    None when the reader may not use it (or, for the history, when there is nothing to show);
    the text is None where it is not shown."""

    id: int
    number: int
    author: str
    created: str
    edited: bool
    new: bool
    deleted: bool
    hidden: bool
    #: The text, as stored HTML: None when deleted, or hidden from this reader.
    body_html: str | None
    #: Why a hidden post is hidden, for those who may show it again; else None.
    hidden_reason: str | None
    history_url: str | None
    quote_url: str | None
    quote_head: str | None
    edit_url: str | None
    delete_url: str | None
    #: Hide, or show again when hidden.
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
        "delete_question": _("Delete this post?"),
        "hide": _("Hide"),
        "show_again": _("Show again"),
        "reason": _("Reason"),
        "confirm": _("Confirm"),
        "report": _("Report"),
    }


@dataclass(frozen=True, slots=True)
class Reader:
    """The person reading a page of posts, with what is asked once a page rather than per post."""

    user: User
    #: ``forum.post``: the reply box is shown (a locked thread refuses the reply itself).
    may_reply: bool
    #: Quote buttons: replying is allowed and the thread is open.
    may_quote: bool
    #: Posts past this number are new to the reader.
    read_up_to: int

    @classmethod
    def of(cls, user, thread: Thread, read_up_to: int) -> Reader:
        may_reply = can(user, "forum.post", thread)
        return cls(user, may_reply, may_reply and not thread.locked, read_up_to)


def post_views(posts: Sequence, thread: Thread, reader: Reader) -> list[PostView]:
    """What ``forum/_posts.html`` prints of each of ``posts`` (``Post``s, or rows of
    ``services.list_posts``) for ``reader``. The posts are on one page of ``thread``, so every
    link is made from a pattern built once; every button is the answer of its rule."""
    user = reader.user
    links = _PostLinks.current()
    quote_link = _quote_link(thread, posts[0].number) if posts and reader.may_quote else None
    date = datetime_formatter("short")
    former_member = None
    views = []
    for post in posts:
        if post.author_name is None and former_member is None:
            former_member = _("Former member")
        deleted, hidden = post.deleted_at is not None, post.hidden_at is not None
        moderates = can(user, "forum.moderate", post)
        shown = not (deleted or hidden)
        revealed = hidden and not deleted and moderates  # to those who may show it again
        quotable = shown and reader.may_quote
        views.append(
            PostView(
                id=post.id,
                number=post.number,
                author=post.author_name or former_member,
                created=date(post.created_at) if post.created_at else "",
                edited=post.edited_at is not None,
                new=post.number > reader.read_up_to,
                deleted=deleted,
                hidden=hidden,
                body_html=post.body_html if shown or revealed else None,
                hidden_reason=post.hidden_reason if revealed else None,
                history_url=links.history(post.id) if moderates and post.edited_at else None,
                quote_url=quote_link(post.id) if quotable else None,
                quote_head=mentions.quote_head(post, links.post(post.id)) if quotable else None,
                edit_url=links.edit(post.id) if can(user, "forum.edit_post", post) else None,
                delete_url=links.delete(post.id) if can(user, "forum.delete_post", post) else None,
                moderate_url=(
                    (links.unhide if hidden else links.hide)(post.id)
                    if moderates and not deleted
                    else None
                ),
                report_url=links.report(post.id) if can(user, "forum.report_post", post) else None,
            )
        )
    return views


def posts_key(views: Sequence[PostView]) -> tuple:
    """The key of a page of posts kept rendered: a digest of what it prints. The language (and
    the prefix the app is served under) ``core.fragments`` adds itself."""
    return ("forum.posts", digest(tuple(views)))


def render_posts(posts: Sequence, thread: Thread, reader: Reader) -> Markup:
    """The HTML of ``posts`` for ``reader``, rendered once for everyone it prints the same for:
    the views are worked out for every response (no query, a few rules a post), the template
    rendered only for a view not seen before."""
    if not posts:
        return Markup("")
    views = post_views(posts, thread, reader)

    def render() -> str:
        return render_template("forum/_posts.html", views=views, labels=post_labels(), **HOLES)

    return fragments().render(posts_key(views), render)


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


@dataclass(frozen=True, slots=True)
class _PostLinks:
    """The links a post makes with its id alone, from patterns built once per application and
    prefix (as ``core.assets.static_url``): a page's views are worked out for every response,
    and Werkzeug takes some 20 µs to build one URL."""

    post: UrlPattern
    history: UrlPattern
    edit: UrlPattern
    delete: UrlPattern
    hide: UrlPattern
    unhide: UrlPattern
    report: UrlPattern

    @classmethod
    def current(cls) -> _PostLinks:
        known = current_app.extensions.setdefault("forum.post_links", {})
        links = known.get(request.script_root)
        if links is None:
            links = known[request.script_root] = cls(
                post=UrlPattern("forum.view_post", "post_id"),
                history=UrlPattern("forum.post_history", "post_id"),
                edit=UrlPattern("forum.edit_post", "post_id"),
                delete=UrlPattern("forum.delete_post", "post_id"),
                hide=UrlPattern("forum.hide_post", "post_id"),
                unhide=UrlPattern("forum.unhide_post", "post_id"),
                report=UrlPattern("forum.report_post", "post_id"),
            )
        return links


def _quote_link(thread: Thread, number: int) -> UrlPattern:
    """The Quote buttons' pattern on the page of post ``number``: the same page, quote filled."""
    page = services.page_of(number)
    return UrlPattern(
        "forum.view_thread", "quote", thread_id=thread.id, page=page, _anchor="reply-form"
    )


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
        **post_context(thread),
    )


def render_post(post: Post, thread: Thread, read_up_to: int | None = None) -> Markup:
    """The post partial alone, as htmx swaps it in place (not kept: it follows a change)."""
    read_up_to = post.number if read_up_to is None else read_up_to
    reader = Reader.of(current_user._get_current_object(), thread, read_up_to)
    html = render_template(
        "forum/_posts.html",
        views=post_views([post], thread, reader),
        labels=post_labels(),
        token=new_form_token,
    )
    return Markup(html)
