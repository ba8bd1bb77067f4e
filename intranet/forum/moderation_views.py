"""Forum routes for moderation and writing aids: a post's edit history, reports and the
moderators' queue, moving a thread, and the server-side Markdown preview.

Like ``post_views.py``, each route answers htmx with a fragment to swap in place and a plain
browser with a page or a redirect, so everything works with JavaScript off. The functions are
registered on the blueprint in ``views.py``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.permissions import require
from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from ..core.htmx import render_page_or_fragment, wants_fragment
from ..core.navigation import requested_page
from . import moderation
from .access import category_or_404, post_or_404, thread_or_404
from .mentions import render_body
from .moderation_forms import (
    MoveThreadForm,
    PreviewForm,
    QueueDismissForm,
    QueueHideForm,
    ReportForm,
)
from .pages import page_window


def _post_url(post) -> str:
    return url_for(
        "forum.view_thread", thread_id=post.thread_id, page=post.page, _anchor=f"p{post.number}"
    )


# --- Edit history -----------------------------------------------------------------------------


def post_history(post_id: int):
    """Every earlier version of a post, for moderators."""
    post = post_or_404(post_id)
    require(current_user, "forum.moderate", post)
    return render_template(
        "forum/post_history.html",
        post=post,
        thread=post.thread,
        revisions=moderation.revisions_of(post),
    )


# --- Reports ----------------------------------------------------------------------------------


def report_post(post_id: int):
    """The report form: a page without JS, a dialog under the post with htmx."""
    post = post_or_404(post_id)
    require(current_user, "forum.report_post", post)
    thread = post.thread  # kept: a commit or rollback expires the post and its relationships
    form = ReportForm()
    performed = perform(
        form,
        lambda: moderation.report_post(post, current_user, form.reason.data, form.comment.data),
    )
    done = performed.outcome is not Outcome.INVALID
    already = isinstance(performed.refusal, moderation.AlreadyReported)
    if performed.refusal is not None:
        post = post_or_404(post_id)  # the rollback expired it
    elif request.method == "GET":
        already = moderation.has_open_report(post, current_user)
    if done and not wants_fragment():
        flash(_("Thank you. Moderators will look at the post."), "success")
        return redirect(_post_url(post))
    state = {"done": done, "already": already}
    return render_page_or_fragment(
        "forum/report_post.html",
        "forum/_report_form.html",
        post=post,
        thread=thread,
        form=form,
        **state,
    )


#: What ``forum/_report_row.html`` calls: a stored reason's text, a fresh one-time token.
_QUEUE_HELPERS = {"reason_label": moderation.reason_label, "new_form_token": new_form_token}


def report_queue():
    """Reported posts, the longest-waiting first, each with its reports and actions."""
    require(current_user, "forum.review_reports")
    listing = moderation.report_queue(current_user, requested_page())
    return render_template(
        "forum/report_queue.html",
        listing=listing,
        window=page_window(listing.page, listing.pages),
        **_QUEUE_HELPERS,
    )


def _queue_answer(post, message: str | None, error: str | None = None):
    """htmx: the queue row again (with an error) or a note in its place; a browser: the queue."""
    if wants_fragment():
        item = None if message else moderation.queue_item(post)
        return render_template(
            "forum/_report_row.html",
            item=item,
            post=post,
            message=message,
            error=error,
            **_QUEUE_HELPERS,
        )
    if message or error:
        flash(message or error, "success" if message else "error")
    return redirect(url_for("forum.report_queue"))


def hide_reported_post(post_id: int):
    post = post_or_404(post_id)
    require(current_user, "forum.review_reports", post)
    form = QueueHideForm()
    outcome, closed = perform(
        form, lambda: moderation.hide_reported_post(post, current_user, form.reason.data)
    )
    if outcome is Outcome.INVALID:
        return _queue_answer(post, None, _("Say which rule was broken."))
    if outcome is Outcome.REPEATED:
        return _queue_answer(post, _("Done."))
    message = ngettext(
        "The post is hidden; %(num)d report is closed.",
        "The post is hidden; %(num)d reports are closed.",
        closed,
    )
    return _queue_answer(post, message)


def dismiss_reports(post_id: int):
    post = post_or_404(post_id)
    require(current_user, "forum.review_reports", post)
    form = QueueDismissForm()
    outcome, closed = perform(
        form, lambda: moderation.dismiss_reports(post, current_user, form.reason.data or "")
    )
    if outcome is Outcome.INVALID:
        return _queue_answer(post, None)
    if outcome is Outcome.REPEATED:
        return _queue_answer(post, _("Done."))
    message = ngettext("%(num)d report is dismissed.", "%(num)d reports are dismissed.", closed)
    return _queue_answer(post, message)


# --- Moving threads ---------------------------------------------------------------------------


def move_thread(thread_id: int):
    thread = thread_or_404(thread_id)
    require(current_user, "forum.moderate", thread)
    form = MoveThreadForm()
    form.category.choices = [
        (category.id, category.title) for category in moderation.move_targets(current_user, thread)
    ]

    def move():
        target = category_or_404(form.category.data)  # one the moderator may not read: 404
        moderation.move_thread(thread, target, current_user, form.reason.data)
        return target

    outcome, target = perform(form, move)
    if outcome is Outcome.DONE:
        flash(_("The thread is moved to %(category)s.", category=target.title), "success")
    if outcome is not Outcome.INVALID:
        return redirect(url_for("forum.view_thread", thread_id=thread.id))
    return render_template("forum/move_thread.html", thread=thread, form=form)


# --- Preview ----------------------------------------------------------------------------------


def wants_preview() -> bool:
    """The "Preview" button of a writing form was pressed without JS (it submits the form)."""
    return request.method == "POST" and "preview" in request.form


def preview_of(text: str | None) -> str:
    """Sanitised HTML of ``text``, exactly as it would be stored (mentions included)."""
    return render_body(text or "")


def preview_markdown():
    """htmx: the Markdown of a writing form rendered on the server, as the post would show."""
    form = PreviewForm()
    if not form.validate_on_submit():
        return render_template("forum/_preview.html", preview=None, errors=form.body.errors)
    return render_template("forum/_preview.html", preview=preview_of(form.body.data))
