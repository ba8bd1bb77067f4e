"""Forum pages for reading and starting threads, and the table of every forum route.

The routes that act on posts and threads live in ``post_views.py``, the category management
in ``category_views.py``; their functions are registered here so the blueprint is defined once
and nothing imports back into this module.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..accounts.permissions import can, require
from ..core.actions import Outcome, perform
from ..core.htmx import render_page_or_fragment
from ..core.navigation import requested_page
from ..core.signin import members_only
from . import category_views, follow_views, moderation_views, post_views, search_views, services
from .access import category_or_404, thread_or_404
from .forms import ThreadForm
from .models import POSTS_PER_PAGE
from .pages import page_window, render_thread_page

bp = Blueprint("forum", __name__, url_prefix="/forum")


members_only(bp)  # the whole forum is for approved members: nothing here is public


@bp.get("/")
def index():
    rows = services.list_categories(current_user)
    return render_template(
        "forum/index.html",
        rows=rows,
        can_manage=can(current_user, "forum.manage_categories"),
    )


@bp.get("/c/<int:category_id>")
def view_category(category_id: int):
    category = category_or_404(category_id)
    listing = services.list_threads(current_user, category, requested_page())
    return render_page_or_fragment(  # "Load more" (htmx) gets the next page's rows alone
        "forum/category.html",
        "forum/_thread_rows.html",
        category=category,
        listing=listing,
        window=page_window(listing.page, listing.pages),
        can_create=can(current_user, "forum.create_thread", category),
        posts_per_page=POSTS_PER_PAGE,
    )


@bp.route("/c/<int:category_id>/new", methods=["GET", "POST"])
def create_thread(category_id: int):
    category = category_or_404(category_id)
    require(current_user, "forum.create_thread", category)
    form = ThreadForm()
    if moderation_views.wants_preview():  # "Preview" without JS: the page again, text kept
        preview = moderation_views.preview_of(form.body.data)
        return render_template(
            "forum/new_thread.html", category=category, form=form, preview=preview
        )
    outcome, thread = perform(
        form,
        lambda: services.create_thread(category, current_user, form.title.data, form.body.data),
        field="title",
    )
    if outcome is Outcome.DONE:
        return redirect(url_for(".view_thread", thread_id=thread.id))
    if outcome is Outcome.REPEATED:
        return redirect(url_for(".view_category", category_id=category.id))
    return render_template("forum/new_thread.html", category=category, form=form)


@bp.get("/t/<int:thread_id>")
def view_thread(thread_id: int):
    thread = thread_or_404(thread_id)
    return render_thread_page(thread, requested_page())


_ROUTES = [
    ("/t/<int:thread_id>/reply", post_views.reply, ["POST"]),
    ("/t/<int:thread_id>/read", post_views.mark_read, ["POST"]),
    ("/t/<int:thread_id>/moderate", post_views.moderate_thread, ["POST"]),
    ("/t/<int:thread_id>/follow", follow_views.toggle_follow, ["POST"]),
    ("/t/<int:thread_id>/mentions", follow_views.mention_candidates, ["GET"]),
    ("/p/<int:post_id>", post_views.view_post, ["GET"]),
    ("/p/<int:post_id>/edit", post_views.edit_post, ["GET", "POST"]),
    ("/p/<int:post_id>/delete", post_views.delete_post, ["GET", "POST"]),
    ("/p/<int:post_id>/hide", post_views.hide_post, ["POST"]),
    ("/p/<int:post_id>/unhide", post_views.unhide_post, ["POST"]),
    ("/search", search_views.search, ["GET"]),
    ("/categories", category_views.manage_categories, ["GET", "POST"]),
    ("/categories/<int:category_id>/edit", category_views.edit_category, ["GET", "POST"]),
    # Moderation and writing aids (moderation_views.py)
    ("/p/<int:post_id>/history", moderation_views.post_history, ["GET"]),
    ("/p/<int:post_id>/report", moderation_views.report_post, ["GET", "POST"]),
    ("/reports", moderation_views.report_queue, ["GET"]),
    ("/reports/<int:post_id>/hide", moderation_views.hide_reported_post, ["POST"]),
    ("/reports/<int:post_id>/dismiss", moderation_views.dismiss_reports, ["POST"]),
    ("/t/<int:thread_id>/move", moderation_views.move_thread, ["GET", "POST"]),
    ("/preview", moderation_views.preview_markdown, ["POST"]),
]
for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)
