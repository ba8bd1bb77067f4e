"""Forum routes that change posts and threads: reply, record reading, edit, delete, moderate.

Each answers htmx with the fragment to swap in place and a plain browser with a redirect to the
post's anchor, so every action works with JavaScript off.
"""

from __future__ import annotations

from textwrap import shorten

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform, save
from ..core.htmx import wants_fragment
from ..core.pages import render_confirm_page
from ..core.params import int_arg
from ..core.search import plain_text
from . import moderation_views, services
from .access import post_or_404, thread_or_404
from .forms import DeletePostForm, EditPostForm, HideForm, ModerationForm, ReplyForm
from .pages import post_context, render_post, render_reply_form, render_thread_page

#: How much of a post the page that asks before deleting it quotes.
EXCERPT_CHARS = 200


def _post_url(post) -> str:
    return url_for(
        "forum.view_thread", thread_id=post.thread_id, page=post.page, _anchor=f"p{post.number}"
    )


def _invalid_reply(thread, form):
    """htmx: swap the form with its errors in place; no JS: the thread's last page with it."""
    if wants_fragment():
        response = make_response(render_reply_form(thread, form, oob=False))
        response.headers["HX-Retarget"] = "#reply-form"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    return render_thread_page(thread, services.thread_pages(thread), form)


def reply(thread_id: int):
    thread = thread_or_404(thread_id)
    require(current_user, "forum.post", thread)
    form = ReplyForm()
    if moderation_views.wants_preview():  # "Preview" without JS: the last page, text kept
        preview = moderation_views.preview_of(form.body.data)
        return render_thread_page(thread, services.thread_pages(thread), form, preview=preview)
    outcome, post = perform(
        form, lambda: services.reply(thread, current_user, form.body.data), field="body"
    )
    if outcome is Outcome.INVALID:
        return _invalid_reply(thread, form)
    if outcome is Outcome.REPEATED:
        if wants_fragment():
            return render_reply_form(thread, ReplyForm(formdata=None), oob=True)
        last_page = services.thread_pages(thread)
        return redirect(url_for("forum.view_thread", thread_id=thread.id, page=last_page))
    if not wants_fragment():
        return redirect(_post_url(post))
    fresh = ReplyForm(formdata=None)
    post = post_or_404(post.id)
    return render_post(post, post.thread) + render_reply_form(post.thread, fresh, oob=True)


def mark_read(thread_id: int):
    """Fired by htmx when a thread page has loaded: no state changes on GET."""
    thread = thread_or_404(thread_id)
    number = int_arg("number", low=0, source=request.form)
    if number is None:
        abort(400)
    save(lambda: services.mark_read(current_user, thread, number))
    return "", 204


def view_post(post_id: int):
    """A stable link to one post: its page of the thread, at its anchor."""
    return redirect(_post_url(post_or_404(post_id)))


def edit_post(post_id: int):
    post = post_or_404(post_id)
    require(current_user, "forum.edit_post", post)
    form = EditPostForm(data={"body": post.body} if request.method == "GET" else None)
    if moderation_views.wants_preview():
        preview = moderation_views.preview_of(form.body.data)
        return render_template(
            "forum/edit_post.html", post=post, form=form, thread=post.thread, preview=preview
        )
    outcome, _post = perform(form, lambda: services.edit_post(post, form.body.data, current_user))
    if outcome is not Outcome.INVALID:
        return _done(post)
    template = "forum/_edit_form.html" if wants_fragment() else "forum/edit_post.html"
    return render_template(template, post=post, form=form, thread=post.thread)


def _done(post):
    """After a change to one post: the post again for htmx, its anchor for a browser."""
    if wants_fragment():
        post = post_or_404(post.id)  # the commit expired it; load it again with its author
        return render_post(post, post.thread)
    return redirect(_post_url(post))


def delete_post(post_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST deletes."""
    post = post_or_404(post_id)
    if services.deleted_by_author(post, current_user):
        return _done(post)
    require(current_user, "forum.delete_post", post)
    form = DeletePostForm()
    if request.method == "GET":
        return render_confirm_page(
            form,
            question=_("Delete this post?"),
            confirm_label=_("Delete"),
            cancel_url=_post_url(post),
            excerpt=shorten(plain_text(post.body_html), EXCERPT_CHARS, placeholder=" …"),
        )
    perform(form, lambda: services.delete_post(post, current_user))
    return _done(post)


def hide_post(post_id: int):
    post = post_or_404(post_id)
    require(current_user, "forum.moderate", post)
    form = HideForm()
    outcome, _hidden = perform(
        form, lambda: services.hide_post(post, current_user, form.reason.data)
    )
    if outcome is Outcome.INVALID and not wants_fragment():
        flash(_("Say which rule was broken."), "error")
    return _done(post)


def unhide_post(post_id: int):
    post = post_or_404(post_id)
    require(current_user, "forum.moderate", post)
    form = ModerationForm()
    perform(form, lambda: services.unhide_post(post, current_user, form.reason.data or ""))
    return _done(post)


def moderate_thread(thread_id: int):
    thread = thread_or_404(thread_id)
    require(current_user, "forum.moderate", thread)
    action = request.form.get("action", "")
    if action not in services.THREAD_ACTIONS:
        abort(400)
    form = ModerationForm()
    perform(
        form, lambda: services.moderate_thread(thread, current_user, action, form.reason.data or "")
    )
    if wants_fragment():
        return render_template("forum/_thread_head.html", **post_context(thread))
    return redirect(url_for("forum.view_thread", thread_id=thread.id))
