"""The notification list, its actions, and the header's unread count.

The count answers a conditional request: its ETag changes with the count and the newest unread
notification, and an unchanged badge costs one small query and an empty ``304 Not Modified``.
"""

from __future__ import annotations

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from ..core.actions import perform
from ..core.forms import new_form_token
from ..core.navigation import requested_page
from ..core.signin import members_only
from ..extensions import db
from . import services
from .forms import ReadForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


members_only(bp)  # notifications belong to their owner: nothing here is public


@bp.app_template_global()
def unread_notifications():
    """The signed-in person's unread state for the header badge (one query per page)."""
    return services.unread_state(current_user)


@bp.get("/")
def list_notifications():
    page = db.paginate(
        services.list_query(current_user),
        page=requested_page(),
        per_page=services.PER_PAGE,
        error_out=False,
    )
    return render_template(
        "notifications/list.html",
        page=page,
        target_url=services.target_url,
        token=new_form_token,
    )


@bp.get("/count")
def unread_count():
    state = services.unread_state(current_user)
    response = make_response(render_template("notifications/_badge.html", state=state))
    response.set_etag(state.etag(current_user.id), weak=True)
    return response.make_conditional(request)


@bp.post("/<int:notification_id>/open")
def open_notification(notification_id: int):
    notification = services.own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    perform(ReadForm(), lambda: services.mark_read(notification))
    return redirect(services.target_url(notification))


@bp.post("/read")
def mark_all_read():
    perform(ReadForm(), lambda: services.mark_all_read(current_user))
    return redirect(url_for(".list_notifications"))
